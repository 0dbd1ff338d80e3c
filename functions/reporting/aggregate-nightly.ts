import { loadConfig } from '#shared/config.ts';
import { aggregateRecentDays } from '#shared/reporting/aggregate.ts';
import { eventHandler, logger } from '#shared/platform/index.ts';
import { aggregateDepsFromEnv } from '#shared/reporting/store-from-env.ts';

const deps = aggregateDepsFromEnv(loadConfig());

/** Scheduled nightly: recomputes every unit's last two days, whatever the arrival index said. */
export const handler = eventHandler(async () => {
  const result = await aggregateRecentDays(deps, 2);
  logger.info('nightly aggregation', { ...result });
  return result;
});
