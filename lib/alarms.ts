/**
 * Alarms on scheduled functions. Nobody waits for a scheduled run's answer, so a failing
 * aggregation or release would otherwise go unnoticed until a manager sees stale figures or a
 * patient no SMS. Each scheduled function gets:
 *  - errors: any failed invocation (an exception or a timeout);
 *  - duration: a run that took most of its timeout, the warning before runs start timing out;
 *  - missed runs (rate schedules only): no invocation at all for three intervals in a row — the
 *    schedule is disabled, its role broken, or Lambda throttles it.
 *
 * Together these say whether the incremental aggregation's watermark advances: it is written at the
 * end of every successful run, so "runs happen and none fail" is "the watermark moves". What they
 * cannot see is a run that succeeds without moving it (a code fault); that would need the function to
 * publish the watermark's age as a metric.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ScheduleSpec } from '#shared/manifest.ts';

/** Share of the timeout a run may take before the duration alarm fires. */
export const DURATION_ALARM_FRACTION = 0.8;

/** Consecutive schedule intervals without an invocation before the missed-runs alarm fires. */
export const MISSED_RUN_INTERVALS = 3;

/** Period of the error and duration alarms: short enough to tell within minutes. */
const ALARM_PERIOD = Duration.minutes(5);

/**
 * The interval of a `rate(…)` expression, or undefined for `cron(…)`. A cron schedule's gaps are
 * uneven (nightly, skipped on the spring DST day), so no missed-runs alarm fits all of them.
 */
export function rateInterval(expression: string): Duration | undefined {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2]!.startsWith('minute') ? Duration.minutes(n) : m[2]!.startsWith('hour') ? Duration.hours(n) : Duration.days(n);
}

/** Properties of ScheduledFunctionAlarms. */
export interface ScheduledFunctionAlarmsProps {
  /** The schedule's manifest entry. */
  spec: ScheduleSpec;
  /** The scheduled function. */
  target: IFunction;
  /** The function's timeout. */
  timeout: Duration;
}

/** The alarms of one scheduled function; see the module comment. */
export class ScheduledFunctionAlarms extends Construct {
  /** In alarm after any failed invocation. */
  readonly errors: Alarm;
  /** In alarm after a run that took more than DURATION_ALARM_FRACTION of the timeout. */
  readonly duration: Alarm;
  /** In alarm after MISSED_RUN_INTERVALS intervals without an invocation; rate schedules only. */
  readonly missedRuns?: Alarm;

  constructor(scope: Construct, id: string, props: ScheduledFunctionAlarmsProps) {
    super(scope, id);
    const { spec, target, timeout } = props;

    this.errors = new Alarm(this, 'Errors', {
      alarmDescription: `The scheduled ${spec.function} function failed (an error or a timeout): ${spec.description}. Lambda retries an asynchronous invocation twice; see the function's log group.`,
      metric: target.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No invocation in the period is no error; missed runs have their own alarm.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const limit = Math.floor(timeout.toMilliseconds() * DURATION_ALARM_FRACTION);
    this.duration = new Alarm(this, 'Duration', {
      alarmDescription: `A run of the scheduled ${spec.function} function took over ${DURATION_ALARM_FRACTION * 100} % of its ${timeout.toSeconds()} s timeout; runs will soon time out.`,
      metric: target.metricDuration({ period: ALARM_PERIOD, statistic: 'Maximum' }),
      threshold: limit,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const interval = rateInterval(spec.expression);
    if (interval) {
      this.missedRuns = new Alarm(this, 'MissedRuns', {
        alarmDescription: `The scheduled ${spec.function} function (${spec.expression}) has not run for ${MISSED_RUN_INTERVALS} intervals: the schedule is disabled, its role cannot invoke the function, or Lambda throttles it.`,
        metric: target.metricInvocations({ period: interval, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: MISSED_RUN_INTERVALS,
        // Lambda publishes no datapoint for a period without invocations: that silence is the fault.
        treatMissingData: TreatMissingData.BREACHING,
      });
    }
  }
}
