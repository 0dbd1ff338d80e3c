/** Test helpers: a fresh in-memory local stack per test file, and raw table reads to check what was stored. */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { startLocalStack, type LocalStack } from '#local/stack.ts';

/**
 * Starts the local stack on free ports with dynalite in memory. Its `close` fails the test file if the
 * local IAM refused any call meanwhile: a real handler denied something is a missing manifest grant,
 * even where the handler swallows the error (a failed SMS, a retried message). Only a file that takes
 * grants away on purpose passes `expectDenials`. A fault test passes `faults` for the DynamoDB fault
 * proxy, and may shorten the queue's redelivery delay.
 */
export async function startTestStack(
  opts: { expectDenials?: boolean; faults?: boolean; queueRetryDelayMs?: number } = {},
): Promise<LocalStack> {
  const stack = await startLocalStack({
    port: 0,
    dynamoPort: 0,
    ...(opts.faults ? { faults: true } : {}),
    ...(opts.queueRetryDelayMs === undefined ? {} : { queueRetryDelayMs: opts.queueRetryDelayMs }),
  });
  if (opts.expectDenials) return stack;
  return {
    ...stack,
    close: async () => {
      await stack.close();
      const denied = stack.iam.denials();
      if (denied.length)
        throw new Error(
          `The local IAM refused ${denied.length} call(s) of real handlers; fix their manifest grants: ${JSON.stringify(denied)}`,
        );
    },
  };
}

/** Every item of a table, unmarshalled. */
export async function scanAll(stack: LocalStack, table: keyof LocalStack['tableNames']): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await stack.dynamo.send(
      new ScanCommand({ TableName: stack.tableNames[table], ExclusiveStartKey: start, ConsistentRead: true }),
    );
    out.push(...(page.Items ?? []).map((i) => unmarshall(i)));
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return out;
}

/** A fingerprint of every table's content, to assert that a request changed nothing. */
export async function snapshot(stack: LocalStack): Promise<string> {
  const parts: string[] = [];
  for (const t of Object.keys(stack.tableNames) as (keyof LocalStack['tableNames'])[]) {
    const items = (await scanAll(stack, t)).map((i) => JSON.stringify(i)).sort();
    parts.push(`${t}:${items.length}:${items.join('|')}`);
  }
  return parts.join('\n');
}

/** POSTs a URL-encoded form to the stack as a browser would, leaving redirects to the caller. */
export function postForm(stack: LocalStack, path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(stack.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** POSTs JSON (or a raw string) to the stack. */
export function postJson(stack: LocalStack, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(stack.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * The number of items in every table: a cheap snapshot (COUNT scans, no items shipped) for checks that
 * run after each of thousands of requests, where `snapshot` would read every item every time.
 */
export async function rowCounts(stack: LocalStack): Promise<Record<string, number>> {
  const count = async (name: string) => {
    let n = 0;
    let start: Record<string, never> | undefined;
    do {
      const page = await stack.dynamo.send(
        new ScanCommand({ TableName: name, Select: 'COUNT', ExclusiveStartKey: start, ConsistentRead: true }),
      );
      n += page.Count ?? 0;
      start = page.LastEvaluatedKey as typeof start;
    } while (start);
    return n;
  };
  const tables = Object.entries(stack.tableNames);
  const counts = await Promise.all(tables.map(([, name]) => count(name)));
  return Object.fromEntries(tables.map(([table], i) => [table, counts[i]!]));
}
