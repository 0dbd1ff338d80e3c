/**
 * The daily case jobs on the fakes and a fixed clock. Reminders: once per case, for open cases due
 * within `reminderDaysBefore` (end of that Helsinki day), one mail per mailbox node — the unit's own,
 * else the nearest node above with one. Escalation: once per case past due, to the parent's handlers,
 * with `CaseOverdue` and `CaseEscalated`. Mails hold counts and workbench links only. A handler's
 * change between the job's read and write is re-read, not overwritten. The contact purge erases on
 * the day `contactRetentionDays` after closing, records it once, and leaves reopened cases alone.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryContactVault } from '../../contacts/support/memory-contact-vault.ts';
import { LocalEventBus } from '#local/event-list.ts';
import { MailOutbox } from '#local/mail-outbox.ts';
import { parseConfig } from '#shared/config.ts';
import type { ArrivedAnswer } from '#shared/cases/arrivals.ts';
import { applyPatch, type Case } from '#shared/cases/case.ts';
import { purgeContacts, remindCases, type RemindDeps } from '#shared/cases/case-jobs.ts';
import { FixedClock } from '../../support/fakes.ts';
import { caseOf, HANDLING } from '../support/fixtures.ts';
import { MemoryCaseStore } from '../support/memory-case-store.ts';

const handling = HANDLING;
const config = parseConfig();
/** A case of a unit answered at 09:00 UTC on `date`. */
const kase = (unitId: string, date: string, over: Partial<ArrivedAnswer> = {}): Case =>
  caseOf(unitId, `${date}T09:00:00.000Z`, { text: 'Salainen kommentti potilaalta', answers: { nps: 2 }, ...over });

let store: MemoryCaseStore;
let mailer: MailOutbox;
let events: LocalEventBus;
let clock: FixedClock;
let deps: RemindDeps;
beforeEach(() => {
  store = new MemoryCaseStore();
  clock = new FixedClock('2026-06-15T04:00:00.000Z'); // 07:00 in Helsinki
  // The local SES and EventBridge stand-ins: they refuse, as the adapters do, a mail or an event with personal data.
  mailer = new MailOutbox(clock);
  events = new LocalEventBus();
  deps = { config, cases: store, mailer, events, clock, handling, baseUrl: 'https://palaute.example' };
});

describe('remindCases', () => {
  it('reminds the unit, or the nearest node with a mailbox, of cases due within three days; escalates past due to the parent', async () => {
    // Contact cases are due 14 days after their day: 1 June → 15 June (today), 3 June → 17 June, 4 June → 18 June.
    const dueIn2 = kase('keskusta-ta', '2026-06-03', { contactRequested: true });
    const dueIn3 = kase('rantala-ta', '2026-06-04', { contactRequested: true });
    const dueLater = kase('keskusta-ta', '2026-06-10', { contactRequested: true });
    const overdue = kase('keskusta-ta', '2026-05-20', { contactRequested: true });
    const dueToday = kase('keskusta-ta', '2026-06-01', { contactRequested: true });
    const closed = { ...kase('keskusta-ta', '2026-05-20'), status: 'closed' as const };
    for (const c of [dueIn2, dueIn3, dueLater, overdue, dueToday, closed]) await store.create(c);

    const r = await remindCases(deps);
    expect(r).toMatchObject({ reminded: 3, escalated: 1, mails: 3, unaddressed: 0 });
    const by = (id: string) => store.all().find((c) => c.id === id)!;
    for (const c of [dueIn2, dueIn3, dueToday]) {
      expect(by(c.id).remindedAt).toBe('2026-06-15T04:00:00.000Z');
      expect(by(c.id).history.at(-1)).toMatchObject({ actor: 'system', action: 'reminder_sent' });
    }
    expect(by(dueIn2.id).history.at(-1)?.days).toBe(2);
    expect(by(dueLater.id).remindedAt).toBeUndefined();
    expect(by(overdue.id)).toMatchObject({ escalated: true, version: 2 });
    expect(by(overdue.id).history.at(-1)).toMatchObject({ action: 'escalated', actor: 'system' });

    const mails = mailer.list().map((m) => ({ to: m.to, subject: m.subject }));
    expect(mails).toEqual([
      { to: ['keskusta-ta.palaute@esimerkki.example'], subject: expect.stringContaining('2 käsittelemätöntä') },
      { to: ['terveysasemat.palaute@esimerkki.example'], subject: expect.stringContaining('1 käsittelemätöntä') },
      { to: ['terveysasemat.palaute@esimerkki.example'], subject: expect.stringContaining('1 asiaa myöhässä') },
    ]);
    expect(mailer.list()[0]!.text).toContain('https://palaute.example/admin/cases?node=keskusta-ta');
    expect(mailer.list()[2]!.text).toContain('https://palaute.example/admin/cases?node=terveysasemat&escalated=true');
    expect(mailer.list()[2]!.text).toContain('Keskustan');
    expect(events.list().map((e) => `${e.type}:${e.detail.caseId}`)).toEqual([`CaseOverdue:${overdue.id}`, `CaseEscalated:${overdue.id}`]);
    // Nothing personal, no free text.
    const all = JSON.stringify([mailer.list(), events.list()]);
    expect(all).not.toContain('Salainen');
  });

  it('reminds and escalates each case once across runs', async () => {
    const c = kase('keskusta-ta', '2026-06-03', { contactRequested: true }); // due 17 June
    await store.create(c);
    await remindCases(deps);
    clock.set('2026-06-16T04:00:00.000Z');
    expect(await remindCases(deps)).toMatchObject({ reminded: 0, escalated: 0, mails: 0 });
    clock.set('2026-06-17T20:59:59.999Z');
    expect(await remindCases(deps)).toMatchObject({ reminded: 0, escalated: 0 });
    clock.set('2026-06-18T04:00:00.000Z');
    expect(await remindCases(deps)).toMatchObject({ reminded: 0, escalated: 1, mails: 1 });
    clock.set('2026-06-19T04:00:00.000Z');
    expect(await remindCases(deps)).toMatchObject({ reminded: 0, escalated: 0, mails: 0 });
    expect(mailer.list()).toHaveLength(2);
    expect(events.list().map((e) => e.type)).toEqual(['CaseOverdue', 'CaseEscalated']);
  });

  it('counts a case whose unit and every node above list no mailbox, and mails nobody for it', async () => {
    const noMail = JSON.parse(readFileSync('config/region.json', 'utf8')) as Record<string, unknown>;
    const strip = (n: Record<string, unknown>): void => {
      delete n.handlerEmails;
      for (const k of ['region', 'serviceAreas', 'services', 'units']) {
        const v = n[k] as Record<string, unknown> | Record<string, unknown>[] | undefined;
        for (const child of Array.isArray(v) ? v : v ? [v] : []) strip(child);
      }
    };
    strip(noMail);
    const bare = parseConfig(noMail);
    await store.create(kase('keskusta-ta', '2026-06-03', { contactRequested: true }));
    expect(await remindCases({ ...deps, config: bare })).toMatchObject({ reminded: 1, mails: 0, unaddressed: 1 });
  });

  it("re-reads a case a handler changed meanwhile and keeps the handler's change", async () => {
    const c = kase('keskusta-ta', '2026-06-03', { contactRequested: true });
    await store.create(c);
    const original = store.save.bind(store);
    let interfered = false;
    store.save = async (next, basedOn) => {
      if (!interfered) {
        interfered = true;
        const cur = (await store.get(c.id))!;
        await original(applyPatch(cur, { note: 'Soitin, ei vastannut.' }, 'h1', clock.now(), handling).next, cur.version);
      }
      return original(next, basedOn);
    };
    await remindCases(deps);
    const after = (await store.get(c.id))!;
    expect(after.notes.map((n) => n.text)).toEqual(['Soitin, ei vastannut.']);
    expect(after.remindedAt).toBe('2026-06-15T04:00:00.000Z');
    expect(after.version).toBe(3);
  });
});

describe('purgeContacts', () => {
  it('erases the contact on the day retention ends after closing, records it once, leaves reopened cases', async () => {
    const vault = new MemoryContactVault();
    const a = kase('keskusta-ta', '2026-05-20', { contactRequested: true });
    const b = kase('keskusta-ta', '2026-05-21', { contactRequested: true });
    for (const c of [a, b]) {
      await store.create(c);
      vault.put(c.feedbackId, { phone: '+358401234567' });
      // Closed on 1 June (Helsinki): erased on 1 July.
      await store.save(
        applyPatch(c, { status: 'closed', note: 'Ei tavoitettu.' }, 'h1', new Date('2026-06-01T10:00:00Z'), handling).next,
        1,
      );
    }
    await store.save(
      applyPatch((await store.get(b.id))!, { status: 'in_progress' }, 'h1', new Date('2026-06-20T10:00:00Z'), handling).next,
      2,
    );
    const pdeps = { cases: store, vault, clock };
    clock.set('2026-06-30T01:15:00.000Z');
    expect(await purgeContacts(pdeps)).toMatchObject({ due: 0, erased: 0 });
    clock.set('2026-07-01T01:15:00.000Z'); // 04:15 in Helsinki
    expect(await purgeContacts(pdeps)).toMatchObject({ due: 1, erased: 1 });
    expect(await vault.read(a.feedbackId)).toBeNull();
    expect(await vault.read(b.feedbackId)).not.toBeNull();
    const after = (await store.get(a.id))!;
    expect(after.contactDeletedAt).toBe('2026-07-01T01:15:00.000Z');
    expect(after.purgeOn).toBeUndefined();
    expect(after.history.at(-1)).toEqual({ at: '2026-07-01T01:15:00.000Z', actor: 'system', action: 'contact_deleted' });
    clock.set('2026-07-02T01:15:00.000Z');
    expect(await purgeContacts(pdeps)).toMatchObject({ due: 0, erased: 0 });
    expect((await store.get(a.id))!.history.filter((h) => h.action === 'contact_deleted')).toHaveLength(1);
  });
});
