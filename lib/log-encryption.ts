/**
 * The customer-managed key that encrypts every log group of the deployment (function logs and API
 * access logs). Logs hold no personal data by design (test/platform/integration/log-scan.test.ts), but
 * they are the audit trail of who did what when. With a key of our own, its policy decides which log
 * groups may use it, CloudTrail records every use, and disabling it makes the logs unreadable at once.
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The log key. Lives in the stateful stack and is retained: the log groups outlive a stack deletion
 * (RemovalPolicy.RETAIN in PalauteFunction), and a log group whose key is gone cannot be read.
 */
export class LogEncryptionKey extends Construct {
  /** The key; its policy lets CloudWatch Logs of this region use it for this account's log groups only. */
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the Palaute log groups (functions and API access logs)',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs calls KMS as its regional service principal, and names the log group in the
    // encryption context; the condition limits the key to log groups of this account and region.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsEncrypt',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` },
        },
      }),
    );
  }
}
