/** The reporting feature's metrics, recorded by the aggregation handler from what the run returned. */
import { putMetrics } from '../platform/index.ts';

/** Name of the watermark's age after an incremental aggregation run, in seconds. */
export const WATERMARK_AGE_METRIC = 'AggregationWatermarkAge';

/**
 * Seconds between `now` and the aggregation watermark: how far behind the reports may be. After a
 * healthy run it is about the run's own duration (the watermark is the run's start); a run that fails
 * records nothing, so an alarm on it should treat missing data as breaching.
 */
export function watermarkAgeSeconds(watermark: string, now: Date): number {
  return Math.max(0, (now.getTime() - Date.parse(watermark)) / 1000);
}

/** Records the watermark's age after a run. */
export function recordWatermarkAge(watermark: string, now: Date): void {
  putMetrics([{ name: WATERMARK_AGE_METRIC, value: watermarkAgeSeconds(watermark, now), unit: 'Seconds' }]);
}
