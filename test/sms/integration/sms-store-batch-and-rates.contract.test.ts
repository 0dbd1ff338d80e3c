/**
 * The SmsStore contract for what precision-targeted sampling and batched intake added, run against
 * the in-memory fake and DynamoSmsStore on dynalite alike: visits read and remembered a request at a
 * time (more than one BatchGetItem's 100 keys and one BatchWriteItem's 25 items), people's opt-outs
 * and cooldowns read (as getPerson reads each) and cooldowns written many at a time, and a unit's daily
 * rate stored once — the first write stands, so a second planner or a fallback never changes it —
 * listed by day range across months.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSmsStore } from '#shared/sms/dynamo-sms-store.ts';
import type { DailyRate, SmsStore } from '#shared/sms/sms-store.ts';
import { type ContractDb, startContractDb } from '../../support/dynalite-tables.ts';
import { MemorySmsStore } from '../support/memory-sms-store.ts';

let db: ContractDb;
beforeAll(async () => {
  db = await startContractDb();
});
afterAll(() => db?.close());

const implementations: [string, () => Promise<SmsStore>][] = [
  ['in memory (the fake)', async () => new MemorySmsStore()],
  ['on DynamoDB (dynalite)', async () => new DynamoSmsStore(db.doc, await db.freshTable('sms'))],
];

const rate = (over: Partial<DailyRate> = {}): DailyRate => ({
  date: '2027-01-31',
  unitId: 'keskusta-ta',
  percent: 12.5,
  projectedHalfWidth: 14.2,
  targetHalfWidth: 15,
  source: 'planned',
  ...over,
});

describe.each(implementations)('SmsStore %s', (_name, make) => {
  it('remembers 260 visits in one call and finds exactly them among 520', async () => {
    const store = await make();
    const keys = Array.from({ length: 260 }, (_, i) => `v-${i}`);
    await store.putVisits(keys.map((visitKey) => ({ visitKey, expiresAtEpoch: 1_800_000_000 })));
    const asked = [...keys, ...keys.map((k) => `other-${k}`)];
    expect([...(await store.seenVisits(asked))].sort()).toEqual([...keys].sort());
    expect(await store.hasVisit('v-259')).toBe(true);
    expect(await store.seenVisits([])).toEqual(new Set());
  });

  it('reads 130 people in one call (over two BatchGetItems of keys) exactly as getPerson reads each', async () => {
    const store = await make();
    const people = Array.from({ length: 130 }, (_, i) => `person-${i}`);
    for (const [i, p] of people.entries()) {
      if (i % 3 === 0) await store.setCooldown(p, '2027-01-13', '2027-02-12', 1_800_000_000, 1);
      if (i % 5 === 0) await store.optOut(p, '2027-01-10', 1);
      if (i % 10 === 0) await store.markOptOutRekeyed(p, 2);
    }
    const asked = [...people, 'never-seen', people[3]!];
    const read = await store.getPersons(asked);
    expect([...read.keys()].sort()).toEqual([...new Set(asked)].sort());
    for (const p of new Set(asked)) expect(read.get(p)).toStrictEqual(await store.getPerson(p));
    expect(read.get('never-seen')).toStrictEqual({ optedOut: false });
    expect(read.get('person-30')).toStrictEqual({
      optedOut: true,
      optOut: { date: '2027-01-10', rekeyedTo: 2 },
      cooldown: { sendDate: '2027-01-13', until: '2027-02-12' },
    });
    expect(await store.getPersons([])).toEqual(new Map());
  });

  it('sets 60 cooldowns in one call (over three BatchWriteItems), a hash given twice keeping its later row', async () => {
    const store = await make();
    await store.setCooldown('person-0', '2026-12-01', '2026-12-31', 1_800_000_000, 1);
    await store.optOut('person-1', '2027-01-10', 1);
    const rows = Array.from({ length: 60 }, (_, i) => ({
      personHash: `person-${i}`,
      sendDate: '2027-01-13',
      until: '2027-02-12',
      expiresAtEpoch: 1_800_000_000,
      keyVersion: 2,
    }));
    await store.setCooldowns([...rows, { ...rows[5]!, sendDate: '2027-01-14', until: '2027-02-13' }]);
    const read = await store.getPersons(rows.map((r) => r.personHash));
    expect(read.get('person-0')).toStrictEqual({ optedOut: false, cooldown: { sendDate: '2027-01-13', until: '2027-02-12' } });
    expect(read.get('person-1')).toStrictEqual({
      optedOut: true,
      optOut: { date: '2027-01-10' },
      cooldown: { sendDate: '2027-01-13', until: '2027-02-12' },
    });
    expect(read.get('person-5')).toStrictEqual({ optedOut: false, cooldown: { sendDate: '2027-01-14', until: '2027-02-13' } });
    expect(read.get('person-59')).toStrictEqual(await store.getPerson('person-59'));
    await store.setCooldowns([]);
  });

  it('keeps the first rate of a unit and day, and returns it to a later writer', async () => {
    const store = await make();
    expect(await store.putDailyRate(rate())).toEqual(rate());
    expect(await store.putDailyRate(rate({ percent: 80, source: 'fallback', projectedHalfWidth: null }))).toEqual(rate());
    expect(await store.getDailyRate('keskusta-ta', '2027-01-31')).toEqual(rate());
    expect(await store.getDailyRate('keskusta-ta', '2027-02-01')).toBeUndefined();
  });

  it('lists the rates of a day range across months, other units and days apart', async () => {
    const store = await make();
    await store.putDailyRate(rate());
    await store.putDailyRate(rate({ date: '2027-02-01', projectedHalfWidth: null, source: 'fallback' }));
    await store.putDailyRate(rate({ unitId: 'rantala-ta' }));
    await store.putDailyRate(rate({ date: '2027-02-02' }));
    const listed = await store.listDailyRates('2027-01-31', '2027-02-01');
    expect(listed.map((r) => `${r.date} ${r.unitId} ${r.source}`).sort()).toEqual([
      '2027-01-31 keskusta-ta planned',
      '2027-01-31 rantala-ta planned',
      '2027-02-01 keskusta-ta fallback',
    ]);
    expect(listed.find((r) => r.date === '2027-02-01')!.projectedHalfWidth).toBeNull();
  });
});
