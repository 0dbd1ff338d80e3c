/**
 * A manifest queue: an encrypted SQS queue, its dead-letter queue, and an alarm that fires as soon
 * as anything lands in the dead-letter queue — a message there is an SMS invitation nobody sent.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueSpec } from '#shared/manifest.ts';

/** SQS's longest retention: the most time to find and redrive a failed message. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/** Properties of a ManifestQueue. */
export interface ManifestQueueProps {
  spec: QueueSpec;
  /** The consumer's timeout: Lambda rejects an SQS event source whose queue hides messages for less. */
  consumerTimeout: Duration;
}

/** A manifest queue with its dead-letter queue and the dead-letter alarm. */
export class ManifestQueue extends Construct {
  /** The work queue. */
  readonly queue: Queue;
  /** Where messages go after `maxReceiveCount` failed deliveries. */
  readonly deadLetterQueue: Queue;
  /** In alarm while the dead-letter queue holds any message. */
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ManifestQueueProps) {
    super(scope, id);
    const { spec } = props;
    if (spec.visibilityTimeoutSeconds < props.consumerTimeout.toSeconds()) {
      // CloudFormation would only fail when creating the event source mapping, after the queue exists.
      throw new Error(
        `Queue ${id}: visibility timeout ${spec.visibilityTimeoutSeconds} s is shorter than its consumer's timeout ${props.consumerTimeout.toSeconds()} s`,
      );
    }

    // SSE-SQS: encrypted at rest with an SQS-owned key, so producer and consumer roles need no KMS
    // permissions and there is no key policy to keep in step with them. enforceSSL adds a queue
    // policy that denies every request made without TLS.
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });

    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: `Messages in the ${id} dead-letter queue: they failed ${spec.maxReceiveCount} deliveries and will not be retried by themselves`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops reporting metrics for an idle queue; an empty, quiet dead-letter queue is healthy.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
