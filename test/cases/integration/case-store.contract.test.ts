/**
 * The CaseStore contract: one list of behaviours run against the in-memory fake the job and use-case
 * tests use and against DynamoCaseStore on dynalite, so the fake cannot drift from the adapter. A
 * second create keeps the first; a save lands only on the version it was based on (two concurrent
 * saves of one version: exactly one lands); each level's queue lists its units' cases newest first,
 * with every filter, the Helsinki range and a cursor that walks the pages without gaps or repeats;
 * a foreign cursor is refused; the due and purge windows hold exactly the cases the jobs must act on;
 * the cases past the answers' retention are found by their answer's day, page by page, and deleted;
 * the watermark; and a case at its caps of notes and history is stored whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPatch, type Case } from '#shared/cases/case.ts';
import { BadCursorError, StaleVersionError, type CaseStore } from '#shared/cases/case-store.ts';
import { DynamoCaseStore } from '#shared/cases/dynamo-case-store.ts';
import { MAX_HISTORY, MAX_NOTE_CHARS, MAX_NOTES } from '#shared/cases/model.ts';
import { type ContractDb, startContractDb } from '../../support/dynalite-tables.ts';
import { caseOf, HANDLING } from '../support/fixtures.ts';
import { MemoryCaseStore } from '../support/memory-case-store.ts';

let db: ContractDb;
beforeAll(async () => {
  db = await startContractDb();
});
afterAll(() => db?.close());

const implementations: [string, () => Promise<CaseStore>][] = [
  ['in memory (the fake)', async () => new MemoryCaseStore()],
  ['on DynamoDB (dynalite)', async () => new DynamoCaseStore(db.doc, await db.freshTable('cases'))],
];

const handling = HANDLING;
const kase = caseOf;

const now = new Date('2026-06-15T09:00:00.000Z');
const change = (c: Case, patch: Parameters<typeof applyPatch>[1]) => applyPatch(c, patch, 'h1', now, handling).next;

describe.each(implementations)('CaseStore %s', (_name, make) => {
  it('creates a case once and gives it back field for field, no table keys mixed in', async () => {
    const store = await make();
    const c = kase('keskusta-ta', '2026-06-01T10:00:00.000Z');
    expect(await store.create(c)).toBe(true);
    expect(await store.create({ ...c, text: 'toinen' })).toBe(false);
    expect(await store.get(c.id)).toEqual(c);
    expect(await store.get('nope')).toBeNull();
    const other = kase('rantala-ta', '2026-06-01T11:00:00.000Z');
    await store.create(other);
    expect((await store.getMany([c.id, 'nope', other.id, c.id])).sort((a, b) => a.id.localeCompare(b.id))).toEqual([c, other]);
  });

  it('saves only on the version the change was based on', async () => {
    const store = await make();
    const c = kase('keskusta-ta', '2026-06-01T10:00:00.000Z');
    await store.create(c);
    const v2 = change(c, { status: 'in_progress' });
    await store.save(v2, 1);
    await expect(store.save(change(c, { note: 'myöhässä' }), 1)).rejects.toBeInstanceOf(StaleVersionError);
    expect(await store.get(c.id)).toEqual(v2);
  });

  it('lets exactly one of two concurrent saves of one version land', async () => {
    const store = await make();
    const c = kase('keskusta-ta', '2026-06-01T10:00:00.000Z');
    await store.create(c);
    const results = await Promise.allSettled([store.save(change(c, { note: 'A' }), 1), store.save(change(c, { note: 'B' }), 1)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(StaleVersionError);
    expect((await store.get(c.id))?.notes).toHaveLength(1);
  });

  it("lists each level's queue newest first: unit, service, service area, region", async () => {
    const store = await make();
    const a = kase('keskusta-ta', '2026-06-01T10:00:00.000Z');
    const b = kase('rantala-ta', '2026-06-02T10:00:00.000Z');
    const d = kase('keskusta-hammas', '2026-06-03T10:00:00.000Z');
    const e = kase('fysioterapia', '2026-06-04T10:00:00.000Z');
    for (const c of [a, b, d, e]) await store.create(c);
    const ids = async (kind: 'unit' | 'service' | 'serviceArea' | 'region', nodeId: string) =>
      (await store.list({ kind, nodeId, limit: 50, now })).cases.map((c) => c.id);
    expect(await ids('unit', 'keskusta-ta')).toEqual([a.id]);
    expect(await ids('service', 'terveysasemat')).toEqual([b.id, a.id]);
    expect(await ids('serviceArea', 'terveys')).toEqual([d.id, b.id, a.id]);
    expect(await ids('region', 'esimerkki')).toEqual([e.id, d.id, b.id, a.id]);
    expect(await ids('unit', 'metsakyla-ta')).toEqual([]);
  });

  it('filters by status, overdue, contact request, escalation and the createdAt range', async () => {
    const store = await make();
    // Contact case of 20 May: due 3 June, overdue on 15 June.
    const overdue = kase('keskusta-ta', '2026-05-20T10:00:00.000Z', { contactRequested: true });
    const closed = change(kase('keskusta-ta', '2026-05-21T10:00:00.000Z'), { status: 'closed' });
    const inProgress = change(kase('keskusta-ta', '2026-06-10T10:00:00.000Z'), { status: 'in_progress' });
    const escalated = { ...kase('keskusta-ta', '2026-06-11T10:00:00.000Z'), escalated: true };
    for (const c of [overdue, { ...closed, version: 1 }, { ...inProgress, version: 1 }, escalated]) await store.create(c);
    const q = async (f: object) => (await store.list({ kind: 'unit', nodeId: 'keskusta-ta', limit: 50, now, ...f })).cases.map((c) => c.id);
    expect(await q({ status: 'closed' })).toEqual([closed.id]);
    expect(await q({ status: 'in_progress' })).toEqual([inProgress.id]);
    expect(await q({ overdue: true })).toEqual([overdue.id]);
    expect(await q({ overdue: false })).toEqual([escalated.id, inProgress.id, closed.id]);
    expect(await q({ contactRequested: true })).toEqual([overdue.id]);
    expect(await q({ escalated: true })).toEqual([escalated.id]);
    expect(await q({ fromIso: '2026-05-21T00:00:00.000Z', toIso: '2026-06-10T10:00:00.000Z' })).toEqual([inProgress.id, closed.id]);
    expect(await q({ status: 'new', contactRequested: false })).toEqual([escalated.id]);
  });

  it('walks the pages with the cursor, filtered too, without gaps or repeats', async () => {
    const store = await make();
    const all: Case[] = [];
    for (let i = 0; i < 23; i++) {
      const c = kase('keskusta-ta', `2026-06-01T10:${String(i).padStart(2, '0')}:00.000Z`, i % 3 === 0 ? { contactRequested: true } : {});
      all.push(c);
      await store.create(c);
    }
    const walk = async (f: object, limit: number) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.list({ kind: 'service', nodeId: 'terveysasemat', limit, now, ...f, ...(cursor ? { cursor } : {}) });
        expect(page.cases.length).toBeLessThanOrEqual(limit);
        seen.push(...page.cases.map((c) => c.id));
        cursor = page.next ?? undefined;
        pages += 1;
      } while (cursor);
      return { seen, pages };
    };
    const newestFirst = [...all].reverse().map((c) => c.id);
    expect(await walk({}, 5)).toEqual({ seen: newestFirst, pages: 5 });
    expect((await walk({}, 23)).pages).toBe(1);
    const contact = [...all]
      .reverse()
      .filter((c) => c.contactRequested)
      .map((c) => c.id);
    expect(await walk({ contactRequested: true }, 3)).toEqual({ seen: contact, pages: 3 });
  });

  it('refuses a cursor it did not hand out, or one outside the range', async () => {
    const store = await make();
    for (const cursor of ['bm9wZQ', Buffer.from('{"k":"x#y"}').toString('base64url'), '!!']) {
      await expect(store.list({ kind: 'unit', nodeId: 'keskusta-ta', limit: 5, now, cursor })).rejects.toBeInstanceOf(BadCursorError);
    }
    const outside = Buffer.from(JSON.stringify({ k: '2026-01-01T00:00:00.000Z#abc' })).toString('base64url');
    await expect(
      store.list({ kind: 'unit', nodeId: 'keskusta-ta', limit: 5, now, cursor: outside, fromIso: '2026-06-01T00:00:00.000Z' }),
    ).rejects.toBeInstanceOf(BadCursorError);
  });

  it('holds in the due window the open, unescalated cases due by then, soonest first', async () => {
    const store = await make();
    const text = kase('keskusta-ta', '2026-05-20T10:00:00.000Z'); // due 19 June
    const contact = kase('keskusta-ta', '2026-05-20T10:00:00.000Z', { contactRequested: true }); // due 3 June
    const closed = { ...kase('keskusta-ta', '2026-05-20T10:00:00.000Z', { contactRequested: true }), status: 'closed' as const };
    const escalated = { ...kase('keskusta-ta', '2026-05-20T10:00:00.000Z', { contactRequested: true }), escalated: true };
    for (const c of [text, contact, closed, escalated]) await store.create(c);
    expect(await store.openDueBy('2026-06-15T09:00:00.000Z')).toEqual([contact.id]);
    expect(await store.openDueBy('2026-06-19T20:59:59.999Z')).toEqual([contact.id, text.id]);
    expect(await store.openDueBy('2026-06-01T00:00:00.000Z')).toEqual([]);
  });

  it('holds in the purge window the closed contact cases whose erasure day has come, until erased or reopened', async () => {
    const store = await make();
    const c = kase('keskusta-ta', '2026-05-20T10:00:00.000Z', { contactRequested: true });
    await store.create(c);
    const closed = applyPatch(c, { status: 'closed', note: 'ei tavoitettu' }, 'h1', new Date('2026-06-01T10:00:00.000Z'), handling).next;
    await store.save(closed, 1);
    expect(closed.purgeOn).toBe('2026-07-01');
    expect(await store.purgeDueBy('2026-06-30')).toEqual([]);
    expect(await store.purgeDueBy('2026-07-01')).toEqual([c.id]);
    const reopened = change(closed, { status: 'in_progress' });
    await store.save(reopened, 2);
    expect(await store.purgeDueBy('2026-07-01')).toEqual([]);
    const again = applyPatch(reopened, { status: 'closed', note: 'x' }, 'h1', new Date('2026-06-02T10:00:00.000Z'), handling).next;
    await store.save(again, 3);
    expect(await store.purgeDueBy('2026-07-02')).toEqual([c.id]);
    await store.save({ ...again, version: 5, contactDeletedAt: '2026-07-02T01:15:00.000Z' }, 4);
    expect(await store.purgeDueBy('2026-07-02')).toEqual([]);
    // A text case never enters the window.
    const t = kase('keskusta-ta', '2026-05-20T10:00:00.000Z');
    await store.create(t);
    await store.save(change(t, { status: 'closed' }), 1);
    expect(await store.purgeDueBy('2026-12-31')).toEqual([]);
  });

  it("finds the cases by their answer's Helsinki day, page by page, and deletes them; the watermark stays", async () => {
    const store = await make();
    await store.setWatermark({ at: '2026-06-15T09:00:00.000Z', seen: [] });
    // Received just after midnight in Helsinki: the answer's day is the 2nd, though it is the 1st in UTC.
    const old = [
      kase('keskusta-ta', '2021-06-01T21:30:00.000Z', { contactRequested: true }),
      kase('keskusta-ta', '2021-06-01T08:00:00.000Z'),
      kase('rantala-ta', '2021-05-30T08:00:00.000Z', { contactRequested: true }),
    ];
    const kept = kase('keskusta-ta', '2021-06-02T21:30:00.000Z');
    for (const c of [...old, kept]) await store.create(c);
    expect(old[0]!.answerDate).toBe('2021-06-02');
    const found: { id: string; contactRequested: boolean }[] = [];
    for await (const page of store.answeredThrough('2021-06-02')) found.push(...page.cases);
    expect(found.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(old.map((c) => ({ id: c.id, contactRequested: c.contactRequested })));
    expect(await store.deleteCases(found.map((c) => c.id))).toBe(3);
    expect(await store.getMany([...old, kept].map((c) => c.id))).toEqual([kept]);
    const again: unknown[] = [];
    for await (const page of store.answeredThrough('2021-06-02')) again.push(...page.cases);
    expect(again).toEqual([]);
    // Deleting a case that is gone already is no error, so a rerun after a failure is safe.
    expect(await store.deleteCases([old[0]!.id])).toBe(1);
    expect(await store.watermark()).toEqual({ at: '2026-06-15T09:00:00.000Z', seen: [] });
  });

  it('keeps the watermark', async () => {
    const store = await make();
    expect(await store.watermark()).toBeNull();
    await store.setWatermark({ at: '2026-06-01T10:00:00.000Z', seen: [] });
    expect(await store.watermark()).toEqual({ at: '2026-06-01T10:00:00.000Z', seen: [] });
    await store.setWatermark({ at: '2026-06-01T10:01:00.000Z', seen: ['a', 'b'] });
    expect(await store.watermark()).toEqual({ at: '2026-06-01T10:01:00.000Z', seen: ['a', 'b'] });
  });

  it('stores a case at its caps of notes and history whole', async () => {
    const store = await make();
    const c = kase('keskusta-ta', '2026-06-01T10:00:00.000Z');
    await store.create(c);
    const full: Case = {
      ...c,
      version: 2,
      notes: Array.from({ length: MAX_NOTES }, (_, i) => ({
        at: now.toISOString(),
        author: `käsittelijä-${i}@esimerkki.example`,
        text: '中'.repeat(MAX_NOTE_CHARS),
      })),
      history: Array.from({ length: MAX_HISTORY }, () => ({
        at: now.toISOString(),
        actor: 'käsittelijä@esimerkki.example',
        action: 'status_changed' as const,
        from: 'new' as const,
        to: 'in_progress' as const,
      })),
    };
    // Three UTF-8 bytes per character is the most a UTF-16 code unit takes: the worst case of the caps.
    const bytes = Buffer.byteLength(JSON.stringify(full), 'utf8');
    expect(bytes).toBeLessThan(150_000);
    await store.save(full, 1);
    expect(await store.get(c.id)).toEqual(full);
  });
});
