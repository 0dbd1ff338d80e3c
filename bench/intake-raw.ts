/**
 * The raw baseline of the intake figure (section 4a, issue 14 item 3): the items intake wrote in
 * this run, written again through plain BatchWriteItem requests (25 items each, one at a time) into
 * the same table on the same dynalite, timed, so the intake's visits/s can be set against what the
 * storage alone takes for the same items in the same run. The bench calls it after each block of
 * intake requests, for that block's items, so both sides are timed moments apart on this shared
 * machine. The copies get a `RAW#` key prefix, so they overwrite nothing and no later section reads them.
 */
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoGuard } from '#local/local-iam.ts';
import type { LocalStack } from '#local/stack.ts';

/** The least intake visits/s may reach against the raw BatchWriteItem of its items (issue 14). */
export const RAW_RATIO_FLOOR = 0.3;

type Item = Record<string, unknown>;

function client(stack: LocalStack): DynamoDBDocumentClient {
  // Configured like the handlers' client, and checked by the stack's IAM guard as the handler is.
  const raw = new DynamoDBClient({
    endpoint: stack.dynamoUrl,
    region: process.env.AWS_REGION ?? 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  dynamoGuard(raw);
  return DynamoDBDocumentClient.from(raw);
}

/** Every item of the sms table, read with the stack's own unguarded client (a tool, not a function). */
async function scanSms(stack: LocalStack): Promise<Item[]> {
  const doc = DynamoDBDocumentClient.from(stack.dynamo);
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: stack.tableNames.sms, ExclusiveStartKey: start }));
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

const keyOf = (i: Item) => `${String(i.pk)}\u0000${String(i.sk)}`;

/** The sms table's keys before the intake runs, so the baseline copies only what the intake wrote. */
export async function smsKeysBefore(stack: LocalStack): Promise<Set<string>> {
  return new Set((await scanSms(stack)).map(keyOf));
}

/**
 * Writes the items the intake added since `before` again, raw, and returns how many, how long (the
 * scan that finds them is not timed) and the intake's keys now, the `before` of the next block.
 */
export async function rawBatchWriteOfIntakeItems(
  stack: LocalStack,
  before: Set<string>,
): Promise<{ items: number; seconds: number; keysAfter: Set<string> }> {
  const doc = client(stack);
  const intakeItems = (await scanSms(stack)).filter((i) => !String(i.pk).startsWith('RAW#'));
  const items = intakeItems.filter((i) => !before.has(keyOf(i))).map((i) => ({ ...i, pk: `RAW#${String(i.pk)}` }));
  const t0 = performance.now();
  for (let k = 0; k < items.length; k += 25) {
    let pending: unknown[] = items.slice(k, k + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const r = await stack.iam.run('receiveVisits', () =>
        doc.send(new BatchWriteCommand({ RequestItems: { [stack.tableNames.sms]: pending as never } })),
      );
      pending = r.UnprocessedItems?.[stack.tableNames.sms] ?? [];
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { items: items.length, seconds, keysAfter: new Set(intakeItems.map(keyOf)) };
}
