/**
 * The retention purge on AWS: the `purgeExpired` function may Scan and BatchWriteItem the feedback
 * and idempotency tables and nothing else (stated by hand, so a manifest change that widens it fails
 * here), runs nightly at 04:00 Helsinki time with alarms like every scheduled function, and the
 * idempotency table keeps its DynamoDB TTL, the expiry the purge only makes exact.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, tables, type FunctionName } from '#shared/manifest.ts';
import { buildInfraApp, logicalId, type InfraApp } from '../../support/infra-app.ts';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

let infra: InfraApp;
let stateless: Record<string, Resource>;
let stateful: Record<string, Resource>;
beforeAll(() => {
  infra = buildInfraApp();
  stateless = infra.statelessTemplate.toJSON().Resources;
  stateful = infra.statefulTemplate.toJSON().Resources;
});

const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const fnId = (name: FunctionName) => logicalId(infra.stateless.functions[name].function);

/** Every statement of a function's role that is not its own log group or X-Ray, as `Effect action resource`. */
function grants(name: FunctionName): string[] {
  const roleId = logicalId(infra.stateless.functions[name].role);
  const logsArn = JSON.stringify({ 'Fn::GetAtt': [logicalId(infra.stateless.functions[name].logGroup), 'Arn'] });
  const label = (resource: unknown): string => {
    const json = JSON.stringify(resource);
    const table = (Object.keys(infra.stateful.tables) as (keyof InfraApp['stateful']['tables'])[]).find((t) =>
      json.includes(logicalId(infra.stateful.tables[t])),
    );
    if (!table) return json;
    const index = /\/index\/([^"]+)"/.exec(json)?.[1];
    return index ? `index:${table}/${index}` : `table:${table}`;
  };
  const out = Object.values(stateless)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: { Ref: string }) => x.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .flatMap((s) => asArray(s.Action).flatMap((a) => asArray(s.Resource).map((r) => ({ s, a, r }))))
    .filter(({ a, r }) => !a.startsWith('xray:') && !(a.startsWith('logs:') && JSON.stringify(r) === logsArn))
    .map(({ s, a, r }) => `${s.Effect} ${a} ${label(r)}`);
  return [...new Set(out)].sort();
}

describe('purgeExpired', () => {
  // Scan finds the expired rows (keys only), BatchWriteItem deletes them; no Get, Query, Put, Update or DeleteItem, no other table.
  it('may only Scan and BatchWriteItem the feedback and idempotency tables (and send to its own dead-letter queue)', () => {
    const own = grants('purgeExpired');
    const dlq = /^Allow sqs:SendMessage \{"Fn::GetAtt":\["PurgeExpiredDeadLettersQueue[0-9A-F]{8}","Arn"\]\}$/;
    expect(own.filter((g) => !dlq.test(g))).toEqual(
      [
        'Allow dynamodb:Scan table:feedback',
        'Allow dynamodb:BatchWriteItem table:feedback',
        'Allow dynamodb:Scan table:idempotency',
        'Allow dynamodb:BatchWriteItem table:idempotency',
      ].sort(),
    );
    expect(own.filter((g) => dlq.test(g))).toHaveLength(1);
  });

  // A Scan reads every answer and its free text; nothing else may, and nothing else may bulk-delete answers.
  it('is the only function that may Scan or BatchWriteItem the answers', () => {
    const sweepers = (Object.keys(functions) as FunctionName[]).filter((n) =>
      grants(n).some((g) => /dynamodb:(Scan|BatchWriteItem) table:(feedback|idempotency)$/.test(g)),
    );
    expect(sweepers).toEqual(['purgeExpired']);
  });

  it('gets the names of the two tables it purges and of no other', () => {
    const vars = stateless[fnId('purgeExpired')]!.Properties.Environment.Variables as Record<string, unknown>;
    expect(vars).toHaveProperty(tables.feedback.envVar);
    expect(vars).toHaveProperty(tables.idempotency.envVar);
    expect(vars).not.toHaveProperty(tables.aggregates.envVar);
    expect(vars).not.toHaveProperty(tables.sms.envVar);
  });

  // Deleting a backlog (retention shortened, or the job down for weeks) takes long; a cut-off run resumes the next night.
  it('may run for the longest Lambda timeout, 15 minutes', () => {
    expect(stateless[fnId('purgeExpired')]!.Properties.Timeout).toBe(900);
  });

  // 04:00 exists once on both DST days, so the purge runs once a night and its Helsinki day is certain.
  it('runs nightly at 04:00 Europe/Helsinki through a role that may invoke it alone', () => {
    const schedule = infra.stateless.schedules.purgeExpired;
    expect(stateless[logicalId(schedule.schedule)]!.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 4 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Helsinki',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: { 'Fn::GetAtt': [fnId('purgeExpired'), 'Arn'] } },
    });
    const roleId = logicalId(schedule.role);
    const statements = Object.values(stateless)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: { Ref: string }) => x.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [fnId('purgeExpired'), 'Arn'] } },
    ]);
  });

  // An answer kept past its retention is a breach nobody sees: a failed or slow run must tell someone.
  it('alarms on any error and on a run near its timeout', () => {
    const alarms = Object.values(stateless).filter(
      (r) =>
        r.Type === 'AWS::CloudWatch::Alarm' &&
        JSON.stringify(r.Properties.Dimensions ?? []) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId('purgeExpired') } }]),
    );
    expect(alarms.map((a) => a.Properties.MetricName).sort()).toEqual(['Duration', 'Errors']);
  });
});

describe('idempotency records on AWS', () => {
  // DynamoDB TTL deletes expired records within about two days; the purge deletes them on the night they expire.
  it('keep their TTL on expiresAt', () => {
    const table = stateful[logicalId(infra.stateful.tables.idempotency)]!;
    expect(tables.idempotency.ttlAttribute).toBe('expiresAt');
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });
});
