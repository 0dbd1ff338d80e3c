import { loadConfig } from '#shared/config.ts';
import { remindCases } from '#shared/cases/case-jobs.ts';
import { caseEventsFromEnv, caseMailerFromEnv, caseStoreFromEnv } from '#shared/cases/ports-from-env.ts';
import { clock, eventHandler, handlingOf, logger, PUBLIC_BASE_URL_ENV, requireEnv } from '#shared/platform/index.ts';

const config = loadConfig();
const deps = {
  config,
  cases: caseStoreFromEnv(),
  mailer: caseMailerFromEnv(),
  events: caseEventsFromEnv(),
  clock: clock(),
  handling: handlingOf(config.org),
};

/** Scheduled each morning: reminders for cases soon due, escalation of cases past due; logs counts only. */
export const handler = eventHandler(async () => {
  // Read per run: locally the origin is known only once the stack listens.
  const baseUrl = requireEnv(PUBLIC_BASE_URL_ENV, 'origin of the workbench links').replace(/\/$/, '');
  const result = await remindCases({ ...deps, baseUrl });
  logger.info('case reminders', { ...result });
  return result;
});
