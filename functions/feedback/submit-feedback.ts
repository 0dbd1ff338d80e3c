import { loadConfig } from '#shared/config.ts';
import { contactKeysFromEnv } from '#shared/contacts/index.ts';
import type { feedbackContracts } from '#shared/feedback/contracts.ts';
import { submitFeedback } from '#shared/feedback/submit-feedback.ts';
import { recordAnswerStored } from '#shared/feedback/metrics.ts';
import { clock, httpHandler, jsonBody, replyOf } from '#shared/platform/index.ts';
import { feedbackStoreFromEnv } from '#shared/feedback/store-from-env.ts';

const deps = { config: loadConfig(), store: feedbackStoreFromEnv(), clock: clock(), contactKeys: contactKeysFromEnv() };
const reply = replyOf<(typeof feedbackContracts)['POST /api/feedback']>();

/**
 * `POST /api/feedback`: stores one answer → `201 { id }`. With an `Idempotency-Key` header a retry
 * replays the first response (same id, marked `idempotent-replayed: true`) and stores nothing new.
 * The use case checks the body with the contract's schema (`feedbackInputSchema`), shared with the form.
 */
export const handler = httpHandler(async (event) => {
  const body = jsonBody(event);
  const key = event.headers?.['idempotency-key'];
  const result = await submitFeedback(deps, body, key === undefined ? {} : { idempotencyKey: key });
  if (result.created) recordAnswerStored(result.channel);
  return reply(201, { id: result.id }, result.created ? {} : { 'idempotent-replayed': 'true' });
});
