/**
 * Contacts on AWS: the customer-managed key (rotation on, alias, retained), the contacts table (PITR,
 * encryption, deletion protection, retained), and least privilege on the key — kms:GenerateDataKey to
 * the functions that store contact requests only, each under the `contact` encryption-context
 * purpose, with the key's ARN in their environment; no other function may use the key.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, keys, type FunctionName, type FunctionSpec } from '#shared/manifest.ts';
import { buildInfraApp, logicalId, type InfraApp } from '../../support/infra-app.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

let infra: InfraApp;
let stateless: Record<string, Resource>;
let stateful: Record<string, Resource>;
let keyId: string;
beforeAll(() => {
  infra = buildInfraApp();
  stateless = infra.statelessTemplate.toJSON().Resources;
  stateful = infra.statefulTemplate.toJSON().Resources;
  keyId = logicalId(infra.stateful.keys.contacts);
});

const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** The statements of a function's role that name the contact key. */
function keyStatements(name: FunctionName): Statement[] {
  const roleId = logicalId(infra.stateless.functions[name].role);
  return Object.values(stateless)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: { Ref: string }) => x.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .filter((s) => JSON.stringify(s.Resource).includes(keyId) || asArray(s.Action).some((a) => a.startsWith('kms:')));
}

const WRITERS: FunctionName[] = ['submitFeedback', 'enterFeedback', 'formSubmit', 'smsSurvey'];

describe('the contact key', () => {
  it('is a customer-managed key with yearly rotation, an alias, retained with the stack', () => {
    const key = stateful[keyId]!;
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.RotationPeriodInDays).toBe(365);
    expect(key.DeletionPolicy).toBe('Retain');
    const aliases = Object.values(stateful).filter((r) => r.Type === 'AWS::KMS::Alias');
    expect(aliases.some((a) => JSON.stringify(a.Properties.TargetKeyId).includes(keyId) && /-contacts$/.test(a.Properties.AliasName))).toBe(
      true,
    );
  });
});

describe('the contacts table', () => {
  it('has point-in-time recovery, encryption at rest and deletion protection, and is retained', () => {
    const table = stateful[logicalId(infra.stateful.tables.contacts)]!;
    expect(table.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(table.DeletionPolicy).toBe('Retain');
  });
});

describe('grants on the contact key', () => {
  it.each(WRITERS)('%s may only make data keys, under the contact purpose, with the key ARN in its environment', (name) => {
    const statements = keyStatements(name);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:GenerateDataKey',
        Resource: expect.anything(),
        Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'contact' } },
      },
    ]);
    expect(JSON.stringify(statements[0]!.Resource)).toContain(keyId);
    const fn = stateless[logicalId(infra.stateless.functions[name].function)]!;
    expect(JSON.stringify(fn.Properties.Environment.Variables[keys.contacts.envVar])).toContain(keyId);
  });

  it('no other function may use the key or any KMS action', () => {
    // Case handling's contact reader (kms:Decrypt) is granted in its own fragment, when it lands.
    const others = (Object.keys(functions) as FunctionName[]).filter((f) => !WRITERS.includes(f) && !(functions[f] as FunctionSpec).keys);
    for (const name of others) expect(keyStatements(name), name).toEqual([]);
  });
});
