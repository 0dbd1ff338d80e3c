import { purgeContacts } from '#shared/cases/case-jobs.ts';
import { caseStoreFromEnv, contactVaultFromEnv } from '#shared/cases/ports-from-env.ts';
import { purgeExpiredCases } from '#shared/cases/purge-expired-cases.ts';
import { loadConfig } from '#shared/config.ts';
import { clock, eventHandler, logger } from '#shared/platform/index.ts';

const deps = { config: loadConfig(), cases: caseStoreFromEnv(), vault: contactVaultFromEnv(), clock: clock() };

/**
 * Scheduled nightly: deletes the cases past the answers' retention (their contacts with them), then
 * erases contact details past their retention after the case closed; logs counts only.
 */
export const handler = eventHandler(async () => {
  const expired = await purgeExpiredCases(deps);
  const result = { ...(await purgeContacts(deps)), ...expired };
  logger.info('case purge', { ...result });
  return result;
});
