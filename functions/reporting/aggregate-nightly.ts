import { loadConfig } from '#shared/config.ts';
import { aggregateRecentDays } from '#shared/reporting/aggregate.ts';
import { clock, eventHandler, logger } from '#shared/platform/index.ts';
import { aggregateStoreFromEnv } from '#shared/reporting/store-from-env.ts';
import { feedbackStoreFromEnv } from '#shared/feedback/index.ts';

const deps = { config: loadConfig(), feedback: feedbackStoreFromEnv(), store: aggregateStoreFromEnv(), clock: clock() };

/** Scheduled nightly: recomputes every unit's last two days, whatever the arrival index said. */
export const handler = eventHandler(async () => {
  const result = await aggregateRecentDays(deps, 2);
  logger.info('nightly aggregation', { ...result });
  return result;
});
