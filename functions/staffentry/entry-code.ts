import { loadConfig } from '#shared/config.ts';
import { assertCanSee, callerOrgNodes, clock, httpHandler, replyOf } from '#shared/platform/index.ts';
import type { staffEntryContracts } from '#shared/staffentry/contracts.ts';
import { makeEntryCode } from '#shared/staffentry/staff-entry.ts';
import { staffEntryStoreFromEnv } from '#shared/staffentry/store-from-env.ts';

const deps = { config: loadConfig(), store: staffEntryStoreFromEnv(), clock: clock() };
const reply = replyOf<(typeof staffEntryContracts)['POST /api/units/{unitId}/entry-code']>();

/**
 * `POST /api/units/{unitId}/entry-code` (scope `cases:write`): a handler of the unit (or a node above
 * it) makes the unit's new staff entry code → `201 { code }`, answered once and never logged.
 */
export const handler = httpHandler(async (event) => {
  const unitId = event.pathParameters?.unitId ?? '';
  // A known unit is checked against the caller's org nodes first; an unknown one gets the use case's 404.
  if (deps.config.org.unit(unitId)) {
    assertCanSee(deps.config.org, callerOrgNodes(event, deps.config.org), unitId, {
      path: 'unitId',
      message: 'You may make entry codes only for units you hold.',
    });
  }
  return reply(201, { code: await makeEntryCode(deps, unitId) });
});
