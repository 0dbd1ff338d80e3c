import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AppConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { aggregateNewAnswers, type AnswerSource, type IncrementalResult } from '#shared/reporting/aggregate.ts';
import { snapshotItem, watermarkItem } from '#shared/reporting/dynamo-aggregate-store.ts';
import { MemoryAggregateStore } from './memory-aggregate-store.ts';

/** A table key with the answer it leads to; lists of these are kept in key order. */
interface Keyed<T> {
  key: string;
  value: T;
}

/** The first index in `list` (in key order) whose key is ≥ `key`. */
function lowerBound<T>(list: readonly Keyed<T>[], key: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The values whose keys lie in [from, to], both ends included, as BETWEEN compares key strings. */
function between<T>(list: readonly Keyed<T>[], from: string, to: string): T[] {
  const out: T[] = [];
  for (let i = lowerBound(list, from); i < list.length && list[i]!.key <= to; i++) out.push(list[i]!.value);
  return out;
}

const byKey = <T>(a: Keyed<T>, b: Keyed<T>) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Answers held in memory and read as the aggregation reads the feedback table: a unit's answers by
 * `{submittedAt}#{id}` and arrivals by `{receivedAt}#{id}`, ranges compared as DynamoDB's BETWEEN
 * compares those keys. Sorted once after loading and searched by bisection, so the first run over a
 * million answers costs what counting them costs, not a scan per unit day as in MemoryFeedbackStore.
 */
export class LoadedAnswers implements AnswerSource {
  private readonly units = new Map<string, Keyed<StoredAnswer>[]>();
  private readonly arrivals: Keyed<{ unitId: string; submittedAt: string }>[] = [];
  private sorted = true;

  /** Adds an answer as stored (not copied: the bench streams a million of them). */
  add(a: StoredAnswer): void {
    const list = this.units.get(a.unitId) ?? this.units.set(a.unitId, []).get(a.unitId)!;
    list.push({ key: `${a.submittedAt}#${a.id}`, value: a });
    this.arrivals.push({ key: `${a.receivedAt}#${a.id}`, value: { unitId: a.unitId, submittedAt: a.submittedAt } });
    this.sorted = false;
  }

  private sort(): void {
    if (this.sorted) return;
    for (const list of this.units.values()) list.sort(byKey);
    this.arrivals.sort(byKey);
    this.sorted = true;
  }

  async listUnitAnswers(unitId: string, fromIso: string, toIso: string): Promise<StoredAnswer[]> {
    this.sort();
    return between(this.units.get(unitId) ?? [], fromIso, toIso);
  }

  async listArrivals(fromIso: string, toIso: string): Promise<{ unitId: string; submittedAt: string }[]> {
    this.sort();
    // As DynamoFeedbackStore asks: `{toIso}#~` sorts after every `{toIso}#{id}`.
    return between(this.arrivals, fromIso, `${toIso}#~`);
  }
}

/** What a first aggregation run writes, and what it reported. */
export interface FirstRunWrites {
  result: IncrementalResult;
  /** Every item the run leaves in the aggregates table, as DynamoAggregateStore stores them: snapshots and the watermark. */
  items: Record<string, unknown>[];
}

/**
 * What the first `aggregateNewAnswers` run at `asOf` (no watermark yet) writes over `answers`: the
 * real run, its counting and roll-ups, on a fresh MemoryAggregateStore (contract-tested against
 * DynamoAggregateStore), its snapshots and watermark turned into the items the DynamoDB store
 * writes. Lets the bench load the run's result next to a large history instead of running it over
 * HTTP; test/reporting/integration/first-run-snapshots.test.ts and the bench compare it with a real
 * first run on dynalite.
 */
export async function firstRunWrites(config: AppConfig, answers: AnswerSource, asOf: Date): Promise<FirstRunWrites> {
  const store = new MemoryAggregateStore();
  const result = await aggregateNewAnswers({ config, feedback: answers, store, clock: { now: () => asOf } });
  const watermark = await store.getWatermark();
  return { result, items: [...store.all().map(snapshotItem), ...(watermark ? [watermarkItem(watermark)] : [])] };
}

/** JSON with every object's keys sorted: equal items give equal strings whatever their attribute order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Every item of a table (or of one of its indexes) in DynamoDB's attribute-value form, by its
 * canonical JSON, with how often each occurs: the raw stored form, so a difference in types or
 * marshalling shows too.
 */
export async function scanTable(raw: DynamoDBClient, table: string, indexName?: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await raw.send(
      new ScanCommand({ TableName: table, ...(indexName ? { IndexName: indexName } : {}), ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) {
      const k = canonicalJson(item);
      out.set(k, (out.get(k) ?? 0) + 1);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Items in one scan and not (as often) in the other, at most `limit` of each side, for a message. */
export function scanDifferences(a: Map<string, number>, b: Map<string, number>, limit = 3): string[] {
  const missing = (x: Map<string, number>, y: Map<string, number>) => [...x].filter(([k, n]) => (y.get(k) ?? 0) !== n).map(([k]) => k);
  const onlyA = missing(a, b);
  const onlyB = missing(b, a);
  return [
    ...onlyA.slice(0, limit).map((k) => `only in the first: ${k}`),
    ...onlyB.slice(0, limit).map((k) => `only in the second: ${k}`),
    ...(onlyA.length + onlyB.length > 2 * limit ? [`${onlyA.length} + ${onlyB.length} differing items in all`] : []),
  ];
}
