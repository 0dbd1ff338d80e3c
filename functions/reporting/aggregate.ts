import { loadConfig } from '#shared/config.ts';
import { aggregateNewAnswers } from '#shared/reporting/aggregate.ts';
import { clock, eventHandler, logger } from '#shared/platform/index.ts';
import { aggregateStoreFromEnv } from '#shared/reporting/store-from-env.ts';
import { recordWatermarkAge } from '#shared/reporting/metrics.ts';
import { feedbackStoreFromEnv } from '#shared/feedback/index.ts';

const deps = { config: loadConfig(), feedback: feedbackStoreFromEnv(), store: aggregateStoreFromEnv(), clock: clock() };

/** Scheduled every 15 minutes: recomputes the NPS snapshots touched by newly arrived answers. */
export const handler = eventHandler(async () => {
  const result = await aggregateNewAnswers(deps);
  logger.info('aggregation', { ...result });
  recordWatermarkAge(result.watermark, deps.clock.now());
  return result;
});
