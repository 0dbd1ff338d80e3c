/**
 * Stateful stack: every table of shared/manifest.ts exists with the manifest's keys, indexes and TTL,
 * and with the protections that keep data safe (PITR, deletion protection, encryption, retention).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { tables, type TableName, type TableSpec } from '#shared/manifest.ts';
import { buildInfraApp, logicalId, type InfraApp } from './infra-app.ts';

const tableEntries = Object.entries(tables) as [TableName, TableSpec][];

const keySchema = (pk: { name: string }, sk?: { name: string }) => [
  { AttributeName: pk.name, KeyType: 'HASH' },
  ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : []),
];

let infra: InfraApp;
beforeAll(() => {
  infra = buildInfraApp();
});

describe('stateful stack', () => {
  // A table added to or removed from the manifest must show up here, with nothing extra.
  it('has exactly one DynamoDB table per manifest table', () => {
    infra.statefulTemplate.resourceCountIs('AWS::DynamoDB::Table', tableEntries.length);
    expect(Object.keys(infra.stateful.tables).sort()).toEqual(tableEntries.map(([n]) => n).sort());
  });

  describe.each(tableEntries)('table %s', (name, spec) => {
    const resource = () => infra.statefulTemplate.findResources('AWS::DynamoDB::Table')[logicalId(infra.stateful.tables[name])];

    // Keys and indexes are the access patterns the handlers query by; a mismatch fails at runtime only.
    it('has the manifest key schema and global secondary indexes', () => {
      const props = resource()?.Properties;
      expect(props.KeySchema).toEqual(keySchema(spec.partitionKey, spec.sortKey));
      const indexes = (props.GlobalSecondaryIndexes ?? []) as { IndexName: string }[];
      expect(indexes).toEqual(
        spec.indexes.map((ix) => ({
          IndexName: ix.name,
          KeySchema: keySchema(ix.partitionKey, ix.sortKey),
          Projection: { ProjectionType: ix.projection },
        })),
      );
      const keyNames = [spec.partitionKey, spec.sortKey, ...spec.indexes.flatMap((ix) => [ix.partitionKey, ix.sortKey])]
        .filter((k) => k !== undefined)
        .map((k) => ({ AttributeName: k.name, AttributeType: k.type }));
      expect(props.AttributeDefinitions).toEqual(expect.arrayContaining(keyNames));
      expect(props.AttributeDefinitions).toHaveLength(new Set(keyNames.map((k) => k.AttributeName)).size);
    });

    // TTL is how idempotency records expire; dynalite ignores it, so only this test notices a loss.
    it('expires items by the manifest TTL attribute, and only where one is declared', () => {
      const ttl = resource()?.Properties.TimeToLiveSpecification;
      if (spec.ttlAttribute) expect(ttl).toEqual({ AttributeName: spec.ttlAttribute, Enabled: true });
      else expect(ttl).toBeUndefined();
    });

    // cdk-nag cannot be relied on for these (TOOLCHAIN.md), so the data protections are asserted directly.
    it('is on-demand, point-in-time recoverable, deletion protected, encrypted and retained', () => {
      expect(resource()).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: { SSEEnabled: true },
        },
      });
    });

    // Operators and the README need the generated name to find the table.
    it('outputs its table name', () => {
      infra.statefulTemplate.hasOutput('*', { Value: { Ref: logicalId(infra.stateful.tables[name]) }, Description: Match.stringLikeRegexp(name) });
    });
  });
});
