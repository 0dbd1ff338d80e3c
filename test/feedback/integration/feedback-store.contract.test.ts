/**
 * The FeedbackStore contract: one list of behaviours run against the in-memory fake the use-case
 * tests use and against DynamoFeedbackStore on dynalite, so the fake cannot drift from the adapter.
 * Covers every method, and the edges the use cases lean on: a second put of an answer keeps the
 * first, a second claim of a key returns the first record, unit ranges are [from, to) and the arrival
 * window [from, to] on `receivedAt`, and the retention purge: answers dated on or before the day go
 * (free text and index entries with them, more than one batch of 25), later ones and other days stay;
 * idempotency records go once `expiresAt` is past, and a claim of the key is new again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import type { FeedbackStore, IdempotencyRecord } from '#shared/feedback/feedback-store.ts';
import { type ContractDb, startContractDb } from '../../support/dynalite-tables.ts';
import { MemoryFeedbackStore } from '../support/memory-feedback-store.ts';

let db: ContractDb;
beforeAll(async () => {
  db = await startContractDb();
});
afterAll(() => db?.close());

const implementations: [string, () => Promise<FeedbackStore>][] = [
  ['in memory (the fake)', async () => new MemoryFeedbackStore()],
  [
    'on DynamoDB (dynalite)',
    async () =>
      new DynamoFeedbackStore(db.doc, { feedback: await db.freshTable('feedback'), idempotency: await db.freshTable('idempotency') }),
  ],
];

let seq = 0;
/** An answer as submitFeedback stores it; `submittedAt` is also `receivedAt` unless given. */
function answer(over: Partial<StoredAnswer> & Pick<StoredAnswer, 'submittedAt'>): StoredAnswer {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    unitId: 'keskusta-ta',
    serviceId: 'terveysasemat',
    serviceAreaId: 'terveys',
    regionId: 'esimerkki',
    surveyId: 'thl-aikuiset',
    surveyVersion: 1,
    channel: 'web',
    assisted: false,
    lang: 'fi',
    answers: { nps: 9, smooth: 4, help: 'cant_say' },
    receivedAt: over.submittedAt,
    date: '2026-11-23',
    ...over,
  };
}

function record(keyHash: string, requestHash: string, a: StoredAnswer): IdempotencyRecord {
  return { keyHash, requestHash, answerId: a.id, submittedAt: a.submittedAt, receivedAt: a.receivedAt, expiresAt: 1_795_000_000 };
}

describe.each(implementations)('FeedbackStore %s', (_name, make) => {
  describe('putAnswer and listUnitAnswers', () => {
    it('gives back a stored answer field for field, with no table keys mixed in', async () => {
      const store = await make();
      const a = answer({
        submittedAt: '2026-11-23T10:00:00.000Z',
        text: 'Hyvä palvelu',
        role: 'relative',
        ageGroup: '30-49',
        visitType: 'vastaanotto',
      });
      await store.putAnswer(a);
      expect(await store.listUnitAnswers('keskusta-ta', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z')).toStrictEqual([a]);
    });

    it('drops attributes given as undefined, as the document client is told to', async () => {
      const store = await make();
      const a = answer({ submittedAt: '2026-11-23T10:00:00.000Z', text: undefined, role: undefined });
      await store.putAnswer(a);
      const [got] = await store.listUnitAnswers('keskusta-ta', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z');
      expect(Object.keys(got!)).not.toContain('text');
      expect(Object.keys(got!)).not.toContain('role');
    });

    it('treats a second put of the same answer as a no-op that keeps the first version', async () => {
      const store = await make();
      const a = answer({ submittedAt: '2026-11-23T10:00:00.000Z', answers: { nps: 3 } });
      await store.putAnswer(a);
      await store.putAnswer({ ...a, answers: { nps: 10 } });
      await store.putAnswer(a);
      const got = await store.listUnitAnswers('keskusta-ta', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z');
      expect(got.map((x) => [x.id, x.answers.nps])).toEqual([[a.id, 3]]);
    });

    it('lists [from, to): an answer at exactly from is in, one at exactly to is out', async () => {
      const store = await make();
      const at = (iso: string) => answer({ submittedAt: iso });
      const before = at('2026-11-22T21:59:59.999Z');
      const first = at('2026-11-22T22:00:00.000Z');
      const last = at('2026-11-23T21:59:59.999Z');
      const after = at('2026-11-23T22:00:00.000Z');
      for (const a of [after, last, before, first]) await store.putAnswer(a);
      const got = await store.listUnitAnswers('keskusta-ta', '2026-11-22T22:00:00.000Z', '2026-11-23T22:00:00.000Z');
      expect(got.map((x) => x.id)).toEqual([first.id, last.id]);
    });

    it('lists oldest first, answers of the same instant by id, and only the unit asked for', async () => {
      const store = await make();
      const late = answer({ submittedAt: '2026-11-23T12:00:00.000Z' });
      const sameB = answer({ id: 'bbbbbbbb-0000-4000-8000-000000000000', submittedAt: '2026-11-23T09:00:00.000Z' });
      const sameA = answer({ id: 'aaaaaaaa-0000-4000-8000-000000000000', submittedAt: '2026-11-23T09:00:00.000Z' });
      const elsewhere = answer({ submittedAt: '2026-11-23T10:00:00.000Z', unitId: 'rantala-ta' });
      for (const a of [late, sameB, elsewhere, sameA]) await store.putAnswer(a);
      const got = await store.listUnitAnswers('keskusta-ta', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z');
      expect(got.map((x) => x.id)).toEqual([sameA.id, sameB.id, late.id]);
      expect(await store.listUnitAnswers('metsakyla-ta', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z')).toEqual([]);
    });
  });

  describe('claimIdempotencyKey', () => {
    it('returns null to the first claim and the first record, unchanged, to every later claim of the key', async () => {
      const store = await make();
      const first = record('key-1', 'request-1', answer({ submittedAt: '2026-11-23T10:00:00.000Z' }));
      const second = record('key-1', 'request-2', answer({ submittedAt: '2026-11-23T10:00:05.000Z', answers: { nps: 0 } }));
      expect(await store.claimIdempotencyKey(first)).toBeNull();
      expect(await store.claimIdempotencyKey(second)).toStrictEqual(first);
      expect(await store.claimIdempotencyKey(first)).toStrictEqual(first);
    });

    it('keeps keys apart', async () => {
      const store = await make();
      expect(await store.claimIdempotencyKey(record('key-a', 'r', answer({ submittedAt: '2026-11-23T10:00:00.000Z' })))).toBeNull();
      expect(await store.claimIdempotencyKey(record('key-b', 'r', answer({ submittedAt: '2026-11-23T10:00:00.000Z' })))).toBeNull();
    });

    it("lets exactly one of ten concurrent claims win, and gives the others the winner's record", async () => {
      const store = await make();
      const records = Array.from({ length: 10 }, (_, i) =>
        record('key-race', `request-${i}`, answer({ submittedAt: '2026-11-23T10:00:00.000Z' })),
      );
      const results = await Promise.all(records.map((r) => store.claimIdempotencyKey(r)));
      const winners = results.flatMap((r, i) => (r === null ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const r of results) if (r !== null) expect(r).toStrictEqual(records[winners[0]!]);
    });

    it('does not store the claimed answer itself: only putAnswer does', async () => {
      const store = await make();
      await store.claimIdempotencyKey(record('key-only', 'r', answer({ submittedAt: '2026-11-23T10:00:00.000Z' })));
      expect(await store.listUnitAnswers('keskusta-ta', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z')).toEqual([]);
    });
  });

  describe('listArrivals', () => {
    it('finds answers received in [from, to], both ends included, by receivedAt', async () => {
      const store = await make();
      const received = (iso: string, unitId = 'keskusta-ta') => answer({ submittedAt: iso, unitId });
      const early = received('2026-06-01T10:59:59.999Z');
      const atStart = received('2026-06-01T11:00:00.000Z', 'rantala-ta');
      const inside = received('2026-06-01T11:30:00.000Z', 'laboratorio');
      const atEnd = received('2026-06-01T12:00:00.000Z', 'fysioterapia');
      const late = received('2026-06-01T12:00:00.001Z');
      for (const a of [late, atEnd, inside, atStart, early]) await store.putAnswer(a);
      const got = await store.listArrivals('2026-06-01T11:00:00.000Z', '2026-06-01T12:00:00.000Z');
      expect(got.map((x) => x.unitId).sort()).toEqual(['fysioterapia', 'laboratorio', 'rantala-ta']);
    });

    it('reports the time an answer was given, not when it arrived, so a late answer recomputes its own day', async () => {
      const store = await make();
      const offline = answer({
        unitId: 'kotihoito-lansi',
        channel: 'kiosk',
        submittedAt: '2026-05-29T08:00:00.000Z',
        receivedAt: '2026-06-01T11:15:00.000Z',
      });
      await store.putAnswer(offline);
      expect(await store.listArrivals('2026-06-01T11:00:00.000Z', '2026-06-01T12:00:00.000Z')).toEqual([
        { unitId: 'kotihoito-lansi', submittedAt: '2026-05-29T08:00:00.000Z' },
      ]);
      // It arrived in June: a window around the day it was given does not see it.
      expect(await store.listArrivals('2026-05-29T00:00:00.000Z', '2026-05-30T00:00:00.000Z')).toEqual([]);
    });

    it('spans hours and days: a window over midnight finds answers in every hour of it once', async () => {
      const store = await make();
      const times = ['2026-06-01T22:10:00.000Z', '2026-06-01T23:59:59.999Z', '2026-06-02T00:00:00.000Z', '2026-06-02T01:45:00.000Z'];
      const answers = times.map((t) => answer({ submittedAt: t }));
      for (const a of answers) {
        await store.putAnswer(a);
        await store.putAnswer(a);
      }
      const got = await store.listArrivals('2026-06-01T22:00:00.000Z', '2026-06-02T02:00:00.000Z');
      expect(got.map((x) => x.submittedAt).sort()).toEqual(times);
    });

    it('finds nothing in an empty window', async () => {
      const store = await make();
      await store.putAnswer(answer({ submittedAt: '2026-06-01T10:00:00.000Z' }));
      expect(await store.listArrivals('2026-06-01T11:00:00.000Z', '2026-06-01T12:00:00.000Z')).toEqual([]);
    });
  });

  describe('the retention purge', () => {
    const WINDOW = ['2020-01-01T00:00:00.000Z', '2031-12-31T00:00:00.000Z'] as const;

    it('deletes every answer dated on or before the day, its text and arrival entry with it, and keeps the rest', async () => {
      const store = await make();
      const dated = (date: string, over: Partial<StoredAnswer> = {}) => answer({ submittedAt: `${date}T09:00:00.000Z`, date, ...over });
      // 60 expired answers: three BatchWriteItem requests of at most 25 on DynamoDB.
      const old = Array.from({ length: 60 }, (_, i) => dated(`2026-02-${String((i % 28) + 1).padStart(2, '0')}`, { text: `Vanha ${i}` }));
      const boundary = dated('2026-03-01', { unitId: 'rantala-ta', text: 'Rajalla' });
      const young = [dated('2026-03-02', { text: 'Nuori' }), dated('2031-02-28')];
      for (const a of [...young, boundary, ...old]) await store.putAnswer(a);

      expect(await store.deleteAnswersDatedThrough('2026-03-01')).toEqual({ scanned: 63, deleted: 61 });

      expect(await store.listUnitAnswers('keskusta-ta', ...WINDOW)).toStrictEqual(young);
      expect(await store.listUnitAnswers('rantala-ta', ...WINDOW)).toEqual([]);
      // The arrival index forgets them too (read hour by hour, so over the days around the boundary).
      const arrived = await store.listArrivals('2026-02-27T00:00:00.000Z', '2026-03-02T23:00:00.000Z');
      expect(arrived.map((a) => a.submittedAt)).toEqual([young[0]!.submittedAt]);
      expect(await store.deleteAnswersDatedThrough('2026-03-01')).toEqual({ scanned: 2, deleted: 0 });
    });

    it('deletes idempotency records whose expiresAt is past, keeps the one expiring now, and frees the key', async () => {
      const store = await make();
      const a = answer({ submittedAt: '2026-11-23T10:00:00.000Z' });
      const now = 1_795_000_000;
      const expired = { ...record('key-old', 'r', a), expiresAt: now - 1 };
      const expiringNow = { ...record('key-now', 'r', a), expiresAt: now };
      const fresh = { ...record('key-new', 'r', a), expiresAt: now + 86_400 };
      for (const r of [expired, expiringNow, fresh]) expect(await store.claimIdempotencyKey(r)).toBeNull();

      expect(await store.deleteExpiredIdempotencyRecords(now)).toEqual({ scanned: 3, deleted: 1 });

      expect(await store.claimIdempotencyKey(expiringNow)).toStrictEqual(expiringNow);
      expect(await store.claimIdempotencyKey(fresh)).toStrictEqual(fresh);
      expect(await store.claimIdempotencyKey({ ...expired, requestHash: 'another', expiresAt: now + 86_400 })).toBeNull();
      expect(await store.deleteExpiredIdempotencyRecords(now)).toEqual({ scanned: 3, deleted: 0 });
    });
  });
});
