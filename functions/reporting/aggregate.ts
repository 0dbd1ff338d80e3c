import { loadConfig } from '#shared/config.ts';
import { aggregateNewAnswers } from '#shared/reporting/aggregate.ts';
import { eventHandler, logger } from '#shared/platform/index.ts';
import { aggregateDepsFromEnv } from '#shared/reporting/store-from-env.ts';
import { recordWatermarkAge } from '#shared/reporting/metrics.ts';

const deps = aggregateDepsFromEnv(loadConfig());

/** Scheduled every 15 minutes: recomputes the NPS snapshots touched by newly arrived answers. */
export const handler = eventHandler(async () => {
  const result = await aggregateNewAnswers(deps);
  logger.info('aggregation', { ...result });
  recordWatermarkAge(result.watermark, deps.clock.now());
  return result;
});
