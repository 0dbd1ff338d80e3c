/**
 * Metrics as CloudWatch Embedded Metric Format: one JSON line with an `_aws` block that names the
 * namespace, the dimensions and the metrics; CloudWatch Logs turns it into metrics, no API call and
 * no agent. Written like the logger's lines (stdout, tagged with function and request) and carrying
 * only counts and durations. Handlers record what a use case returned; the domain core never emits.
 */
import { invocationFields, writeLine } from './logger.ts';

/** The CloudWatch namespace of every metric of the system. */
export const METRICS_NAMESPACE = 'Palaute';

/** Units used here, as CloudWatch names them. */
export type MetricUnit = 'Count' | 'Seconds';

/** One metric value. */
export interface Metric {
  name: string;
  value: number;
  unit: MetricUnit;
}

/**
 * The EMF document for metrics that share dimensions. Every metric is dimensioned by `function`;
 * extra dimensions (e.g. `channel`) get a second set without the function, so a total across
 * functions (answers by channel, whichever entry point stored them) is one metric, not a sum.
 */
export function emfDocument(
  metrics: readonly Metric[],
  dimensions: Readonly<Record<string, string>>,
  fields: { function: string; requestId: string | null },
  timestamp: number,
): Record<string, unknown> {
  const extra = Object.keys(dimensions).filter((k) => k !== 'function');
  const sets = extra.length ? [['function', ...extra], extra] : [['function']];
  const doc: Record<string, unknown> = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        { Namespace: METRICS_NAMESPACE, Dimensions: sets, Metrics: metrics.map((m) => ({ Name: m.name, Unit: m.unit })) },
      ],
    },
    ...dimensions,
    function: fields.function,
    requestId: fields.requestId,
  };
  for (const m of metrics) doc[m.name] = m.value;
  return doc;
}

/** Emits metrics as one EMF line on stdout, dimensioned by the running function and `dimensions`. */
export function putMetrics(metrics: readonly Metric[], dimensions: Readonly<Record<string, string>> = {}): void {
  if (!metrics.length) return;
  writeLine(JSON.stringify(emfDocument(metrics, dimensions, invocationFields(), Date.now())));
}
