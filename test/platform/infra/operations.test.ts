/**
 * What the HIPAA Security pack asks of the deployment, asserted on the synthesized templates rather
 * than trusted to cdk-nag's rule logic: every alarm notifies the operations topic, every log group is
 * encrypted with the log key, the backup plan selects every table, and scheduled and queue-driven
 * functions have their dead-letter queues and reserved concurrency. Also the `region.operations`
 * config that feeds them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Topic } from 'aws-cdk-lib/aws-sns';
import region from '../../../config/region.json' with { type: 'json' };
import { checkConfig } from '#lib/config-check.ts';
import { invocationOf } from '#lib/invocation.ts';
import { AlarmActionsAspect, checkAlarmEmailForDeploy } from '#lib/operations-topic.ts';
import { BACKUP_START } from '#lib/table-backup.ts';
import { DEFAULT_BACKUP_RETENTION_DAYS, operationsSettingsOf } from '#shared/platform/operations-settings.ts';
import { loadConfig } from '#shared/config.ts';
import { functions, queues, schedules, type FunctionName } from '#shared/manifest.ts';
import { buildInfraApp, logicalId, type InfraApp } from '../../support/infra-app.ts';

type Resource = { Type: string; Properties: any };

let infra: InfraApp;
let stateful: Record<string, Resource>;
let stateless: Record<string, Resource>;
beforeAll(() => {
  infra = buildInfraApp();
  stateful = infra.statefulTemplate.toJSON().Resources;
  stateless = infra.statelessTemplate.toJSON().Resources;
});

const ofType = (resources: Record<string, Resource>, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const functionNames = Object.keys(functions) as FunctionName[];
const scheduled = new Set(Object.values(schedules).map((s) => s.function as FunctionName));

describe('operations alarm topic', () => {
  const topicId = () => logicalId(infra.stateful.operationsTopic.topic);

  it('is encrypted with its own customer-managed key, which CloudWatch may use', () => {
    const keyId = logicalId(infra.stateful.operationsTopic.key);
    expect(stateful[topicId()]!.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(stateful[keyId]!.Properties.EnableKeyRotation).toBe(true);
    expect(stateful[keyId]!.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });

  // A topic policy replaces SNS's default one, so CloudWatch needs an explicit Allow, limited to this account's alarms.
  it("lets only this account's CloudWatch alarms publish, and only over TLS", () => {
    const [policy] = ofType(stateful, 'AWS::SNS::TopicPolicy').filter(([, p]) =>
      p.Properties.Topics.some((t: unknown) => JSON.stringify(t) === JSON.stringify({ Ref: topicId() })),
    );
    const statements = policy![1].Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': expect.anything() } },
      }),
    );
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it("subscribes the region's alarm e-mail address", () => {
    const email = operationsSettingsOf(loadConfig().org).alarmEmail;
    expect(email).toBe(region.region.operations.alarmEmail);
    expect(ofType(stateful, 'AWS::SNS::Subscription').map(([, s]) => s.Properties)).toEqual([
      { Protocol: 'email', Endpoint: email, TopicArn: { Ref: topicId() } },
    ]);
  });

  // An alarm without an action is a colour change in a console nobody watches.
  // Like the placeholder staff callback: an offline synth may carry it, a deployment may not.
  it('refuses to deploy with the example address under .invalid or with none, and synthesizes with either', () => {
    expect(region.region.operations.alarmEmail).toMatch(/\.invalid$/);
    expect(() => buildInfraApp({ context: { deploy: 'true', publicBaseUrl: 'https://palaute.example.fi' } })).toThrow(
      /refuses the placeholder alarm address ops@example\.invalid/,
    );
    expect(() => checkAlarmEmailForDeploy(undefined, true)).toThrow(/without an alarm address/);
    expect(() => checkAlarmEmailForDeploy('oncall@hyvinvointialue.fi', true)).not.toThrow();
    expect(() => checkAlarmEmailForDeploy(undefined, false)).not.toThrow();
  });

  it('is the ALARM and OK action of every alarm in both stacks', () => {
    const alarms = [...ofType(stateful, 'AWS::CloudWatch::Alarm'), ...ofType(stateless, 'AWS::CloudWatch::Alarm')];
    // Scheduled functions' errors, duration, missed runs and dead letters; the invitations DLQ; SMS spend; failed backups.
    expect(alarms.length).toBeGreaterThanOrEqual(14);
    for (const [id, alarm] of alarms) {
      const refs = [...alarm.Properties.AlarmActions, ...alarm.Properties.OKActions].map((a: unknown) => JSON.stringify(a));
      expect(alarm.Properties.AlarmActions, id).toHaveLength(1);
      expect(alarm.Properties.OKActions, id).toHaveLength(1);
      for (const ref of refs) expect(ref, id).toMatch(new RegExp(`"(Ref|OutputName)":"[^"]*${topicId()}`));
      expect(alarm.Properties.ActionsEnabled, id).not.toBe(false);
    }
  });

  it('also reaches an alarm that a later change adds, and refuses one in another region', () => {
    const app = new App();
    const home = new Stack(app, 'Home', { env: { account: '123456789012', region: 'eu-north-1' } });
    const away = new Stack(app, 'Away', { env: { account: '123456789012', region: 'us-east-1' } });
    const topic = new Topic(home, 'T');
    const metric = new Metric({ namespace: 'X', metricName: 'Y' });
    const aspect = new AlarmActionsAspect(topic);
    for (const stack of [home, away]) {
      new Alarm(stack, 'A', { metric, threshold: 1, evaluationPeriods: 1 });
      Aspects.of(stack).add(aspect);
    }
    const homeAlarm = Object.values(app.synth().getStackByName('Home').template.Resources as Record<string, Resource>).find(
      (r) => r.Type === 'AWS::CloudWatch::Alarm',
    )!;
    expect(homeAlarm.Properties.AlarmActions).toEqual([{ Ref: logicalId(topic) }]);
    Annotations.fromStack(away).hasError('/Away/A', Match.stringLikeRegexp('operations topic is in eu-north-1'));
  });
});

describe('log encryption', () => {
  const keyId = () => logicalId(infra.stateful.logKey.key);

  // The key policy is what lets CloudWatch Logs use the key; without it every log group fails to create.
  it("lets CloudWatch Logs of the stack's region use the key for this account's log groups only", () => {
    const key = stateful[keyId()]!.Properties;
    expect(key.EnableKeyRotation).toBe(true);
    expect(key.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
        Condition: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:*'],
              ],
            },
          },
        },
      }),
    );
  });

  it.each(functionNames)("encrypts %s's log group with the log key", (name) => {
    const logGroup = stateless[logicalId(infra.stateless.functions[name].logGroup)]!;
    expect(JSON.stringify(logGroup.Properties.KmsKeyId)).toContain(keyId());
  });

  // The access logs too: every log group of the stack, not only the functions'.
  it('encrypts every log group of the stack with the log key', () => {
    const groups = ofType(stateless, 'AWS::Logs::LogGroup');
    expect(groups.length).toBe(functionNames.length + 1);
    for (const [id, g] of groups) expect(JSON.stringify(g.Properties.KmsKeyId), id).toContain(keyId());
  });
});

describe('table backup', () => {
  it('selects every table of the stateful stack', () => {
    const [selection, ...more] = ofType(stateful, 'AWS::Backup::BackupSelection');
    expect(more).toEqual([]);
    const selected = selection![1].Properties.BackupSelection.Resources.map((r: unknown) => JSON.stringify(r));
    const tables = ofType(stateful, 'AWS::DynamoDB::Table').map(([id]) => JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
    expect(tables.length).toBe(Object.keys(infra.stateful.tables).length);
    expect(selected.sort()).toEqual(tables.sort());
  });

  it("backs up daily at night, Helsinki time, and keeps each backup for the region's retention", () => {
    const [[, plan]] = ofType(stateful, 'AWS::Backup::BackupPlan') as [[string, Resource]];
    expect(plan.Properties.BackupPlan.BackupPlanRule).toEqual([
      expect.objectContaining({
        ScheduleExpression: `cron(${BACKUP_START.minute} ${BACKUP_START.hour} * * ? *)`,
        ScheduleExpressionTimezone: 'Europe/Helsinki',
        Lifecycle: { DeleteAfterDays: operationsSettingsOf(loadConfig().org).backupRetentionDays },
        TargetBackupVault: { 'Fn::GetAtt': [logicalId(infra.stateful.backup.vault), 'BackupVaultName'] },
      }),
    ]);
  });

  it('keeps recovery points in a retained vault with its own key, where no one may delete them early', () => {
    const vaultId = logicalId(infra.stateful.backup.vault);
    const keyId = logicalId(infra.stateful.backup.key);
    expect(infra.statefulTemplate.toJSON().Resources[vaultId]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(stateful[vaultId]!.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(stateful[vaultId]!.Properties.AccessPolicy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: expect.arrayContaining(['backup:DeleteRecoveryPoint']) }),
    );
    expect(stateful[keyId]!.Properties.EnableKeyRotation).toBe(true);
  });
});

describe('dead-letter queues and reserved concurrency', () => {
  const fnProps = (name: FunctionName) => stateless[logicalId(infra.stateless.functions[name].function)]!.Properties;

  // Only an asynchronous invocation can be dead-lettered, and schedules are the only asynchronous callers.
  it.each(functionNames)('%s has a dead-letter queue exactly if a schedule invokes it', (name) => {
    const dlq = infra.stateless.functions[name].deadLetters;
    expect(dlq !== undefined, name).toBe(scheduled.has(name));
    if (dlq) {
      expect(fnProps(name).DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [logicalId(dlq.queue), 'Arn'] } });
      expect(stateless[logicalId(dlq.queue)]!.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    } else {
      expect(fnProps(name).DeadLetterConfig).toBeUndefined();
    }
  });

  it('reserves one instance for each scheduled function, so runs never overlap', () => {
    for (const name of scheduled) expect(fnProps(name).ReservedConcurrentExecutions, name).toBe(1);
  });

  // The SMS sender's cap protects SNS spend and rate; below the event source's maxConcurrency the poller would be throttled.
  it("reserves exactly the event source's maxConcurrency for each queue consumer", () => {
    for (const queue of Object.values(queues)) {
      expect(fnProps(queue.consumer).ReservedConcurrentExecutions, queue.consumer).toBe(queue.maxConcurrency);
    }
  });

  it('reserves nothing for a function that serves routes', () => {
    for (const name of functionNames.filter((n) => invocationOf(n).routes.length > 0)) {
      expect(fnProps(name).ReservedConcurrentExecutions, name).toBeUndefined();
    }
  });
});

describe('region.operations config', () => {
  /** The shipped config, with `region.operations` loosened so a test may set a bad value or remove it. */
  const copy = () => structuredClone(region) as unknown as { region: { operations?: Record<string, unknown> } };

  it('rejects an alarm address that is not an e-mail address and names the field', () => {
    const bad = copy();
    bad.region.operations = { alarmEmail: 'ops at example' };
    const result = checkConfig(bad);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/region\.operations\.alarmEmail/);
  });

  it('rejects a backup retention outside 7–365 days', () => {
    for (const days of [6, 366, 1.5]) {
      const bad = copy();
      bad.region.operations = { backupRetentionDays: days };
      const result = checkConfig(bad);
      expect(result.ok, String(days)).toBe(false);
      expect(!result.ok && result.message).toMatch(/region\.operations\.backupRetentionDays/);
    }
  });

  it('defaults the retention and leaves the address unset when the section is missing', () => {
    const none = copy();
    delete none.region.operations;
    const result = checkConfig(none);
    expect(result.ok).toBe(true);
    expect(result.ok && operationsSettingsOf(result.config.org)).toEqual({
      alarmEmail: undefined,
      backupRetentionDays: DEFAULT_BACKUP_RETENTION_DAYS,
    });
  });
});
