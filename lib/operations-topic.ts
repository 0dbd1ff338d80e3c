/**
 * Where alarms go: one SNS topic for every CloudWatch alarm of the deployment, encrypted with a key of
 * its own, with the region's on-call e-mail address subscribed. Without an action an alarm only
 * changes colour in a console nobody watches; with the topic on every alarm (ALARM and OK), the
 * on-call person learns that a schedule failed, an invitation was dead-lettered or SMS spend ran away,
 * and that it recovered.
 */
import { Annotations, Aws, Duration, type IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AlarmBase } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';

/**
 * Refuses `npm run deploy` (context deploy=true) without a real alarm address: none at all, or one
 * under `.invalid`, the reserved top-level domain the shipped example uses, which can never receive
 * mail. An offline synth may still use them; the topic then warns that nobody is subscribed.
 */
export function checkAlarmEmailForDeploy(alarmEmail: string | undefined, deploying: boolean): void {
  if (!deploying) return;
  if (!alarmEmail || /\.invalid$/i.test(alarmEmail)) {
    throw new Error(
      `npm run deploy refuses ${alarmEmail ? `the placeholder alarm address ${alarmEmail}` : 'a deployment without an alarm address'}: set region.operations.alarmEmail in config/region.json to the on-call address`,
    );
  }
}

/** Properties of OperationsTopic. */
export interface OperationsTopicProps {
  /** The region's `region.operations.alarmEmail`; without it the topic has no subscriber and synth warns. */
  alarmEmail: string | undefined;
}

/**
 * The operations alarm topic and its key. Lives in the stateful stack: the e-mail subscription is
 * confirmed by a person clicking a link, and replacing the topic would silently drop it until
 * someone confirms again.
 */
export class OperationsTopic extends Construct {
  /** The topic every alarm notifies. */
  readonly topic: Topic;
  /** The topic's customer-managed key; CloudWatch may use it to publish, the topic policy decides which alarms may. */
  readonly key: Key;

  constructor(scope: Construct, id: string, props: OperationsTopicProps) {
    super(scope, id);
    // The AWS-managed SNS key cannot be used here: its policy cannot be changed to let CloudWatch
    // publish, so alarms would fail to notify an encrypted topic silently.
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the Palaute operations alarm topic; CloudWatch uses it to publish alarm notifications',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // No source condition here, as in AWS's documented key policy for alarm topics: whether the SNS
        // call made for CloudWatch carries aws:SourceArn is not documented, and a condition it fails
        // would drop every notification silently. Who may publish is decided by the topic policy below.
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      displayName: 'Palaute operations alarms',
      masterKey: this.key,
      // The topic policy denies every request made without TLS.
      enforceSSL: true,
    });
    // Only this account's alarms may publish; the topic is not a general notification bus.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOnly',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );

    if (props.alarmEmail) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    } else {
      Annotations.of(this).addWarningV2(
        'palaute:alarm-email-missing',
        'config/region.json has no region.operations.alarmEmail: alarms notify a topic nobody is subscribed to. Set it and deploy again.',
      );
    }
  }
}

/**
 * Adds the operations topic as the ALARM and OK action of every CloudWatch alarm in the scope it is
 * applied to, including alarms a later change adds: a new alarm cannot be left without a recipient.
 * An alarm that already names the topic is left as it is.
 */
export class AlarmActionsAspect implements IAspect {
  private readonly action: SnsAction;
  private readonly done = new WeakSet<IConstruct>();

  constructor(private readonly topic: ITopic) {
    this.action = new SnsAction(topic);
  }

  /** Adds the topic to an alarm (CloudWatch's L2 Alarm or CompositeAlarm); other constructs are untouched. */
  visit(node: IConstruct): void {
    if (!(node instanceof AlarmBase) || this.done.has(node)) return;
    this.done.add(node);
    if (Stack.of(node).region !== Stack.of(this.topic).region) {
      // CloudWatch can only notify a topic in the alarm's own region.
      Annotations.of(node).addError(
        `The alarm is in ${Stack.of(node).region} but the operations topic is in ${Stack.of(this.topic).region}: give that region a topic of its own`,
      );
      return;
    }
    node.addAlarmAction(this.action);
    node.addOkAction(this.action);
  }
}
