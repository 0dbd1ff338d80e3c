/**
 * NPS snapshots and reporting on AWS (issue 4, item 7): the aggregates table and the arrival index,
 * least-privilege access of the aggregation, reporting, export, dashboard and public-results
 * functions stated by hand (so a manifest change that widens access fails here), both aggregation
 * schedules in Helsinki time, the alarms on scheduled functions, and the authorizer on the report
 * routes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Duration } from 'aws-cdk-lib';
import { functions, routes, schedules, type FunctionName, type ScheduleSpec } from '#shared/manifest.ts';
import { DASHBOARD_AUTH_ENV, DASHBOARD_PATH as PAGE_DASHBOARD_PATH, ORIGIN_SECRET_ENV } from '#shared/manifest.ts';
import { DURATION_ALARM_FRACTION, MISSED_RUN_INTERVALS, rateInterval } from '#lib/alarms.ts';
import { DASHBOARD_PATH } from '#lib/auth.ts';
import { checkScheduleExpression } from '#lib/schedules.ts';
import type { ScheduleName } from '#lib/stateless-stack.ts';
import { buildInfraApp, logicalId, type InfraApp } from '../../support/infra-app.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
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

/** A function's DynamoDB permissions as `Effect action table:<name>` / `index:<table>/<index>`, from the template. */
function dynamoGrants(name: FunctionName): string[] {
  const roleId = logicalId(infra.stateless.functions[name].role);
  const statements: Statement[] = Object.values(stateless)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: { Ref: string }) => x.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
  const label = (resource: unknown): string => {
    const json = JSON.stringify(resource);
    const table = (Object.keys(infra.stateful.tables) as (keyof InfraApp['stateful']['tables'])[]).find((t) =>
      json.includes(logicalId(infra.stateful.tables[t])),
    );
    if (!table) return `other:${json}`;
    const index = /\/index\/([^"]+)"/.exec(json)?.[1];
    return index ? `index:${table}/${index}` : `table:${table}`;
  };
  const out = statements.flatMap((s) =>
    asArray(s.Action)
      .filter((a) => a.startsWith('dynamodb:'))
      .flatMap((a) => asArray(s.Resource).map((r) => `${s.Effect} ${a} ${label(r)}`)),
  );
  return [...new Set(out)].sort();
}

/** Every grant of a function's role that is not its own logs or X-Ray. */
function nonBaselineGrants(name: FunctionName): string[] {
  const roleId = logicalId(infra.stateless.functions[name].role);
  const logsArn = JSON.stringify({ 'Fn::GetAtt': [logicalId(infra.stateless.functions[name].logGroup), 'Arn'] });
  return Object.values(stateless)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: { Ref: string }) => x.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .flatMap((s) => asArray(s.Action).flatMap((a) => asArray(s.Resource).map((r) => ({ a, r: JSON.stringify(r) }))))
    .filter(({ a, r }) => !a.startsWith('xray:') && !(a.startsWith('logs:') && r === logsArn))
    .map(({ a, r }) => `${a} ${r}`);
}

describe('tables', () => {
  const table = (name: 'feedback' | 'aggregates') => stateful[logicalId(infra.stateful.tables[name])]!;

  // Snapshots are recomputable from the answers, but a lost table means hours of recomputation and wrong dashboards meanwhile.
  it('keeps the aggregates in a table keyed pk/sk with no TTL and no index, protected like the others', () => {
    expect(table('aggregates')).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      },
    });
    expect(table('aggregates').Properties.TimeToLiveSpecification).toBeUndefined();
    expect(table('aggregates').Properties.GlobalSecondaryIndexes).toBeUndefined();
  });

  // The incremental run finds new answers by when they arrived; keys only, since the table key names the unit and day.
  it('gives the feedback table the keys-only arrival index', () => {
    expect(table('feedback').Properties.GlobalSecondaryIndexes).toContainEqual({
      IndexName: 'byArrival',
      KeySchema: [
        { AttributeName: 'arrivalPk', KeyType: 'HASH' },
        { AttributeName: 'arrivalSk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    });
  });
});

describe('least privilege of the reporting functions', () => {
  // Reports, the export and the public page read snapshots only: one Query per series, BatchGetItem for children.
  it.each(['reports', 'exportMonthly', 'publicResults'] as const)('%s may only Query and BatchGetItem the aggregates table', (name) => {
    expect(dynamoGrants(name)).toEqual(['Allow dynamodb:BatchGetItem table:aggregates', 'Allow dynamodb:Query table:aggregates']);
    expect(nonBaselineGrants(name).filter((g) => !g.startsWith('dynamodb:'))).toEqual([]);
  });

  // The raw answers hold free text; nothing that serves reports or public pages may read them, only the aggregation.
  it('lets only the aggregation functions read the feedback table among the issue-4 functions', () => {
    for (const name of ['reports', 'exportMonthly', 'publicResults', 'dashboard'] as const) {
      expect(
        dynamoGrants(name).filter((g) => g.includes(':feedback')),
        name,
      ).toEqual([]);
    }
  });

  // The incremental run reads arrivals (byArrival) and answers, reads and writes snapshots and its watermark.
  // The cases: their labels by id (corrections count) and the relabelled ones through byRelabel, nothing else.
  it('aggregate may Query feedback and its byArrival index (no other), Get/Put/Update/Query/BatchGet the aggregates table and read the cases’ labels', () => {
    expect(dynamoGrants('aggregate')).toEqual(
      [
        'Allow dynamodb:Query table:feedback',
        'Allow dynamodb:Query index:feedback/byArrival',
        'Allow dynamodb:BatchGetItem table:cases',
        'Allow dynamodb:Query index:cases/byRelabel',
        'Allow dynamodb:GetItem table:aggregates',
        'Allow dynamodb:PutItem table:aggregates',
        'Allow dynamodb:UpdateItem table:aggregates',
        'Allow dynamodb:Query table:aggregates',
        'Allow dynamodb:BatchGetItem table:aggregates',
      ].sort(),
    );
    // Besides DynamoDB: only sending a failed scheduled event to its own dead-letter queue.
    const deadLetters = JSON.stringify({ 'Fn::GetAtt': [logicalId(infra.stateless.functions.aggregate.deadLetters!.queue), 'Arn'] });
    expect(nonBaselineGrants('aggregate').filter((g) => !g.startsWith('dynamodb:'))).toEqual([`sqs:SendMessage ${deadLetters}`]);
  });

  // The nightly pass recomputes whole days: it never needs the watermark, so no GetItem or UpdateItem.
  it('aggregateNightly may Query feedback (no index), Put/Query/BatchGet the aggregates table and BatchGet the cases’ labels', () => {
    expect(dynamoGrants('aggregateNightly')).toEqual(
      [
        'Allow dynamodb:Query table:feedback',
        'Allow dynamodb:BatchGetItem table:cases',
        'Allow dynamodb:PutItem table:aggregates',
        'Allow dynamodb:Query table:aggregates',
        'Allow dynamodb:BatchGetItem table:aggregates',
      ].sort(),
    );
  });

  // Snapshots are what every report shows: only the two aggregation functions may write them, and nothing may delete them.
  it('lets only aggregate and aggregateNightly write the aggregates table', () => {
    const writers = (Object.keys(functions) as FunctionName[]).filter((n) =>
      dynamoGrants(n).some((g) => /(Put|Update|Delete|BatchWrite)Item table:aggregates/.test(g)),
    );
    expect(writers.sort()).toEqual(['aggregate', 'aggregateNightly']);
    for (const n of Object.keys(functions) as FunctionName[])
      expect(dynamoGrants(n).some((g) => /DeleteItem table:aggregates/.test(g))).toBe(false);
  });

  // The digest reads comments: the node's answers of the month and their cases' labels, and the snapshots; it writes nothing.
  it('digest may Query feedback, BatchGet the cases and Query/BatchGet the aggregates table only', () => {
    expect(dynamoGrants('digest')).toEqual(
      [
        'Allow dynamodb:Query table:feedback',
        'Allow dynamodb:BatchGetItem table:cases',
        'Allow dynamodb:Query table:aggregates',
        'Allow dynamodb:BatchGetItem table:aggregates',
      ].sort(),
    );
  });

  // The dashboard page is a shell; its data comes from the reporting API with the signed-in manager's token.
  it('gives the dashboard no access to anything', () => {
    expect(nonBaselineGrants('dashboard')).toEqual([]);
  });
});

describe('aggregation schedules', () => {
  const scheduleOf = (name: ScheduleName) => stateless[logicalId(infra.stateless.schedules[name].schedule)]!.Properties;

  // A quarter-hour keeps dashboards fresh while a run costs only the answers that arrived since the last one.
  it('runs aggregate every 15 minutes', () => {
    expect(scheduleOf('aggregate')).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      ScheduleExpressionTimezone: 'Europe/Helsinki',
      Target: { Arn: { 'Fn::GetAtt': [fnId('aggregate'), 'Arn'] } },
    });
  });

  // The nightly pass catches whatever the incremental runs missed, at 04:30 Helsinki time, which exists once on both DST days.
  it('runs aggregateNightly at 04:30 Europe/Helsinki, in Scheduler cron format', () => {
    expect(scheduleOf('aggregateNightly')).toMatchObject({
      ScheduleExpression: 'cron(30 4 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Helsinki',
      Target: { Arn: { 'Fn::GetAtt': [fnId('aggregateNightly'), 'Arn'] } },
    });
  });

  // Scheduler rejects a malformed expression only when the stack deploys; synth must stop first.
  it.each(['rate(5 minutes)', 'rate(1 hour)', 'cron(30 3 * * ? *)', 'cron(0 12 ? * MON-FRI *)', 'cron(0/15 8-20 * * ? 2026)'])(
    'accepts %s',
    (expression) => {
      expect(checkScheduleExpression(expression)).toBe(expression);
    },
  );
  it.each([
    'rate(0 minutes)',
    'rate(5 weeks)',
    'cron(30 3 * * *)',
    'cron(30 3 * * * *)',
    'cron(30 3 ? * ? *)',
    '30 3 * * ? *',
    'every 15 minutes',
  ])('rejects %s', (expression) => {
    expect(() => checkScheduleExpression(expression)).toThrow(/Scheduler format/);
  });
});

describe('alarms on scheduled functions', () => {
  const scheduleEntries = Object.entries(schedules) as [ScheduleName, ScheduleSpec][];
  const alarmsOn = (name: FunctionName) =>
    Object.values(stateless).filter(
      (r) =>
        r.Type === 'AWS::CloudWatch::Alarm' &&
        JSON.stringify(r.Properties.Dimensions ?? []) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId(name) } }]),
    );
  const alarm = (name: FunctionName, metric: string) => {
    const found = alarmsOn(name).filter((a) => a.Properties.MetricName === metric);
    expect(found, `${metric} alarm of ${name}`).toHaveLength(1);
    return found[0]!.Properties;
  };

  // A failed aggregation leaves every dashboard stale without a word; the first failure must tell someone.
  it.each(['aggregate', 'aggregateNightly'] as const)('alarm when %s fails even once', (name) => {
    expect(alarm(name, 'Errors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  describe.each(scheduleEntries)('schedule %s', (scheduleName, spec) => {
    const name = spec.function;

    // Every scheduled function, not only the aggregation: a silent release failure means no SMS sent.
    it(`alarms on any error of ${name}`, () => {
      expect(alarm(name, 'Errors')).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    });

    // A run near its timeout is the warning before runs start failing as the data grows.
    it(`alarms when a run of ${name} takes over ${DURATION_ALARM_FRACTION * 100} % of its timeout`, () => {
      expect(alarm(name, 'Duration')).toMatchObject({
        Namespace: 'AWS/Lambda',
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: Math.floor(functions[name].timeoutSeconds * 1000 * DURATION_ALARM_FRACTION),
        TreatMissingData: 'notBreaching',
      });
    });

    // No invocations at all (schedule disabled, role broken, throttled) is a failure no error metric shows.
    it(`alarms when ${name} misses ${MISSED_RUN_INTERVALS} runs in a row, if its schedule has a rate`, () => {
      const interval = rateInterval(spec.expression);
      const found = alarmsOn(name).filter((a) => a.Properties.MetricName === 'Invocations');
      if (!interval) {
        expect(found).toEqual([]);
        return;
      }
      expect(found).toHaveLength(1);
      expect(found[0]!.Properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Period: interval.toSeconds(),
        EvaluationPeriods: MISSED_RUN_INTERVALS,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
      });
      expect(infra.stateless.scheduleAlarms[scheduleName].missedRuns).toBeDefined();
    });
  });

  // The 15-minute aggregation is the one whose silence managers would notice first.
  it('watches the 15-minute aggregation for missed runs over 45 minutes', () => {
    expect(rateInterval(schedules.aggregate.expression)).toEqual(Duration.minutes(15));
    expect(alarm('aggregate', 'Invocations')).toMatchObject({ Period: 900, EvaluationPeriods: 3 });
  });

  it('reads rate intervals in minutes, hours and days, and none from cron', () => {
    expect(rateInterval('rate(5 minutes)')?.toSeconds()).toBe(300);
    expect(rateInterval('rate(1 hour)')?.toSeconds()).toBe(3600);
    expect(rateInterval('rate(2 days)')?.toSeconds()).toBe(172_800);
    expect(rateInterval('cron(30 3 * * ? *)')).toBeUndefined();
  });
});

describe('dashboard sign-in', () => {
  const env = (i: InfraApp) =>
    i.statelessTemplate.toJSON().Resources[logicalId(i.stateless.functions.dashboard.function)].Properties.Environment?.Variables ?? {};
  /** A cross-stack value resolved to what the stateful stack outputs. */
  const resolved = (i: InfraApp, value: unknown) => {
    const outputs = i.statefulTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
    const name = JSON.stringify(value).match(/"(?:OutputName|Fn::ImportValue)":"(?:[^":]*:)?([^"]+)"/)?.[1];
    return name && name in outputs ? outputs[name]!.Value : value;
  };

  // The page's script sends staff to the pool's hosted sign-in with the staff client; nothing else is needed, least of all a secret.
  it('tells the dashboard the Cognito domain and the staff client id, and no callback while it is the placeholder', () => {
    const vars = env(infra);
    expect(Object.keys(vars).sort()).toEqual([DASHBOARD_AUTH_ENV.authUrl, DASHBOARD_AUTH_ENV.clientId, ORIGIN_SECRET_ENV].sort());
    expect(resolved(infra, vars[DASHBOARD_AUTH_ENV.clientId])).toEqual({ Ref: logicalId(infra.stateful.auth.staffClient) });
    expect(JSON.stringify(vars[DASHBOARD_AUTH_ENV.authUrl])).toMatch(
      /^\{"Fn::Join":\["",\["https:\/\/",.*"\.auth\.eu-north-1\.amazoncognito\.com"\]\]\}$/,
    );
  });

  // With a real callback registered, the page must send exactly that redirect_uri or Cognito refuses the sign-in.
  it('passes the registered callback once the deployment has one', () => {
    const custom = buildInfraApp({ context: { publicBaseUrl: 'https://palaute.example.fi' } });
    expect(env(custom)[DASHBOARD_AUTH_ENV.dashboardUrl]).toBe(`https://palaute.example.fi${DASHBOARD_PATH}`);
  });

  // lib and the page name the dashboard path independently; the callback must be where the page is served.
  it('agrees with the page on the dashboard path', () => {
    expect(DASHBOARD_PATH).toBe(PAGE_DASHBOARD_PATH);
  });
});

describe('report routes', () => {
  const routeByKey = (key: string) =>
    Object.values(stateless).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === key)!.Properties;
  const authorizerId = () => Object.entries(stateless).find(([, r]) => r.Type === 'AWS::ApiGatewayV2::Authorizer')![0];

  // Reports and the national export show figures below the public threshold: a valid staff token with reports:read first.
  it.each([
    'GET /api/reports/nps',
    'GET /api/reports/statements',
    'GET /api/reports/children',
    'GET /api/reports/breakdown',
    'GET /api/exports/monthly',
  ])('%s requires a JWT with palaute/reports:read', (key) => {
    expect(routes.some((r) => `${r.method} ${r.path}` === key)).toBe(true);
    expect(routeByKey(key)).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authorizerId() },
      AuthorizationScopes: ['palaute/reports:read'],
    });
  });

  // The dashboard shell and the public results are pages a browser navigates to, without a bearer token.
  it.each(['GET /admin', 'GET /tulokset', 'GET /resultat', 'GET /results'])('%s is public', (key) => {
    expect(routeByKey(key).AuthorizationType ?? 'NONE').toBe('NONE');
  });

  // The stage-level URL operators pass back as context dashboardUrl.
  // The dashboard is at the public address (CloudFront), like every page; the execute-api address refuses direct requests.
  it('outputs the dashboard URL', () => {
    infra.statelessTemplate.hasOutput('DashboardUrl', {
      Value: {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(infra.stateless.edge.distribution), 'DomainName'] }, '/admin']],
      },
    });
  });
});
