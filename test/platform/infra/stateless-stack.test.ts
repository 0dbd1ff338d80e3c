/**
 * Stateless stack: one Lambda function per manifest function with the project's fixed settings, one
 * HTTP API route per manifest route on the right function, least-privilege access to exactly the
 * tables, queues, secrets, SMS publishing, mail and events the manifest grants, and a `$default` stage with access
 * logs and throttling.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Table, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  functions,
  keys,
  queues,
  routes,
  schedules,
  secrets,
  tables,
  type FunctionName,
  type FunctionSpec,
  type KeyName,
  type QueueName,
  type SecretName,
  type TableName,
} from '#shared/manifest.ts';
import { LAMBDA_NODE_MAJOR } from '#lib/bundling.ts';
import { PalauteFunction, PUBLIC_BASE_URL_ENV } from '#lib/palaute-function.ts';
import { DASHBOARD_AUTH_ENV, WORKBENCH_AUTH_ENV, PULSE_AUTH_ENV, ORIGIN_SECRET_ENV } from '#shared/manifest.ts';
import { EVENT_BUS_NAME_ENV, MAIL_CONFIGURATION_SET_ENV, MAIL_FROM_ENV } from '#shared/platform/manifest-types.ts';
import { DEFAULT_LOG_RETENTION, DEFAULT_THROTTLE } from '#lib/stateless-stack.ts';
import { buildInfraApp, cdkJsonContext, logicalId, type InfraApp } from '../../support/infra-app.ts';

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

const getAtt = (construct: Parameters<typeof logicalId>[0]) => JSON.stringify({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] });
/** The Deny statement's resource: every SNS ARN, in any region and account. */
const ANY_SNS_ARN = JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*']] });

/**
 * A readable name for a policy resource — `table:sms`, `index:sms/byDue`, `queue:invitations`,
 * `secret:sms`, `logs:sendSms`, `*` — so expected permissions can be written as plain data.
 */
function resourceLabel(resource: unknown): string {
  if (resource === '*') return '*';
  const json = JSON.stringify(resource);
  const table = tableTarget(resource);
  if (table) return table.index ? `index:${table.table}/${table.index}` : `table:${table.table}`;
  const secret = (Object.keys(secrets) as SecretName[]).find((n) => json.includes(logicalId(infra.stateful.secrets[n])));
  if (secret) return `secret:${secret}`;
  const key = (Object.keys(keys) as KeyName[]).find((n) => json.includes(logicalId(infra.stateful.keys[n])));
  if (key) return `key:${key}`;
  for (const q of Object.keys(queues) as QueueName[]) {
    if (json === getAtt(infra.stateless.queues[q].queue)) return `queue:${q}`;
    if (json === getAtt(infra.stateless.queues[q].deadLetterQueue)) return `dead-letter-queue:${q}`;
  }
  const logs = functionEntries.find(([n]) => json === getAtt(infra.stateless.functions[n].logGroup));
  if (logs) return `logs:${logs[0]}`;
  const deadLetters = functionEntries.find(([n]) => {
    const queue = infra.stateless.functions[n].deadLetters?.queue;
    return queue !== undefined && json === getAtt(queue);
  });
  if (deadLetters) return `async-dead-letter-queue:${deadLetters[0]}`;
  if (json === ANY_SNS_ARN) return 'sns:any-arn';
  if (json.includes(logicalId(infra.stateful.eventBus.bus))) return 'event-bus';
  const mail = infra.stateful.mail;
  if (mail && json.includes(logicalId(mail.configurationSet))) return 'mail-configuration-set';
  if (mail && json.includes(logicalId(mail.identity))) return 'mail-identity';
  return `unknown:${json}`;
}

/** Every permission of a role as `Effect action resource-label`, however CDK grouped the statements. */
function grants(roleLogicalId: string): string[] {
  const out = roleStatements(roleLogicalId).flatMap((s) =>
    asArray(s.Action).flatMap((a) => asArray(s.Resource).map((r) => `${s.Effect} ${a} ${resourceLabel(r)}`)),
  );
  return [...new Set(out)].sort();
}

/** What an SQS event source needs on its queue (SqsEventSource grants exactly these). */
const CONSUME_ACTIONS = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
];

/** The permissions a manifest function should have, derived from its manifest entry alone. */
function expectedGrants(name: FunctionName, spec: FunctionSpec): string[] {
  const out = [
    `Allow logs:CreateLogStream logs:${name}`,
    `Allow logs:PutLogEvents logs:${name}`,
    'Allow xray:PutTelemetryRecords *',
    'Allow xray:PutTraceSegments *',
  ];
  for (const [t, actions] of Object.entries(spec.tables) as [TableName, readonly string[]][]) {
    for (const a of actions) {
      const index = /^dynamodb:Query@(.+)$/.exec(a)?.[1];
      out.push(index ? `Allow dynamodb:Query index:${t}/${index}` : `Allow ${a} table:${t}`);
    }
  }
  for (const q of spec.sendsTo ?? []) out.push(`Allow sqs:SendMessage queue:${q}`);
  for (const [q, queue] of Object.entries(queues) as [QueueName, (typeof queues)[QueueName]][]) {
    if (queue.consumer === name) out.push(...CONSUME_ACTIONS.map((a) => `Allow ${a} queue:${q}`));
  }
  for (const sec of spec.secrets ?? []) out.push(`Allow secretsmanager:GetSecretValue secret:${sec}`);
  for (const [k, actions] of Object.entries(spec.keys ?? {}) as [KeyName, readonly string[]][])
    out.push(...actions.map((a) => `Allow ${a} key:${k}`));
  // A scheduled function's failed asynchronous events go to its own dead-letter queue (lib/invocation.ts).
  if (Object.values(schedules).some((s) => s.function === name)) out.push(`Allow sqs:SendMessage async-dead-letter-queue:${name}`);
  if (spec.sendsSms) out.push('Allow sns:Publish *', 'Deny sns:Publish sns:any-arn');
  if (spec.publishesEvents) out.push('Allow events:PutEvents event-bus');
  if (spec.sendsMail) out.push('Allow ses:SendEmail mail-identity', 'Allow ses:SendEmail mail-configuration-set');
  return out.sort();
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

    // Handlers read names, URLs and ARNs from exactly these variables (shared/platform/env.ts) and nothing else is set.
    it('gets one environment variable per table, queue and secret it uses, and the public URL if it needs it', () => {
      const vars: Record<string, unknown> = props().Environment?.Variables ?? {};
      const used = Object.keys(spec.tables) as TableName[];
      const expected = [
        ...used.map((t) => tables[t].envVar),
        ...(spec.sendsTo ?? []).map((q) => queues[q].envVar),
        ...(spec.secrets ?? []).map((sec) => secrets[sec].envVar),
        ...Object.keys(spec.keys ?? {}).map((k) => keys[k as KeyName].envVar),
        ...(spec.needsPublicUrl ? [PUBLIC_BASE_URL_ENV] : []),
        // The bus of a function that publishes events; the sender (and configuration set) of one that sends mail.
        ...('publishesEvents' in spec && spec.publishesEvents ? [EVENT_BUS_NAME_ENV] : []),
        ...('sendsMail' in spec && spec.sendsMail ? [MAIL_FROM_ENV, MAIL_CONFIGURATION_SET_ENV] : []),
        // The dashboard page's sign-in (no callback while it is the local placeholder, as here).
        ...(name === 'dashboard' ? [DASHBOARD_AUTH_ENV.authUrl, DASHBOARD_AUTH_ENV.clientId] : []),
        // The case workbench's, the same way.
        ...(name === 'workbench' ? [WORKBENCH_AUTH_ENV.authUrl, WORKBENCH_AUTH_ENV.clientId] : []),
        // And the pulse page's.
        ...(name === 'pulsePage' ? [PULSE_AUTH_ENV.authUrl, PULSE_AUTH_ENV.clientId] : []),
        // Functions behind a route refuse requests that did not come through CloudFront.
        ...(routes.some((r) => r.function === name) ? [ORIGIN_SECRET_ENV] : []),
      ];
      expect(Object.keys(vars).sort()).toEqual(expected.sort());
      if (routes.some((r) => r.function === name))
        expect(vars[ORIGIN_SECRET_ENV]).toEqual({
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: logicalId(infra.stateless.edge.originSecret) }, ':SecretString:::}}']],
        });
      for (const t of used) {
        const target = tableTarget(vars[tables[t].envVar]);
        expect(target).toEqual({ table: t });
        expect(JSON.stringify(vars[tables[t].envVar])).not.toMatch(/Arn/);
      }
      for (const q of spec.sendsTo ?? []) expect(vars[queues[q].envVar]).toEqual({ Ref: logicalId(infra.stateless.queues[q].queue) });
      for (const sec of spec.secrets ?? []) expect(resourceLabel(vars[secrets[sec].envVar])).toBe(`secret:${sec}`);
      for (const k of Object.keys(spec.keys ?? {}) as KeyName[]) expect(resourceLabel(vars[keys[k].envVar])).toBe(`key:${k}`);
    });

    // Logs without retention are kept forever and billed forever.
    it('logs to its own log group with retention', () => {
      const logGroupId = props().LoggingConfig.LogGroup.Ref as string;
      expect(resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: DEFAULT_LOG_RETENTION } });
    });

    // Least privilege: exactly what the manifest grants, on exactly those resources, and nothing else.
    it('may do exactly what its manifest entry grants, on exactly those resources', () => {
      const roleId = logicalId(fn().role);
      expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
      expect(grants(roleId)).toEqual(expectedGrants(name, spec));
    });
  });
});

describe('least privilege of the SMS functions', () => {
  const of = (name: FunctionName) => grants(logicalId(infra.stateless.functions[name].role)).filter((g) => !/ (logs:|xray:)/.test(g));

  // Visit intake holds phone numbers in transit; it must reach nothing but its table and the key to hash them.
  it('receiveVisits touches only the sms table (no index: it queries none) and reads only the SMS secret', () => {
    expect(new Set(of('receiveVisits').map((g) => g.split(' ')[2]))).toEqual(new Set(['table:sms', 'secret:sms']));
    expect(of('receiveVisits').filter((g) => !/^Allow dynamodb:/.test(g))).toEqual(['Allow secretsmanager:GetSecretValue secret:sms']);
  });

  // The sender is the only function that may spend money on SMS, and it can send nothing but direct SMS.
  it('sendSms may publish direct SMS only, and read and update the sms table', () => {
    const g = of('sendSms');
    expect(g).toEqual(
      expect.arrayContaining([
        'Allow sns:Publish *',
        'Deny sns:Publish sns:any-arn',
        'Allow dynamodb:GetItem table:sms',
        'Allow dynamodb:UpdateItem table:sms',
      ]),
    );
    for (const [name] of functionEntries.filter(([n]) => n !== 'sendSms'))
      expect(grants(logicalId(infra.stateless.functions[name].role)).some((x) => x.includes('sns:'))).toBe(false);
  });

  // The release may put work on the invitations queue and nowhere else; it never receives or deletes.
  it('releaseInvitations may send to the invitations queue only', () => {
    expect(of('releaseInvitations').filter((g) => g.includes('sqs:'))).toEqual([
      'Allow sqs:SendMessage async-dead-letter-queue:releaseInvitations',
      'Allow sqs:SendMessage queue:invitations',
    ]);
    const senders = functionEntries.filter(([n]) =>
      grants(logicalId(infra.stateless.functions[n].role)).some((g) => g.startsWith('Allow sqs:SendMessage queue:')),
    );
    expect(senders.map(([n]) => n)).toEqual(['releaseInvitations']);
    // Any other send is a scheduled function's to its own dead-letter queue, never to another's.
    for (const [n] of functionEntries) {
      const others = grants(logicalId(infra.stateless.functions[n].role)).filter(
        (g) => g.startsWith('Allow sqs:SendMessage') && !g.startsWith('Allow sqs:SendMessage queue:'),
      );
      expect(others, n).toEqual(infra.stateless.functions[n].deadLetters ? [`Allow sqs:SendMessage async-dead-letter-queue:${n}`] : []);
    }
  });

  // A wildcard action is how least privilege quietly erodes; no role of the stack may have one.
  it('gives no role of the stack a wildcard action such as sqs:* or dynamodb:*', () => {
    const roleIds = ofType('AWS::IAM::Role').map(([id]) => id);
    expect(roleIds.length).toBeGreaterThan(functionEntries.length);
    for (const id of roleIds) {
      for (const s of roleStatements(id)) {
        if (s.Effect === 'Allow')
          expect(
            asArray(s.Action).filter((a) => a.includes('*')),
            id,
          ).toEqual([]);
      }
    }
  });
});

describe('PalauteFunction.bindTable', () => {
  // A throwaway table and functions keep the index rule independent of what the manifest's functions do.
  it('grants Query on an index only where the grant names it, and no index for a Query on the table', () => {
    const stack = new Stack(new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } }), 'BindTable');
    const table = new Table(stack, 'T', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    const spec = tables.feedback;
    const logKey = new Key(stack, 'LogKey');
    const make = (id: string) =>
      new PalauteFunction(stack, id, {
        name: 'health',
        spec: { ...functions.health, tables: {} },
        logRetention: RetentionDays.ONE_DAY,
        logKey,
      });
    const reader = make('Reader');
    reader.bindTable(table, spec, ['dynamodb:Query']);
    const writer = make('Writer');
    writer.bindTable(table, spec, ['dynamodb:PutItem']);
    const both = make('Both');
    both.bindTable(table, spec, ['dynamodb:PutItem', 'dynamodb:Query']);
    const oneIndex = make('OneIndex');
    oneIndex.bindTable(table, spec, ['dynamodb:Query@byArrival']);
    expect(() => make('Unknown').bindTable(table, spec, ['dynamodb:Query@noSuchIndex'])).toThrow(/no index noSuchIndex/);

    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const tableArn = JSON.stringify({ 'Fn::GetAtt': [logicalId(table), 'Arn'] });
    const label = (r: unknown) => {
      const json = JSON.stringify(r);
      if (json === tableArn) return 'table';
      const index = spec.indexes.find((ix) => json === JSON.stringify({ 'Fn::Join': ['', [JSON.parse(tableArn), `/index/${ix.name}`]] }));
      return index ? `index/${index.name}` : `unknown:${json}`;
    };
    const dynamoGrants = (fn: PalauteFunction) => {
      const policy = Object.values(policies).find((p) => p.Properties.Roles[0].Ref === logicalId(fn.role))!;
      return (policy.Properties.PolicyDocument.Statement as Statement[])
        .filter((s) => asArray(s.Action).some((a) => a.startsWith('dynamodb:')))
        .flatMap((s) => asArray(s.Action).flatMap((a) => asArray(s.Resource).map((r) => `${a} ${label(r)}`)))
        .sort();
    };
    expect(dynamoGrants(reader)).toEqual(['dynamodb:Query table']);
    expect(dynamoGrants(writer)).toEqual(['dynamodb:PutItem table']);
    expect(dynamoGrants(both)).toEqual(['dynamodb:PutItem table', 'dynamodb:Query table']);
    expect(dynamoGrants(oneIndex)).toEqual(['dynamodb:Query index/byArrival']);
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
    const keys = ofType('AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties.RouteKey)
      .sort();
    expect(keys).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  // A route wired to the wrong function would pass every handler test and still be broken.
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r.function] as const))(
    'routes %s to %s through a payload 2.0 Lambda proxy',
    (routeKey, fnName) => {
      const [, route] = ofType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === routeKey)!;
      const integration = integrationTarget(route.Properties);
      expect(integration).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [logicalId(infra.stateless.functions[fnName].function), 'Arn'] },
      });
    },
  );

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
    infra.statelessTemplate.hasOutput('ApiUrl', {
      Value: {
        'Fn::Join': ['', ['https://', { Ref: logicalId(infra.stateless.api) }, '.execute-api.eu-north-1.', { Ref: 'AWS::URLSuffix' }, '/']],
      },
    });
  });
});
