import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tables, type TableName, type TableSpec } from '#shared/manifest.ts';

/** Table names the local stack uses; the CDK app lets CloudFormation name the real ones. */
export function localTableName(table: TableName): string {
  return `palaute-local-${table}`;
}

/** CreateTable input for a manifest table, the same key schema and indexes the CDK app declares. */
export function createTableInput(name: string, spec: TableSpec) {
  const attrs = new Map<string, 'S'>();
  const keySchema = (pk: { name: string }, sk?: { name: string }) => {
    attrs.set(pk.name, 'S');
    if (sk) attrs.set(sk.name, 'S');
    return [{ AttributeName: pk.name, KeyType: 'HASH' as const }, ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : [])];
  };
  const KeySchema = keySchema(spec.partitionKey, spec.sortKey);
  const GlobalSecondaryIndexes = spec.indexes.map((ix) => ({
    IndexName: ix.name,
    KeySchema: keySchema(ix.partitionKey, ix.sortKey),
    Projection: { ProjectionType: ix.projection },
  }));
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema,
    AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    ...(GlobalSecondaryIndexes.length ? { GlobalSecondaryIndexes } : {}),
  };
}

/** Creates every manifest table that does not exist yet and waits until all are ACTIVE. */
export async function ensureTables(client: DynamoDBClient): Promise<Record<TableName, string>> {
  const names = {} as Record<TableName, string>;
  for (const [table, spec] of Object.entries(tables) as [TableName, TableSpec][]) {
    const name = localTableName(table);
    names[table] = name;
    try {
      await client.send(new CreateTableCommand(createTableInput(name, spec)));
    } catch (e) {
      if (!(e instanceof ResourceInUseException)) throw e;
    }
    for (;;) {
      const d = await client.send(new DescribeTableCommand({ TableName: name }));
      if (d.Table?.TableStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return names;
}
