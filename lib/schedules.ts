/**
 * Manifest schedules as EventBridge Scheduler schedules in Helsinki time, each invoking its
 * function through a role of its own that may invoke that one function and nothing else.
 *
 * Daylight saving time: Scheduler evaluates a cron expression in the schedule's time zone. A time
 * that does not exist on the spring-forward day (in Helsinki 03:00–03:59 on the last Sunday of
 * March) is skipped that day, and a time that occurs twice in autumn (also 03:00–03:59) runs once.
 * Rate schedules run at a fixed interval regardless.
 */
import { Aws, TimeZone, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Schedule,
  ScheduleExpression,
  TimeWindow,
  type IScheduleTarget,
  type ISchedule,
  type ScheduleTargetConfig,
} from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { ScheduleSpec } from '#shared/manifest.ts';

/** The manifest names time zones as IANA ids; Scheduler wants CDK's TimeZone. */
const TIME_ZONES: Record<ScheduleSpec['timezone'], TimeZone> = { 'Europe/Helsinki': TimeZone.EUROPE_HELSINKI };

/**
 * Scheduler's retries when it cannot hand the event to Lambda (throttling, a service error). The
 * invocation is asynchronous, so the function's own failures are Lambda's retries, not these. A
 * missed release or aggregation run is made good by the next one, so retries stay few and give up
 * within four minutes, before the next run of the shortest (5-minute) schedule is due.
 */
export const SCHEDULE_RETRY = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 240 } as const;

/**
 * The retries of one schedule: SCHEDULE_RETRY, except for a rate shorter than its four minutes (the
 * case opener's minute), which gets none — Scheduler keeps an event at least 60 seconds, so any retry
 * could land on the next run, and that next run is the retry (it reads back past its watermark).
 */
export function scheduleRetry(expression: string): { maximumRetryAttempts: number; maximumEventAgeInSeconds: number } {
  const rate = /^rate\((\d+) minutes?\)$/.exec(expression);
  if (rate && Number(rate[1]) * 60 <= SCHEDULE_RETRY.maximumEventAgeInSeconds)
    return { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 };
  return SCHEDULE_RETRY;
}

/**
 * Checks a schedule expression at synth, because Scheduler rejects a bad one only at deploy time:
 * `rate(<n> minute(s)|hour(s)|day(s))`, or `cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)`
 * with six fields of which exactly one of day-of-month and day-of-week is `?`.
 */
export function checkScheduleExpression(expression: string): string {
  if (/^rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\)$/.test(expression)) return expression;
  const cron = /^cron\((.+)\)$/.exec(expression);
  const fields = cron?.[1]?.split(' ') ?? [];
  if (fields.length === 6 && fields.every((f) => /^[0-9A-Z*?,/#-]+$/.test(f)) && (fields[2] === '?') !== (fields[4] === '?'))
    return expression;
  throw new Error(
    `Schedule expression "${expression}" is invalid: use rate(<n> minutes|hours|days) or cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>) with exactly one of day-of-month and day-of-week "?" (EventBridge Scheduler format)`,
  );
}

/** Properties of a ManifestSchedule. */
export interface ManifestScheduleProps {
  spec: ScheduleSpec;
  /** The function the schedule invokes. */
  target: IFunction;
}

/** One manifest schedule and its invoking role. */
export class ManifestSchedule extends Construct {
  /** The EventBridge Scheduler schedule. */
  readonly schedule: Schedule;
  /** The role Scheduler assumes to invoke the function. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ManifestScheduleProps) {
    super(scope, id);
    const { spec, target } = props;

    // Confused-deputy guard: only this account's schedules in the default group may assume the role.
    this.role = new Role(this, 'Role', {
      description: `EventBridge Scheduler: invokes only the ${spec.function} function`,
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Aws.ACCOUNT_ID,
            'aws:SourceArn': `arn:${Aws.PARTITION}:scheduler:${Aws.REGION}:${Aws.ACCOUNT_ID}:schedule-group/default`,
          },
        },
      }),
    });
    // Not IFunction.grantInvoke: that also allows every version and alias (`<arn>:*`), which
    // Scheduler never calls here.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }),
    );

    Validations.of(this.role).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason: `This role's only statement is lambda:InvokeFunction on the ${spec.function} function, generated for this one schedule. A managed policy would be reused by nobody and would version what git and CloudFormation already version; inline, the permission is deleted with the role and cannot outlive the schedule.`,
    });

    const role = this.role;
    const scheduleTarget: IScheduleTarget = {
      bind: (_schedule: ISchedule): ScheduleTargetConfig => ({
        arn: target.functionArn,
        role,
        retryPolicy: scheduleRetry(spec.expression),
      }),
    };
    this.schedule = new Schedule(this, 'Schedule', {
      description: spec.description,
      schedule: ScheduleExpression.expression(checkScheduleExpression(spec.expression), TIME_ZONES[spec.timezone]),
      target: scheduleTarget,
      // Runs at the stated minute: a flexible window would let the release slip past the send time.
      timeWindow: TimeWindow.off(),
    });
  }
}
