/**
 * Stateless stack: one Lambda function per manifest function with the project's fixed settings, one
 * HTTP API route per manifest route on the right function, least-privilege table access, and a
 * `$default` stage with access logs and throttling.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Table, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { functions, routes, tables, type FunctionName, type FunctionSpec, type TableName } from '#shared/manifest.ts';
import { LAMBDA_NODE_MAJOR } from '#lib/bundling.ts';
import { PalauteFunction } from '#lib/palaute-function.ts';
import { DEFAULT_LOG_RETENTION, DEFAULT_THROTTLE } from '#lib/stateless-stack.ts';
import { buildInfraApp, logicalId, type InfraApp } from './infra-app.ts';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const functionEntries = Object.entries(functions) as [FunctionName, FunctionSpec][];

let infra: InfraApp;
let resources: Record<string, Resource>;
beforeAll(() => {
  infra = buildInfraApp();
  resources = infra.statelessTemplate.toJSON().Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** Every statement of every policy attached to the role, inline or separate. */
function roleStatements(roleLogicalId: string): Statement[] {
  const role = resources[roleLogicalId]!;
  const inline = (role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
  const attached = ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleLogicalId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}

/** Which stateful-stack table a policy resource points at, and whether it is an index ARN. */
function tableTarget(resource: unknown): { table: TableName; index?: string } | undefined {
  const json = JSON.stringify(resource);
  const table = (Object.keys(tables) as TableName[]).find((t) => json.includes(logicalId(infra.stateful.tables[t])));
  if (!table) return undefined;
  const index = /\/index\/([^"]+)"/.exec(json)?.[1];
  return index ? { table, index } : { table };
}

describe('functions', () => {
  // A function added to the manifest gets deployed without anyone touching lib/.
  it('has exactly one Lambda function per manifest function', () => {
    infra.statelessTemplate.resourceCountIs('AWS::Lambda::Function', functionEntries.length);
  });

  describe.each(functionEntries)('%s', (name, spec) => {
    const fn = () => infra.stateless.functions[name];
    const props = () => resources[logicalId(fn().function)]!.Properties;

    // Runtime, architecture and tracing are fixed by PalauteFunction; this proves no function escapes it.
    it('runs on the pinned Node.js runtime, on ARM, with active tracing and the manifest memory and timeout', () => {
      expect(props()).toMatchObject({
        Runtime: `nodejs${LAMBDA_NODE_MAJOR}.x`,
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
        Handler: 'index.handler',
      });
    });

    // Handlers read table names from exactly these variables (functions/lib/env.ts) and nothing else is set.
    it('gets one environment variable per table it uses, holding that table name', () => {
      const vars: Record<string, unknown> = props().Environment?.Variables ?? {};
      const used = Object.keys(spec.tables) as TableName[];
      expect(Object.keys(vars).sort()).toEqual(used.map((t) => tables[t].envVar).sort());
      for (const t of used) {
        const target = tableTarget(vars[tables[t].envVar]);
        expect(target).toEqual({ table: t });
        expect(JSON.stringify(vars[tables[t].envVar])).not.toMatch(/Arn/);
      }
    });

    // Logs without retention are kept forever and billed forever.
    it('logs to its own log group with retention', () => {
      const logGroupId = props().LoggingConfig.LogGroup.Ref as string;
      expect(resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: DEFAULT_LOG_RETENTION } });
    });

    // Least privilege: exactly the manifest's actions, on exactly the manifest's tables, nothing wider.
    it('may do exactly the manifest table actions, on those tables only', () => {
      const roleId = logicalId(fn().role);
      expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
      const statements = roleStatements(roleId);
      const granted: Partial<Record<TableName, string[]>> = {};
      for (const s of statements) {
        const actions = asArray(s.Action);
        const dynamo = actions.filter((a) => a.startsWith('dynamodb:'));
        if (dynamo.length === 0) continue;
        expect(dynamo).toEqual(actions); // no statement mixes DynamoDB with other services
        expect(dynamo.some((a) => a.includes('*'))).toBe(false);
        for (const r of asArray(s.Resource)) {
          expect(r).not.toBe('*');
          const target = tableTarget(r);
          expect(target, `unexpected DynamoDB resource ${JSON.stringify(r)}`).toBeDefined();
          if (target!.index) expect(dynamo).toEqual(['dynamodb:Query']);
          else granted[target!.table] = [...(granted[target!.table] ?? []), ...dynamo];
        }
      }
      const expected = Object.fromEntries(Object.entries(spec.tables).map(([t, actions]) => [t, [...actions].sort()]));
      const actual = Object.fromEntries(Object.entries(granted).map(([t, actions]) => [t, [...new Set(actions)].sort()]));
      expect(actual).toEqual(expected);
    });

    // Whatever else the role may do must be this function's own logs and X-Ray, never a wildcard service.
    it('has no other permissions than its log group, X-Ray and its tables', () => {
      const logGroupRef = { 'Fn::GetAtt': [logicalId(fn().logGroup), 'Arn'] };
      for (const s of roleStatements(logicalId(fn().role))) {
        const actions = asArray(s.Action);
        expect(s.Effect).toBe('Allow');
        if (actions.every((a) => a.startsWith('dynamodb:'))) continue;
        if (actions.every((a) => a.startsWith('logs:'))) {
          expect(actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
          expect(s.Resource).toEqual(logGroupRef);
        } else {
          expect(actions.sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
        }
      }
    });
  });
});

describe('PalauteFunction.bindTable', () => {
  // No manifest function queries yet, so the index rule is checked on a throwaway table.
  it('adds the index ARNs by name for Query, and only for Query', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'BindTable');
    const table = new Table(stack, 'T', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    const spec = tables.feedback;
    const reader = new PalauteFunction(stack, 'Reader', { spec: { ...functions.health, tables: {} }, logRetention: RetentionDays.ONE_DAY });
    reader.bindTable(table, spec, ['dynamodb:Query']);
    const writer = new PalauteFunction(stack, 'Writer', { spec: { ...functions.health, tables: {} }, logRetention: RetentionDays.ONE_DAY });
    writer.bindTable(table, spec, ['dynamodb:PutItem']);

    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const dynamoStatement = (fn: PalauteFunction) => {
      const policy = Object.values(policies).find((p) => p.Properties.Roles[0].Ref === logicalId(fn.role))!;
      return policy.Properties.PolicyDocument.Statement.find((s: Statement) => asArray(s.Action).some((a) => a.startsWith('dynamodb:')));
    };
    const tableArn = { 'Fn::GetAtt': [logicalId(table), 'Arn'] };
    expect(dynamoStatement(reader)).toEqual({
      Effect: 'Allow',
      Action: 'dynamodb:Query',
      Resource: [tableArn, ...spec.indexes.map((ix) => ({ 'Fn::Join': ['', [tableArn, `/index/${ix.name}`]] }))],
    });
    expect(dynamoStatement(writer)).toEqual({ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: tableArn });
  });
});

describe('HTTP API', () => {
  // A route's Target is {"Fn::Join": ["", ["integrations/", {"Ref": <integration>}]]}.
  const integrationTarget = (routeProps: Record<string, any>) => {
    const [prefix, ref] = routeProps.Target['Fn::Join'][1];
    expect(prefix).toBe('integrations/');
    return resources[ref.Ref]!.Properties;
  };

  // The local stack serves exactly the manifest routes; AWS must serve the same set, no more.
  it('has exactly one route per manifest route', () => {
    const keys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey).sort();
    expect(keys).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  // A route wired to the wrong function would pass every handler test and still be broken.
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r.function] as const))('routes %s to %s through a payload 2.0 Lambda proxy', (routeKey, fnName) => {
    const [, route] = ofType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === routeKey)!;
    const integration = integrationTarget(route.Properties);
    expect(integration).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(infra.stateless.functions[fnName].function), 'Arn'] },
    });
  });

  // API Gateway may invoke each function only through the API, route by route.
  it('gives API Gateway one invoke permission per route, scoped to this API', () => {
    const permissions = ofType('AWS::Lambda::Permission').map(([, p]) => p.Properties);
    expect(permissions).toHaveLength(routes.length);
    for (const p of permissions) {
      expect(p.Principal).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(p.SourceArn)).toContain(logicalId(infra.stateless.api));
    }
  });

  // Without access logs there is no record of who got which status; without throttling one client can run up the bill.
  it('has a $default stage with JSON access logs to a retained log group and default route throttling', () => {
    const stages = ofType('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const stage = stages[0]![1].Properties;
    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit, ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit },
    });
    const logGroupId = stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: DEFAULT_LOG_RETENTION } });
    const format = JSON.parse(stage.AccessLogSettings.Format);
    expect(format.requestId).toBe('$context.requestId');
  });

  // Answers are anonymous: the access log must not record who sent them.
  it('keeps client IP, user agent and query string out of the access log', () => {
    const format = ofType('AWS::ApiGatewayV2::Stage')[0]![1].Properties.AccessLogSettings.Format as string;
    expect(format).not.toMatch(/sourceIp|userAgent|querystring|identity\./i);
  });

  // The README and the e2e checks against a deployment need the URL without opening the console.
  it('outputs the API URL', () => {
    infra.statelessTemplate.hasOutput('ApiUrl', { Value: { 'Fn::Join': ['', ['https://', { Ref: logicalId(infra.stateless.api) }, '.execute-api.eu-north-1.', { Ref: 'AWS::URLSuffix' }, '/']] } });
  });
});
