import { loadConfig } from '#shared/config.ts';
import { contactKeysFromEnv } from '#shared/contacts/index.ts';
import type { feedbackContracts } from '#shared/feedback/contracts.ts';
import { submitFeedback } from '#shared/feedback/submit-feedback.ts';
import { recordAnswerStored } from '#shared/feedback/metrics.ts';
import { assertCanSee, callerOrgNodes, clock, httpHandler, jsonBody, replyOf } from '#shared/platform/index.ts';
import { feedbackStoreFromEnv } from '#shared/feedback/store-from-env.ts';

const deps = { config: loadConfig(), store: feedbackStoreFromEnv(), clock: clock(), contactKeys: contactKeysFromEnv() };
const reply = replyOf<(typeof feedbackContracts)['POST /api/feedback/entries']>();

/**
 * `POST /api/feedback/entries` (scope `feedback:enter`): a staff member types in paper or oral
 * feedback for a unit their token holds (or a node above it) → `201 { id }`. Only here may an answer
 * be marked assisted or carry the time it was given; the public route refuses both.
 */
export const handler = httpHandler(async (event) => {
  const body = jsonBody(event);
  const unitId = (body as { unitId?: unknown } | null)?.unitId;
  // A known unit is checked against the caller's org nodes before the answer is, so nobody can enter
  // feedback for a unit they do not work for; an unknown or missing one gets the use case's 404/400.
  if (typeof unitId === 'string' && deps.config.org.node(unitId)) {
    assertCanSee(deps.config.org, callerOrgNodes(event, deps.config.org), unitId, {
      path: 'unitId',
      message: 'You may enter feedback only for units you hold.',
    });
  }
  const key = event.headers?.['idempotency-key'];
  const result = await submitFeedback(deps, body, { entry: 'staff', ...(key === undefined ? {} : { idempotencyKey: key }) });
  if (result.created) recordAnswerStored(result.channel);
  return reply(201, { id: result.id }, result.created ? {} : { 'idempotent-replayed': 'true' });
});
