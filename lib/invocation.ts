/**
 * How each manifest function is invoked — by API routes (synchronously), by SQS (an event source
 * mapping, also synchronous) or by schedules (asynchronously) — and what follows from it for the
 * function's dead-letter queue and reserved concurrency. Derived from the manifest, so a function
 * moved from a route to a schedule changes its protection with it.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { queues, routes, schedules, type FunctionName, type QueueName } from '#shared/manifest.ts';
import { DEAD_LETTER_RETENTION } from './queues.ts';

/** What invokes one function, by manifest names. */
export interface Invocation {
  /** Route keys (`GET /api/units`) the function serves. */
  routes: string[];
  /** Queues whose messages it consumes. */
  queues: QueueName[];
  /** Schedules that invoke it. */
  schedules: string[];
}

/** What invokes a manifest function. A function nothing invokes is a manifest mistake and stops synth. */
export function invocationOf(name: FunctionName): Invocation {
  const out: Invocation = {
    routes: routes.filter((r) => r.function === name).map((r) => `${r.method} ${r.path}`),
    queues: (Object.entries(queues) as [QueueName, (typeof queues)[QueueName]][]).filter(([, q]) => q.consumer === name).map(([q]) => q),
    schedules: Object.entries(schedules)
      .filter(([, s]) => s.function === name)
      .map(([s]) => s),
  };
  if (out.routes.length + out.queues.length + out.schedules.length === 0) {
    throw new Error(`shared/manifest.ts: function ${name} is invoked by no route, queue or schedule`);
  }
  return out;
}

/**
 * Reserved concurrency of a function, or undefined for none.
 *  - Scheduled: one instance per schedule. A run that overlaps the previous one (a slow
 *    aggregation) waits for it instead of doing the same work twice; Lambda keeps a throttled
 *    asynchronous event and retries it for up to six hours.
 *  - Queue consumers: the event sources' maxConcurrency, so the cap that keeps the SMS sender
 *    within SNS's rate also holds if someone invokes the function directly, and the consumer never
 *    takes concurrency the API needs. Reserving less than maxConcurrency would throttle the poller
 *    and push messages towards the dead-letter queue, so it is exactly that.
 *  - Anything serving a route: none (see apiConcurrencyReason). Otherwise the sum of the above.
 */
export function reservedConcurrencyOf(invocation: Invocation): number | undefined {
  if (invocation.routes.length > 0) return undefined;
  return invocation.schedules.length + invocation.queues.reduce((sum, q) => sum + queues[q].maxConcurrency, 0);
}

/** Why a function serving routes has no reserved concurrency; the HIPAA LambdaConcurrency acknowledgement. */
export function apiConcurrencyReason(name: FunctionName, invocation: Invocation): string {
  return `${name} answers ${invocation.routes.join(', ')} synchronously for API Gateway. Its concurrency is bounded by the stage's throttling (requests per second and burst), which is the control for request-serving functions; a reservation per function would reject legitimate requests with 429s at a fixed number chosen without load data, and would be subtracted from the account pool. Lambda also refuses any reservation that leaves under 100 unreserved executions, and new AWS accounts start with a concurrency quota of 10, so reserving for every API function would make the first deployment fail until a quota increase.`;
}

/** Why a function invoked only synchronously has no dead-letter queue; the HIPAA LambdaDLQ acknowledgement. */
export function noDeadLetterReason(name: FunctionName, invocation: Invocation): string {
  const parts: string[] = [];
  if (invocation.routes.length > 0) {
    parts.push(
      `it answers ${invocation.routes.join(', ')} synchronously for API Gateway: a failure is returned to the caller as an error response, and Lambda never sends a synchronous invocation to a dead-letter queue`,
    );
  }
  if (invocation.queues.length > 0) {
    parts.push(
      `it consumes the ${invocation.queues.join(', ')} queue through an event source mapping, a synchronous invocation: a message that fails maxReceiveCount times moves to that queue's own dead-letter queue (with an alarm), which is where failed work is kept`,
    );
  }
  return `${name} has no Lambda dead-letter queue because ${parts.join('; and ')}.`;
}

/** Properties of AsyncDeadLetterQueue. */
export interface AsyncDeadLetterQueueProps {
  /** The function's manifest name, for the alarm's text. */
  functionName: FunctionName;
}

/**
 * The dead-letter queue of an asynchronously invoked (scheduled) function: the event of a run that
 * failed all of Lambda's attempts (the first and two retries) lands here, with an alarm while any
 * is waiting. The schedule event carries no data, so a message here says only that, and when, a run
 * was lost; the next run usually makes it good, the alarm makes sure someone checks.
 */
export class AsyncDeadLetterQueue extends Construct {
  /** The queue, encrypted (SSE-SQS) and TLS-only like the manifest queues. */
  readonly queue: Queue;
  /** In alarm while the queue holds any message. */
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: AsyncDeadLetterQueueProps) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    this.alarm = new Alarm(this, 'Alarm', {
      alarmDescription: `A scheduled run of ${props.functionName} failed every attempt (Lambda tried three times) and its event is in the function's dead-letter queue. See the function's log group; delete the message once the cause is fixed.`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops reporting metrics for an idle queue; an empty, quiet dead-letter queue is healthy.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
