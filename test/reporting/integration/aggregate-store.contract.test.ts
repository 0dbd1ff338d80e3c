/**
 * The AggregateStore contract: one list of behaviours run against the in-memory fake the use-case
 * tests use and against DynamoAggregateStore on dynalite, so the fake cannot drift from the adapter.
 * Covers every method and the edges aggregation and the reports lean on: a snapshot read from
 * earlier sources never overwrites a later one, ranges are inclusive and in period order, `many`
 * leaves out what is missing and reads past BatchGetItem's 100 keys, the watermark never moves back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateStore, Snapshot } from '#shared/reporting/aggregate-store.ts';
import { emptyCounts } from '#shared/reporting/counts.ts';
import { DynamoAggregateStore } from '#shared/reporting/dynamo-aggregate-store.ts';
import type { Granularity } from '#shared/reporting/periods.ts';
import { type ContractDb, startContractDb } from '../../support/dynalite-tables.ts';
import { MemoryAggregateStore } from '../support/memory-aggregate-store.ts';

let db: ContractDb;
beforeAll(async () => {
  db = await startContractDb();
});
afterAll(() => db?.close());

const implementations: [string, () => Promise<AggregateStore>][] = [
  ['in memory (the fake)', async () => new MemoryAggregateStore()],
  ['on DynamoDB (dynalite)', async () => new DynamoAggregateStore(db.doc, await db.freshTable('aggregates'))],
];

/** A snapshot whose counts carry `n` in every place a report reads, so two snapshots are told apart by n. */
function snapshot(nodeId: string, granularity: Granularity, period: string, n: number, asOf = '2026-11-23T12:00:00.000Z'): Snapshot {
  const counts = emptyCounts();
  counts.n = n;
  counts.nps = { promoters: n, passives: 0, detractors: 0 };
  counts.statements = { smooth: [0, 0, 0, 0, n, 0] };
  counts.channels = { web: { n, promoters: n, passives: 0, detractors: 0 } };
  counts.roles = { unspecified: { n, promoters: n, passives: 0, detractors: 0 } };
  return { nodeId, granularity, period, counts, asOf };
}

describe.each(implementations)('AggregateStore %s', (_name, make) => {
  describe('put', () => {
    it('writes a snapshot that range and many give back field for field', async () => {
      const store = await make();
      const s = snapshot('keskusta-ta', 'day', '2026-11-23', 4);
      expect(await store.put(s)).toBe(true);
      expect(await store.range('keskusta-ta', 'day', '2026-11-23', '2026-11-23')).toStrictEqual([s]);
      expect(await store.many(['keskusta-ta'], 'day', '2026-11-23')).toStrictEqual(new Map([['keskusta-ta', s]]));
    });

    it('keeps the snapshot from later sources: an earlier asOf is refused, an equal or later one overwrites', async () => {
      const store = await make();
      const read = async () => (await store.range('u', 'day', '2026-11-23', '2026-11-23')).map((s) => [s.counts.n, s.asOf]);
      expect(await store.put(snapshot('u', 'day', '2026-11-23', 5, '2026-11-23T12:15:00.000Z'))).toBe(true);
      expect(await store.put(snapshot('u', 'day', '2026-11-23', 4, '2026-11-23T12:00:00.000Z'))).toBe(false);
      expect(await read()).toEqual([[5, '2026-11-23T12:15:00.000Z']]);
      expect(await store.put(snapshot('u', 'day', '2026-11-23', 6, '2026-11-23T12:15:00.000Z'))).toBe(true);
      expect(await read()).toEqual([[6, '2026-11-23T12:15:00.000Z']]);
      expect(await store.put(snapshot('u', 'day', '2026-11-23', 7, '2026-11-23T12:30:00.000Z'))).toBe(true);
      expect(await read()).toEqual([[7, '2026-11-23T12:30:00.000Z']]);
    });

    it('keeps the same period of different granularities and nodes apart', async () => {
      const store = await make();
      await store.put(snapshot('u', 'month', '2026-11', 30));
      await store.put(snapshot('u', 'quarter', '2026-Q4', 90));
      await store.put(snapshot('v', 'month', '2026-11', 3));
      expect((await store.range('u', 'month', '2026-11', '2026-11')).map((s) => s.counts.n)).toEqual([30]);
      expect((await store.range('v', 'month', '2026-11', '2026-11')).map((s) => s.counts.n)).toEqual([3]);
      expect(await store.range('u', 'year', '2026', '2026')).toEqual([]);
    });
  });

  describe('range', () => {
    it('gives the periods in [from, to], both ends included, in period order', async () => {
      const store = await make();
      for (const [d, n] of [
        ['2026-11-03', 3],
        ['2026-10-31', 1],
        ['2026-11-01', 2],
        ['2026-11-30', 4],
        ['2026-12-01', 5],
      ] as const)
        await store.put(snapshot('u', 'day', d, n));
      expect((await store.range('u', 'day', '2026-11-01', '2026-11-30')).map((s) => s.period)).toEqual([
        '2026-11-01',
        '2026-11-03',
        '2026-11-30',
      ]);
      expect(await store.range('u', 'day', '2026-11-04', '2026-11-29')).toEqual([]);
    });

    it('orders ISO weeks and months across a year boundary', async () => {
      const store = await make();
      for (const w of ['2027-W01', '2026-W52', '2026-W53', '2027-W02']) await store.put(snapshot('u', 'week', w, 1));
      expect((await store.range('u', 'week', '2026-W52', '2027-W01')).map((s) => s.period)).toEqual(['2026-W52', '2026-W53', '2027-W01']);
      for (const m of ['2027-01', '2026-12', '2026-11']) await store.put(snapshot('u', 'month', m, 1));
      expect((await store.range('u', 'month', '2026-12', '2027-01')).map((s) => s.period)).toEqual(['2026-12', '2027-01']);
    });
  });

  describe('many', () => {
    it('gives the snapshots that exist and leaves out the missing ones', async () => {
      const store = await make();
      await store.put(snapshot('a', 'day', '2026-11-23', 1));
      await store.put(snapshot('c', 'day', '2026-11-23', 3));
      await store.put(snapshot('b', 'day', '2026-11-22', 2));
      const got = await store.many(['a', 'b', 'c', 'nowhere'], 'day', '2026-11-23');
      expect([...got.keys()].sort()).toEqual(['a', 'c']);
      expect(got.get('c')!.counts.n).toBe(3);
    });

    it('reads more nodes than one BatchGetItem takes (100)', async () => {
      const store = await make();
      const ids = Array.from({ length: 150 }, (_, i) => `node-${String(i).padStart(3, '0')}`);
      for (const [i, id] of ids.entries()) if (i % 3 !== 0) await store.put(snapshot(id, 'day', '2026-11-23', i));
      const got = await store.many(ids, 'day', '2026-11-23');
      expect(got.size).toBe(100);
      for (const [i, id] of ids.entries()) expect(got.get(id)?.counts.n).toBe(i % 3 !== 0 ? i : undefined);
    });

    it('answers an empty list with an empty map', async () => {
      const store = await make();
      expect(await store.many([], 'day', '2026-11-23')).toEqual(new Map());
    });

    it('refuses a list naming a node twice, as BatchGetItem does', async () => {
      const store = await make();
      await store.put(snapshot('a', 'day', '2026-11-23', 1));
      await expect(store.many(['a', 'b', 'a'], 'day', '2026-11-23')).rejects.toThrow();
    });
  });

  describe('the watermark', () => {
    it('is absent at first, then moves forward and never back', async () => {
      const store = await make();
      expect(await store.getWatermark()).toBeUndefined();
      await store.setWatermark('2026-11-23T12:00:00.000Z');
      expect(await store.getWatermark()).toBe('2026-11-23T12:00:00.000Z');
      await store.setWatermark('2026-11-23T11:45:00.000Z');
      expect(await store.getWatermark()).toBe('2026-11-23T12:00:00.000Z');
      await store.setWatermark('2026-11-23T12:00:00.000Z');
      expect(await store.getWatermark()).toBe('2026-11-23T12:00:00.000Z');
      await store.setWatermark('2026-11-23T12:15:00.000Z');
      expect(await store.getWatermark()).toBe('2026-11-23T12:15:00.000Z');
    });
  });
});
