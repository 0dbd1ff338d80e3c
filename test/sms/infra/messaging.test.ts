/**
 * The SMS channel's moving parts on AWS (issue 3, items 5 and 9): each manifest queue with its
 * encrypted dead-letter queue, alarm and SQS event source; each schedule in Helsinki time with a role
 * that can invoke its one function; the public URL links point to; and the SMS spend alarm.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { functions, queues, schedules, type FunctionName, type QueueName, type QueueSpec, type ScheduleSpec } from '#shared/manifest.ts';
import { PUBLIC_BASE_URL_ENV } from '#lib/palaute-function.ts';
import { readContext } from '#lib/palaute-app.ts';
import { DEAD_LETTER_RETENTION, ManifestQueue } from '#lib/queues.ts';
import { scheduleRetry } from '#lib/schedules.ts';
import { DEFAULT_SMS_SPEND_ALARM_USD, type ScheduleName } from '#lib/stateless-stack.ts';
import { buildInfraApp, logicalId, TEST_REGION_ID, type InfraApp } from '../../support/infra-app.ts';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string | string[] };

const queueEntries = Object.entries(queues) as [QueueName, QueueSpec][];
const scheduleEntries = Object.entries(schedules) as [ScheduleName, ScheduleSpec][];

let infra: InfraApp;
let resources: Record<string, Resource>;
beforeAll(() => {
  infra = buildInfraApp();
  resources = infra.statelessTemplate.toJSON().Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const fnId = (name: FunctionName) => logicalId(infra.stateless.functions[name].function);

describe.each(queueEntries)('queue %s', (name, spec) => {
  const ids = () => ({
    queue: logicalId(infra.stateless.queues[name].queue),
    dlq: logicalId(infra.stateless.queues[name].deadLetterQueue),
  });

  // A message the consumer fails maxReceiveCount times must be kept, not retried forever or dropped.
  it('is encrypted and redrives to its dead-letter queue after maxReceiveCount deliveries', () => {
    const { queue, dlq } = ids();
    expect(resources[queue]!.Properties).toEqual({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: spec.visibilityTimeoutSeconds,
      RedrivePolicy: { deadLetterTargetArn: arnOf(dlq), maxReceiveCount: spec.maxReceiveCount },
    });
  });

  // Failed invitations wait as long as SQS allows for someone to look at them.
  it('has an encrypted dead-letter queue that keeps messages 14 days', () => {
    expect(resources[ids().dlq]!.Properties).toEqual({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: DEAD_LETTER_RETENTION.toSeconds(),
    });
  });

  // enforceSSL: both queues refuse any request made without TLS.
  it.each(['queue', 'dlq'] as const)('%s refuses requests without TLS', (which) => {
    const id = ids()[which];
    const policies = ofType('AWS::SQS::QueuePolicy').filter(([, p]) =>
      p.Properties.Queues.some((q: unknown) => JSON.stringify(q) === JSON.stringify({ Ref: id })),
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]![1].Properties.PolicyDocument.Statement).toContainEqual({
      Action: 'sqs:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Resource: arnOf(id),
    });
  });

  // Nothing retries a dead letter by itself; somebody has to be told the moment there is one.
  it('alarms as soon as the dead-letter queue holds a message', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => JSON.stringify(a.Properties.Dimensions ?? []).includes(ids().dlq));
    expect(alarms).toHaveLength(1);
    expect(alarms[0]![1].Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids().dlq, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  // Partial batch responses keep one bad message from resending nine good SMS; the concurrency cap keeps the send rate.
  it(`feeds its consumer ${spec.consumer} in batches of ${spec.batchSize}, with partial batch failures and at most ${spec.maxConcurrency} at once`, () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(queueEntries.length);
    const mapping = mappings.find(([, m]) => JSON.stringify(m.Properties.EventSourceArn) === JSON.stringify(arnOf(ids().queue)));
    expect(mapping![1].Properties).toEqual({
      EventSourceArn: arnOf(ids().queue),
      FunctionName: { Ref: fnId(spec.consumer) },
      BatchSize: spec.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: spec.maxConcurrency },
    });
  });

  // Lambda rejects an event source whose messages reappear while the consumer still works on them.
  it("hides a received message for at least the consumer's timeout", () => {
    expect(spec.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(functions[spec.consumer].timeoutSeconds);
  });

  // Operators inspect and redrive the dead-letter queue by name; producers' URL is in their environment.
  it('outputs its URL and its dead-letter queue name', () => {
    const outputs = infra.statelessTemplate.toJSON().Outputs;
    expect(Object.values(outputs)).toContainEqual(expect.objectContaining({ Value: { Ref: ids().queue } }));
    expect(Object.values(outputs)).toContainEqual(expect.objectContaining({ Value: { 'Fn::GetAtt': [ids().dlq, 'QueueName'] } }));
  });
});

describe('ManifestQueue', () => {
  // CloudFormation would only fail when the event source mapping is created, after the queue exists.
  it('refuses a visibility timeout shorter than its consumer timeout', () => {
    const stack = new Stack(new App(), 'Q');
    const spec = { ...queues.invitations, visibilityTimeoutSeconds: 30 };
    expect(() => new ManifestQueue(stack, 'Short', { spec, consumerTimeout: Duration.seconds(60) })).toThrow(
      /visibility timeout 30 s is shorter/,
    );
  });
});

describe.each(scheduleEntries)('schedule %s', (name, spec) => {
  const schedule = () => resources[logicalId(infra.stateless.schedules[name].schedule)]!.Properties;
  const roleId = () => logicalId(infra.stateless.schedules[name].role);

  // Send times are Helsinki times; a UTC schedule would drift by an hour at every DST change.
  it('runs the manifest expression in Europe/Helsinki, at the stated time, with short retries', () => {
    expect(schedule()).toMatchObject({
      ScheduleExpression: spec.expression,
      ScheduleExpressionTimezone: 'Europe/Helsinki',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: arnOf(fnId(spec.function)),
        RoleArn: arnOf(roleId()),
        RetryPolicy: {
          MaximumRetryAttempts: scheduleRetry(spec.expression).maximumRetryAttempts,
          MaximumEventAgeInSeconds: scheduleRetry(spec.expression).maximumEventAgeInSeconds,
        },
      },
    });
  });

  // The scheduler's role is a key to the function; it must open nothing else and be usable by nobody else.
  it(`uses a role that only this account's Scheduler may assume and that may invoke only ${spec.function}`, () => {
    const role = resources[roleId()]!.Properties;
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': expect.anything() } },
      }),
    ]);
    const policies = ofType('AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId()));
    expect(policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement)).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: arnOf(fnId(spec.function)) },
    ]);
  });

  // Scheduler retries inside one interval, so a retried run never lands on top of the next one.
  it('gives up retrying before the next run of a rate schedule', () => {
    const rate = /^rate\((\d+) minutes?\)$/.exec(spec.expression);
    const retry = scheduleRetry(spec.expression);
    // Scheduler keeps an event at least 60 s: a one-minute rate (the case opener) is not retried at all.
    if (rate) expect(retry.maximumRetryAttempts === 0 || retry.maximumEventAgeInSeconds < Number(rate[1]) * 60).toBe(true);
  });
});

describe('public base URL', () => {
  const fnsNeedingUrl = (Object.keys(functions) as FunctionName[]).filter(
    (n) => (functions[n] as { needsPublicUrl?: boolean }).needsPublicUrl,
  );
  const envOf = (template: InfraApp['statelessTemplate'], id: string) =>
    template.toJSON().Resources[id].Properties.Environment.Variables[PUBLIC_BASE_URL_ENV];

  // One-time links must point at the public address even without a custom domain — CloudFront, never the
  // execute-api address, which refuses requests without the origin header; a trailing slash would double in `/s/{token}`.
  it("defaults to the CloudFront distribution's origin, without a trailing slash", () => {
    expect(fnsNeedingUrl.length).toBeGreaterThan(0);
    for (const n of fnsNeedingUrl) {
      expect(envOf(infra.statelessTemplate, fnId(n))).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(infra.stateless.edge.distribution), 'DomainName'] }]],
      });
    }
  });

  // With a custom domain the links must use it; the context value is normalised and checked.
  it('takes the publicBaseUrl context value when a custom domain fronts the API', () => {
    const custom = buildInfraApp({ context: { publicBaseUrl: 'https://palaute.example.fi/' } });
    for (const n of fnsNeedingUrl)
      expect(envOf(custom.statelessTemplate, logicalId(custom.stateless.functions[n].function))).toBe('https://palaute.example.fi');
  });

  // A link with http, a path or a query would be broken or unsafe in every SMS sent.
  it.each(['http://palaute.example.fi', 'https://palaute.example.fi/s', 'palaute.example.fi', 'https://x.fi?a=1'])(
    'rejects publicBaseUrl %s',
    (url) => {
      expect(() => readContext(new App({ context: { publicBaseUrl: url } }), TEST_REGION_ID)).toThrow(/publicBaseUrl/);
    },
  );

  // function → API id is safe only because the API resource depends on no route; CloudFormation would reject a cycle at deploy time only.
  it('leaves the stateless template free of circular dependencies', () => {
    const a = { Type: 'T', Properties: { x: { Ref: 'B' } } };
    const b = { Type: 'T', Properties: { y: { 'Fn::GetAtt': ['A', 'Arn'] } } };
    expect(findCycle({ A: a, B: b })).toEqual(['A', 'B', 'A']); // the detector itself works
    expect(findCycle(resources)).toBeUndefined();
  });
});

describe('SMS spend alarm', () => {
  const spendAlarms = (r: Record<string, Resource>) =>
    Object.values(r).filter((a) => a.Type === 'AWS::CloudWatch::Alarm' && a.Properties.MetricName === 'SMSMonthToDateSpentUSD');

  // The account's SMS spend limit stops sending silently; the alarm tells someone before that happens.
  it(`fires when this month's SMS spend passes ${DEFAULT_SMS_SPEND_ALARM_USD} USD`, () => {
    const alarms = spendAlarms(resources);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({
      Namespace: 'AWS/SNS',
      MetricName: 'SMSMonthToDateSpentUSD',
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: DEFAULT_SMS_SPEND_ALARM_USD,
      TreatMissingData: 'notBreaching',
    });
    expect(alarms[0]!.Properties.Dimensions).toBeUndefined();
  });

  // `cdk deploy -c smsSpendAlarmUsd=250` passes a string; it must become the number, and nonsense must stop synth.
  it('takes its threshold from the smsSpendAlarmUsd context value and rejects a bad one', () => {
    expect(readContext(new App({ context: { smsSpendAlarmUsd: '250' } }), TEST_REGION_ID).smsSpendAlarmUsd).toBe(250);
    for (const bad of ['0', '-5', 'lots'])
      expect(() => readContext(new App({ context: { smsSpendAlarmUsd: bad } }), TEST_REGION_ID)).toThrow(/smsSpendAlarmUsd/);
  });
});

/** Logical ids a resource refers to through Ref, Fn::GetAtt, Fn::Sub and DependsOn. */
function references(resource: Resource, ids: Set<string>): Set<string> {
  const out = new Set<string>(
    resource.DependsOn === undefined ? [] : Array.isArray(resource.DependsOn) ? resource.DependsOn : [resource.DependsOn],
  );
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Ref' && typeof value === 'string' && ids.has(value)) out.add(value);
      else if (key === 'Fn::GetAtt' && Array.isArray(value) && ids.has(value[0])) out.add(value[0]);
      else if (key === 'Fn::Sub')
        for (const m of JSON.stringify(value).matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) if (ids.has(m[1]!)) out.add(m[1]!);
      walk(value);
    }
  };
  walk(resource.Properties);
  return out;
}

/** A dependency cycle among the template's resources, as a list of logical ids, or undefined. */
function findCycle(all: Record<string, Resource>): string[] | undefined {
  const ids = new Set(Object.keys(all));
  const edges = new Map([...ids].map((id) => [id, references(all[id]!, ids)]));
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    for (const next of edges.get(id)!) {
      const cycle = visit(next, [...path, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of ids) {
    const cycle = visit(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}
