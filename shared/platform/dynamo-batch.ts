/**
 * Bulk reads and deletes for jobs that sweep a table (the retention purge, the case jobs): a Scan
 * followed page by page, reads by key in BatchGetItem requests, and deletes in BatchWriteItem requests whose unprocessed items are retried with backoff, so
 * that a throttled batch is finished rather than silently left half done.
 */
import { BatchGetCommand, BatchWriteCommand, ScanCommand, type DynamoDBDocumentClient, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';

/** Most requests DynamoDB takes in one BatchWriteItem. */
export const BATCH_WRITE_MAX = 25;

/** How often and how patiently unprocessed items of a BatchWriteItem are sent again. */
export interface BatchRetry {
  /** Requests per batch in all, the first included, before the delete fails. */
  attempts: number;
  /** Delay before the first retry; doubled for each further one, with full jitter. */
  baseDelayMs: number;
  /** Longest delay between two attempts. */
  maxDelayMs: number;
  /** Waits; replaceable so a test need not wait for real. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * AWS's advice for unprocessed items is exponential backoff; eight attempts wait up to about 13 s in
 * all, long past a burst of throttling, and the SDK's own retries already cover each request.
 */
export const DEFAULT_BATCH_RETRY: BatchRetry = { attempts: 8, baseDelayMs: 50, maxDelayMs: 5_000 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A BatchWriteItem that still had unprocessed items after every attempt; says how many, never which. */
export class UnprocessedItemsError extends Error {
  constructor(
    readonly table: string,
    readonly unprocessed: number,
    attempts: number,
  ) {
    super(`BatchWriteItem on ${table} left ${unprocessed} request(s) unprocessed after ${attempts} attempts`);
    this.name = 'UnprocessedItemsError';
  }
}

/**
 * Deletes items by key, 25 to a BatchWriteItem, retrying what DynamoDB returns as unprocessed.
 * Deleting a key that is already gone is not an error, so a rerun after a failure is safe. Returns
 * how many delete requests DynamoDB accepted (every key, unless it throws).
 */
export async function deleteKeys(
  db: DynamoDBDocumentClient,
  table: string,
  keys: readonly Record<string, unknown>[],
  retry: BatchRetry = DEFAULT_BATCH_RETRY,
): Promise<number> {
  return writeAll(
    db,
    table,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
    retry,
  );
}

/**
 * Puts whole items, 25 to a BatchWriteItem, retrying what DynamoDB returns as unprocessed: for
 * unconditional puts of many items (a batch write has no conditions), where one request per item
 * would cost a round trip each. Returns how many items DynamoDB accepted (all, unless it throws).
 */
export async function putItems(
  db: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  retry: BatchRetry = DEFAULT_BATCH_RETRY,
): Promise<number> {
  return writeAll(
    db,
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
    retry,
  );
}

async function writeAll(db: DynamoDBDocumentClient, table: string, requests: readonly unknown[], retry: BatchRetry): Promise<number> {
  const sleep = retry.sleep ?? realSleep;
  for (let i = 0; i < requests.length; i += BATCH_WRITE_MAX) {
    let pending: unknown[] = requests.slice(i, i + BATCH_WRITE_MAX);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt === retry.attempts) throw new UnprocessedItemsError(table, pending.length, retry.attempts);
      if (attempt > 0) await sleep(Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)));
      const r = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
      pending = r.UnprocessedItems?.[table] ?? [];
    }
  }
  return requests.length;
}

/** Most keys DynamoDB takes in one BatchGetItem. */
export const BATCH_GET_MAX = 100;

/**
 * Reads items by key, 100 to a BatchGetItem, asking again (with backoff) for the keys DynamoDB returns
 * as unprocessed. Missing items are left out; the order is DynamoDB's, not the keys'.
 */
export async function getKeys(
  db: DynamoDBDocumentClient,
  table: string,
  keys: readonly Record<string, unknown>[],
  opts: { consistent?: boolean; retry?: BatchRetry } = {},
): Promise<Record<string, unknown>[]> {
  const retry = opts.retry ?? DEFAULT_BATCH_RETRY;
  const sleep = retry.sleep ?? realSleep;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_MAX) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + BATCH_GET_MAX);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt === retry.attempts)
        throw new Error(`BatchGetItem on ${table} left ${pending.length} key(s) unprocessed after ${retry.attempts} attempts`);
      if (attempt > 0) await sleep(Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)));
      const r = await db.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...(opts.consistent ? { ConsistentRead: true } : {}) } } }),
      );
      out.push(...(r.Responses?.[table] ?? []));
      pending = (r.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return out;
}

/** One page of a Scan: the items that passed its filter, and how many it read to find them. */
export interface ScanPage {
  items: Record<string, unknown>[];
  scanned: number;
}

/**
 * A Scan page by page, following `LastEvaluatedKey`: a page stops at 1 MB read, filtered or not, so
 * the caller can act on each page (delete what it found) without holding the table in memory.
 */
export async function* scanPages(db: DynamoDBDocumentClient, input: Omit<ScanCommandInput, 'ExclusiveStartKey'>): AsyncGenerator<ScanPage> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ ...input, ExclusiveStartKey: start }));
    yield { items: page.Items ?? [], scanned: page.ScannedCount ?? 0 };
    start = page.LastEvaluatedKey;
  } while (start);
}
