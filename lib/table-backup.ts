/**
 * Daily AWS Backup of every manifest table into a vault of its own with a customer-managed key.
 * Point-in-time recovery (on every table) restores any second of the last 35 days; a backup plan adds
 * what PITR cannot: recovery points kept outside DynamoDB in a vault whose policy forbids anyone to
 * delete them before their time, so an identity with DynamoDB rights — which can turn PITR off (and
 * with it its history) or delete DynamoDB backups — cannot take the last good copy away.
 */
import { Duration, RemovalPolicy, TimeZone, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, type BackupSelection, BackupVault } from 'aws-cdk-lib/aws-backup';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * When the daily backup starts, Helsinki time: after the evening's answers, before the nightly jobs
 * (retention purge 04:00, nightly aggregation 04:30), so a restored backup is a quiet moment's state.
 */
export const BACKUP_START = { hour: '1', minute: '0' } as const;

/** Properties of TableBackup. */
export interface TableBackupProps {
  /** The tables to back up, by manifest name; every one is selected. */
  tables: Record<string, ITable>;
  /** Days each daily recovery point is kept (`region.operations.backupRetentionDays`). */
  retentionDays: number;
}

/** The backup vault, its key, the daily plan selecting every table, and the failed-job alarm. */
export class TableBackup extends Construct {
  /** The vault's customer-managed key. */
  readonly key: Key;
  /** Where recovery points are kept; retained, and no one may delete a recovery point early. */
  readonly vault: BackupVault;
  /** The daily plan. */
  readonly plan: BackupPlan;
  /** Selects every table of the manifest. */
  readonly selection: BackupSelection;
  /** In alarm when a backup job of the vault failed. */
  readonly failedJobsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: TableBackupProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the Palaute backup vault (daily DynamoDB recovery points)',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vault = new BackupVault(this, 'Vault', {
      encryptionKey: this.key,
      // Lifecycle deletion by AWS Backup still happens; a person (or a stolen admin key) cannot delete early.
      blockRecoveryPointDeletion: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new BackupPlan(this, 'Plan', {
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'Daily',
          backupVault: this.vault,
          scheduleExpression: Schedule.cron(BACKUP_START),
          scheduleExpressionTimezone: TimeZone.EUROPE_HELSINKI,
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(6),
          deleteAfter: Duration.days(props.retentionDays),
        }),
      ],
    });
    this.selection = this.plan.addSelection('Tables', {
      resources: Object.values(props.tables).map((t) => BackupResource.fromDynamoDbTable(t)),
    });
    const role = this.selection.node.tryFindChild('Role');
    if (role) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        reason:
          'AWS Backup assumes this role to back up the tables of this selection only. AWSBackupServiceRolePolicyForBackup is the service role policy AWS documents and maintains for AWS Backup; it follows changes in what DynamoDB backups (including advanced backup features) need, which a copy of it here would not. The selection does not allow restores (allowRestores is off): a restore is a separate, manual decision.',
      });
    }

    this.failedJobsAlarm = new Alarm(this, 'FailedJobsAlarm', {
      alarmDescription: `A daily DynamoDB backup job failed in the ${id} vault: the tables have no new recovery point (point-in-time recovery still covers 35 days). See AWS Backup → Jobs.`,
      metric: new Metric({
        namespace: 'AWS/Backup',
        metricName: 'NumberOfBackupJobsFailed',
        dimensionsMap: { BackupVaultName: this.vault.backupVaultName },
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // AWS Backup reports nothing in an hour without jobs: that is no failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
