import { loadConfig } from '#shared/config.ts';
import { openNewCases } from '#shared/cases/open-cases.ts';
import { arrivalSourceFromEnv, caseEventsFromEnv, caseStoreFromEnv } from '#shared/cases/ports-from-env.ts';
import { clock, eventHandler, handlingOf, logger } from '#shared/platform/index.ts';

const deps = {
  cases: caseStoreFromEnv(),
  arrivals: arrivalSourceFromEnv(),
  events: caseEventsFromEnv(),
  clock: clock(),
  handling: handlingOf(loadConfig().org),
};

/** Scheduled each minute: opens a case for every newly arrived answer with free text or a contact request; logs counts only. */
export const handler = eventHandler(async () => {
  const result = await openNewCases(deps);
  logger.info('cases opened', { ...result });
  return result;
});
