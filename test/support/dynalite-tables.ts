/**
 * dynalite for the store contract suites: one in-memory dynalite per test file and a fresh table per
 * test, created from the manifest exactly as the local stack creates its tables, so every contract
 * case starts from an empty table as it starts from a new in-memory fake.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynalite } from '#local/dynalite-server.ts';
import { createTableInput } from '#local/dynamo-tables.ts';
import { tables, type TableName } from '#shared/manifest.ts';

/** A running dynalite with a document client configured as shared/platform/dynamo.ts configures it. */
export interface ContractDb {
  doc: DynamoDBDocumentClient;
  /** Creates an empty table with the manifest's keys and indexes of `table` under a new name. */
  freshTable(table: TableName): Promise<string>;
  close(): Promise<void>;
}

/** Starts dynalite in memory on a free port. */
export async function startContractDb(): Promise<ContractDb> {
  const db = await startDynalite({ port: 0 });
  const client = new DynamoDBClient({
    endpoint: db.url,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  let seq = 0;
  return {
    doc,
    async freshTable(table) {
      const name = `contract-${table}-${++seq}`;
      await client.send(new CreateTableCommand(createTableInput(name, tables[table])));
      while ((await client.send(new DescribeTableCommand({ TableName: name }))).Table?.TableStatus !== 'ACTIVE')
        await new Promise((r) => setTimeout(r, 5));
      return name;
    },
    async close() {
      client.destroy();
      await db.close();
    },
  };
}
