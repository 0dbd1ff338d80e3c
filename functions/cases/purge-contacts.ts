import { purgeContacts } from '#shared/cases/case-jobs.ts';
import { caseStoreFromEnv, contactVaultFromEnv } from '#shared/cases/ports-from-env.ts';
import { clock, eventHandler, logger } from '#shared/platform/index.ts';

const deps = { cases: caseStoreFromEnv(), vault: contactVaultFromEnv(), clock: clock() };

/** Scheduled nightly: erases contact details past their retention after the case closed; logs counts only. */
export const handler = eventHandler(async () => {
  const result = await purgeContacts(deps);
  logger.info('contact purge', { ...result });
  return result;
});
