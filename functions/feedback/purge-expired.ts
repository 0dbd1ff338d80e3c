import { loadConfig } from '#shared/config.ts';
import { clock, eventHandler, logger } from '#shared/platform/index.ts';
import { recordPurge } from '#shared/feedback/metrics.ts';
import { purgeExpired } from '#shared/feedback/purge-expired.ts';
import { feedbackStoreFromEnv } from '#shared/feedback/store-from-env.ts';

const deps = { config: loadConfig(), feedback: feedbackStoreFromEnv(), clock: clock() };

/** Scheduled nightly: deletes answers past retention and expired idempotency records; logs and records counts only. */
export const handler = eventHandler(async () => {
  const result = await purgeExpired(deps);
  logger.info('retention purge', { ...result });
  recordPurge(result);
  return result;
});
