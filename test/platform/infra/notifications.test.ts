/**
 * Mail and events on AWS: the stateful stack keeps the event bus `palaute-<regionId>` and, with a
 * sender in context (`mailFrom`, `mailIdentity`), the SES identity and a TLS-only configuration set,
 * all retained. A function with `publishesEvents` gets EVENT_BUS_NAME and events:PutEvents on that bus
 * only (source palaute, the known detail-types); one with `sendsMail` gets MAIL_FROM,
 * MAIL_CONFIGURATION_SET and ses:SendEmail on that identity and configuration set only, from that
 * address; a function without the flags gets neither. No manifest function has the flags yet, so the
 * app is also built with a test-only flag on `health`, and cdk-nag (AWS Solutions, HIPAA) is run on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { mailSenderFor, PLACEHOLDER_MAIL_FROM } from '#lib/palaute-app.ts';
import { notificationResourceName, readMailSender } from '#lib/notifications.ts';
import { EVENT_TYPES } from '#shared/platform/event-port.ts';
import { functions, type FunctionName, type FunctionSpec } from '#shared/manifest.ts';
import { buildInfraApp, logicalId, TEST_REGION_ID, type InfraApp } from '../../support/infra-app.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const ofType = (resources: Record<string, Resource>, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

/** Every statement of the policies attached to a function's role. */
function roleStatements(infra: InfraApp, fn: FunctionName): Statement[] {
  const resources = infra.statelessTemplate.toJSON().Resources as Record<string, Resource>;
  const roleId = logicalId(infra.stateless.functions[fn].role);
  return ofType(resources, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const envOf = (infra: InfraApp, fn: FunctionName): Record<string, unknown> => {
  const resources = infra.statelessTemplate.toJSON().Resources as Record<string, Resource>;
  return resources[logicalId(infra.stateless.functions[fn].function)]!.Properties.Environment?.Variables ?? {};
};
const byAction = (statements: Statement[], prefix: string) => statements.filter((s) => asArray(s.Action).some((a) => a.startsWith(prefix)));

const SENDER = { mailFrom: 'palaute@hyvaks.example.fi', mailIdentity: 'hyvaks.example.fi' };

describe('the default app', () => {
  let infra: InfraApp;
  beforeAll(() => {
    infra = buildInfraApp();
  });

  it('has the event bus palaute-<regionId> in the stateful stack, retained, with its name as an output', () => {
    const resources = infra.statefulTemplate.toJSON().Resources as Record<string, Resource>;
    const buses = ofType(resources, 'AWS::Events::EventBus');
    expect(buses.map(([, b]) => [b.Properties.Name, b.DeletionPolicy])).toEqual([[notificationResourceName(TEST_REGION_ID), 'Retain']]);
    expect(infra.statefulTemplate.toJSON().Outputs.EventBusName.Value).toEqual({ Ref: buses[0]![0] });
  });

  it('makes an SES identity only when a function sends mail (then with the placeholder, which deploy refuses)', () => {
    const resources = infra.statefulTemplate.toJSON().Resources as Record<string, Resource>;
    const sendsMail = (Object.values(functions) as FunctionSpec[]).some((f) => f.sendsMail);
    expect(ofType(resources, 'AWS::SES::EmailIdentity').map(([, r]) => r.Properties.EmailIdentity)).toEqual(
      sendsMail ? [PLACEHOLDER_MAIL_FROM] : [],
    );
  });

  it('grants events and mail to no function without the flags', () => {
    for (const [name, spec] of Object.entries(functions) as [FunctionName, FunctionSpec][]) {
      const statements = roleStatements(infra, name);
      if (!spec.publishesEvents) expect(byAction(statements, 'events:'), name).toEqual([]);
      if (!spec.sendsMail) expect(byAction(statements, 'ses:'), name).toEqual([]);
      if (!spec.publishesEvents) expect(envOf(infra, name), name).not.toHaveProperty('EVENT_BUS_NAME');
      if (!spec.sendsMail) expect(envOf(infra, name), name).not.toHaveProperty('MAIL_FROM');
    }
  });
});

describe('a function with sendsMail and publishesEvents (test-only flags on health), sender in context', () => {
  let infra: InfraApp;
  const health = functions.health as FunctionSpec;
  beforeAll(() => {
    Object.assign(health, { sendsMail: true, publishesEvents: true });
    try {
      infra = buildInfraApp({ context: SENDER });
    } finally {
      delete health.sendsMail;
      delete health.publishesEvents;
    }
  });
  afterAll(() => {
    expect(health.sendsMail).toBeUndefined();
  });

  it('gets events:PutEvents on the bus only, for source palaute and the known types', () => {
    const [statement, ...more] = byAction(roleStatements(infra, 'health'), 'events:');
    expect(more).toEqual([]);
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Condition: { StringEquals: { 'events:source': 'palaute', 'events:detail-type': [...EVENT_TYPES] } },
    });
    // One resource: the stateful stack's bus, imported.
    expect(asArray(statement!.Resource)).toHaveLength(1);
    expect(JSON.stringify(statement!.Resource)).toContain(logicalId(infra.stateful.eventBus.bus));
  });

  it('gets ses:SendEmail on the identity and configuration set only, from the sender address', () => {
    const [statement, ...more] = byAction(roleStatements(infra, 'health'), 'ses:');
    expect(more).toEqual([]);
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Action: 'ses:SendEmail',
      Condition: { StringEquals: { 'ses:FromAddress': SENDER.mailFrom } },
    });
    // The stateful stack's identity ARN and configuration set, imported; nothing else.
    const resources = asArray(statement!.Resource).map((r) => JSON.stringify(r));
    const identity = logicalId(infra.stateful.mail!.identity);
    const set = logicalId(infra.stateful.mail!.configurationSet);
    expect(resources).toHaveLength(2);
    expect(resources.filter((r) => r.includes(identity) && !r.includes(set))).toHaveLength(1);
    expect(resources.filter((r) => r.includes(':configuration-set/') && r.includes(set))).toHaveLength(1);
  });

  it('gets the bus, sender and configuration set in its environment', () => {
    const env = envOf(infra, 'health');
    expect(env.MAIL_FROM).toBe(SENDER.mailFrom);
    expect(JSON.stringify(env.MAIL_CONFIGURATION_SET)).toContain(logicalId(infra.stateful.mail!.configurationSet));
    expect(JSON.stringify(env.EVENT_BUS_NAME)).toContain(logicalId(infra.stateful.eventBus.bus));
  });

  it('has the domain identity with Easy DKIM and a TLS-only configuration set that suppresses bounces and complaints, retained', () => {
    const resources = infra.statefulTemplate.toJSON().Resources as Record<string, Resource>;
    const [[, identity]] = ofType(resources, 'AWS::SES::EmailIdentity') as [[string, Resource]];
    expect(identity.Properties.EmailIdentity).toBe(SENDER.mailIdentity);
    expect(identity.DeletionPolicy).toBe('Retain');
    expect(identity.Properties.ConfigurationSetAttributes.ConfigurationSetName).toBeDefined();
    const [[, set]] = ofType(resources, 'AWS::SES::ConfigurationSet') as [[string, Resource]];
    expect(set.Properties).toMatchObject({
      Name: notificationResourceName(TEST_REGION_ID),
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it.each([
    ['AwsSolutions', AwsSolutionsChecks],
    ['HIPAA Security', HIPAASecurityChecks],
  ] as const)('passes cdk-nag %s with no unacknowledged finding', (_, Pack) => {
    const report = new Pack(infra.app).validateScope(infra.app);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});

describe('the mail sender from context', () => {
  const ctx = (values: Record<string, unknown>) => (key: string) => values[key];

  it('is the address, verified as itself unless mailIdentity names its domain', () => {
    expect(readMailSender(ctx({}))).toBeUndefined();
    expect(readMailSender(ctx({ mailFrom: 'palaute@hyvaks.fi' }))).toEqual({ from: 'palaute@hyvaks.fi', identity: 'palaute@hyvaks.fi' });
    expect(readMailSender(ctx({ mailFrom: 'palaute@hyvaks.fi', mailIdentity: 'hyvaks.fi' }))).toEqual({
      from: 'palaute@hyvaks.fi',
      identity: 'hyvaks.fi',
    });
  });

  it.each([
    [{ mailFrom: 'palaute' }, /Context mailFrom must be an e-mail address/],
    [
      { mailFrom: 'palaute@hyvaks.fi', mailIdentity: 'example.fi' },
      /Context mailIdentity must be mailFrom \(palaute@hyvaks.fi\) or its domain/,
    ],
    [{ mailIdentity: 'hyvaks.fi' }, /Context mailIdentity needs mailFrom/],
  ])('stops synth on %j, naming the context key', (values, message) => {
    expect(() => readMailSender(ctx(values))).toThrow(message);
    expect(() => buildInfraApp({ context: values })).toThrow(message);
  });

  it('is the placeholder in an offline synth when a function sends mail and none is set; deploy is refused', () => {
    expect(mailSenderFor({}, false, true)).toBeUndefined();
    expect(mailSenderFor({}, true, false)).toEqual({ from: PLACEHOLDER_MAIL_FROM, identity: PLACEHOLDER_MAIL_FROM, placeholder: true });
    expect(() => mailSenderFor({}, true, true)).toThrow(/npm run deploy: a function sends mail \(sendsMail\), so set -c mailFrom=/);
    const mail = { from: 'palaute@hyvaks.fi', identity: 'hyvaks.fi' };
    expect(mailSenderFor({ mail }, true, true)).toBe(mail);
  });
});
