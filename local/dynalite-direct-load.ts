/**
 * Loading large tables into an in-memory dynalite without its HTTP API: items go straight into
 * dynalite's LevelDB under dynalite's own keys, with each global secondary index entry from
 * dynalite's own projection, exactly as PutItem would store them. BatchWriteItem over HTTP wrote
 * ~2,500 items/s on the 2-core build machine (7 minutes for 1,000,000); this writes several times
 * faster, so the bench can hold a million answers.
 */
import { createRequire } from 'node:module';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { convertToAttr } from '@aws-sdk/util-dynamodb';
import type { TableName } from '#shared/manifest.ts';
import { startDynalite, type DynaliteHandle } from './dynalite-server.ts';
import { ensureTables } from './dynamo-tables.ts';

/** One LevelDB write of a batch. */
interface PutOp {
  type: 'put';
  key: string;
  value: unknown;
}
/** The parts of dynalite's LevelDB store (dynalite/db/index.js, 4.0.0) the loader uses. */
interface DynaliteSubDb {
  batch(ops: PutOp[], cb: (err?: Error | null) => void): void;
}
interface DynaliteStore {
  getTable(name: string, checkStatus: boolean, cb: (err: Error | null, table: DynaliteTable) => void): void;
  getItemDb(table: string): DynaliteSubDb;
  getIndexDb(kind: 'Global' | 'Local', table: string, index: string): DynaliteSubDb;
}
/** dynalite's definition of a table: key schema and indexes, as its store keeps it. */
export interface DynaliteTable {
  GlobalSecondaryIndexes?: unknown[];
}
/** An item in DynamoDB's attribute-value form. */
export type AttributeMap = Record<string, unknown>;
interface DynaliteDb {
  create(options: unknown): DynaliteStore;
  createKey(item: AttributeMap, table: DynaliteTable): string;
  getIndexActions(
    indexes: unknown[],
    existing: AttributeMap | null,
    item: AttributeMap,
    table: DynaliteTable,
  ): { puts: { index: string; key: string; item: AttributeMap }[] };
  itemSize(item: AttributeMap): number;
}
/** dynalite's storage module: its key, index-projection and item-size functions are the loader's. */
export const dynaliteDb = createRequire(import.meta.url)('dynalite/db/index.js') as DynaliteDb;

/** A dynalite with the manifest's tables whose store the loader can write into, and a raw client on it. */
export interface DirectDynalite {
  handle: DynaliteHandle;
  store: DynaliteStore;
  raw: DynamoDBClient;
  tableNames: Record<TableName, string>;
  close(): Promise<void>;
}

/** Starts an in-memory dynalite through local/dynalite-server.ts, keeping a handle on the store it creates. */
export async function startDirectDynalite(): Promise<DirectDynalite> {
  const create = dynaliteDb.create;
  let store: DynaliteStore | undefined;
  dynaliteDb.create = (options) => (store = create(options));
  let handle: DynaliteHandle;
  try {
    handle = await startDynalite({ port: 0 });
  } finally {
    dynaliteDb.create = create;
  }
  if (!store) throw new Error('dynalite did not create its store through db.create');
  const raw = new DynamoDBClient({
    endpoint: handle.url,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tableNames = await ensureTables(raw);
  return {
    handle,
    store,
    raw,
    tableNames,
    close: async () => {
      raw.destroy();
      await handle.close();
    },
  };
}

/** dynalite's definition of a table, as its store keeps it. */
export function tableDefinition(db: DirectDynalite, name: string): Promise<DynaliteTable> {
  return new Promise((resolve, reject) => db.store.getTable(name, false, (err, t) => (err ? reject(err) : resolve(t))));
}

/**
 * Items written per LevelDB batch: large enough that the per-batch callback and the sublevel
 * prefixing are noise, small enough that a batch's encoded values stay a few tens of MB.
 */
export const DIRECT_BATCH_ITEMS = 20_000;

const MARSHALL_OPTIONS = { removeUndefinedValues: true } as const;

/**
 * One value in DynamoDB's attribute-value form, as the SDK's `marshall` with `removeUndefinedValues`
 * writes it. The SDK's own function spent ~110 µs an answer on generic checks, most of a million-answer
 * load; the JSON-like values of items take the short paths here, anything else (sets, binary, big
 * numbers) goes to the SDK's converter. test/reporting/integration/first-run-snapshots.test.ts compares
 * the stored items with PutItem's.
 */
function attributeValue(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'boolean':
      return { BOOL: value };
    case 'number':
      // The SDK refuses what DynamoDB cannot hold exactly; leave those to it.
      return Number.isSafeInteger(value) || (Number.isFinite(value) && !Number.isInteger(value))
        ? { N: String(value) }
        : convertToAttr(value, MARSHALL_OPTIONS);
    case 'object':
      if (value === null) return { NULL: true };
      if (Array.isArray(value)) return { L: value.filter((v) => v !== undefined && typeof v !== 'function').map(attributeValue) };
      if (Object.getPrototypeOf(value) === Object.prototype) return { M: attributeMap(value as Record<string, unknown>) };
      return convertToAttr(value, MARSHALL_OPTIONS);
    default:
      return convertToAttr(value, MARSHALL_OPTIONS);
  }
}

/** A plain item's attributes in attribute-value form, undefined (and function) values left out as `marshall` leaves them. */
function attributeMap(item: Record<string, unknown>): AttributeMap {
  const out: AttributeMap = {};
  for (const key in item) {
    const v = item[key];
    if (v !== undefined && typeof v !== 'function') out[key] = attributeValue(v);
  }
  return out;
}

/**
 * Writes plain items (as a document client takes them) into `table` as PutItem would store them,
 * with their global secondary index entries; returns how many were written. Items are marshalled
 * with `removeUndefinedValues`, as the project's document clients are configured. An item whose key
 * is already there is overwritten, without removing its old index entries: load into empty tables.
 */
export async function putItemsDirect(db: DirectDynalite, table: string, items: Iterable<Record<string, unknown>>): Promise<number> {
  const def = await tableDefinition(db, table);
  const indexes = def.GlobalSecondaryIndexes ?? [];
  const itemDb = db.store.getItemDb(table);
  const batch = (sub: DynaliteSubDb, ops: PutOp[]) =>
    new Promise<void>((resolve, reject) => sub.batch(ops, (err) => (err ? reject(err) : resolve())));
  let ops: PutOp[] = [];
  const indexOps = new Map<string, PutOp[]>();
  let written = 0;
  const flush = async () => {
    await batch(itemDb, ops);
    for (const [index, list] of indexOps) if (list.length) await batch(db.store.getIndexDb('Global', table, index), list);
    written += ops.length;
    ops = [];
    indexOps.clear();
  };
  for (const plain of items) {
    const item = attributeMap(plain);
    ops.push({ type: 'put', key: dynaliteDb.createKey(item, def), value: item });
    for (const p of indexes.length ? dynaliteDb.getIndexActions(indexes, null, item, def).puts : []) {
      const list = indexOps.get(p.index) ?? indexOps.set(p.index, []).get(p.index)!;
      list.push({ type: 'put', key: p.key, value: p.item });
    }
    if (ops.length >= DIRECT_BATCH_ITEMS) await flush();
  }
  if (ops.length) await flush();
  return written;
}
