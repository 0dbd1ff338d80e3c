/**
 * The case's rules: which answers open one, the due date (Helsinki days, end of day, across DST), the
 * status machine with its impossible moves, the note a close of an uncontacted contact case needs,
 * the history of every change and the capped notes and history; and `region.handling` with its
 * defaults, its bad values named, and `handlerEmails` per node.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import {
  applyPatch,
  canTransition,
  contactPurgeDate,
  dueAt,
  endOfHelsinkiDay,
  InvalidTransitionError,
  isOverdue,
  openCase,
  opensCase,
  withHistory,
  type Case,
} from '#shared/cases/case.ts';
import { CASE_STATUSES, MAX_HISTORY, MAX_NOTES } from '#shared/cases/model.ts';
import type { ArrivedAnswer } from '#shared/cases/arrivals.ts';
import { ConfigError, handlerEmailsOf, handlingOf, ValidationError } from '#shared/platform/index.ts';
import { answerOf, HANDLING } from '../support/fixtures.ts';

const handling = HANDLING;

const answer = (over: Partial<ArrivedAnswer> = {}): ArrivedAnswer =>
  answerOf('keskusta-ta', '2026-03-10T10:00:01.000Z', {
    id: 'a1',
    answers: { nps: 4 },
    text: 'Jonotin pitkään.',
    submittedAt: '2026-03-10T10:00:00.000Z',
    ...over,
  });

const at = (iso: string) => new Date(iso);

describe('opening a case', () => {
  it('opens one for free text or a contact request, not for scores alone or blank text', () => {
    expect(opensCase({ text: 'Hyvä.' })).toBe(true);
    expect(opensCase({ contactRequested: true })).toBe(true);
    expect(opensCase({})).toBe(false);
    expect(opensCase({ text: '   ' })).toBe(false);
  });

  it('takes the id, unit, levels, score and comment of the answer, at version 1 with a created entry', () => {
    const c = openCase(answer(), handling);
    expect(c).toMatchObject({
      id: 'a1',
      feedbackId: 'a1',
      unitId: 'keskusta-ta',
      serviceId: 'terveysasemat',
      serviceAreaId: 'terveys',
      regionId: 'esimerkki',
      status: 'new',
      contactRequested: false,
      createdAt: '2026-03-10T10:00:01.000Z',
      nps: 4,
      text: 'Jonotin pitkään.',
      version: 1,
      escalated: false,
      assignee: null,
    });
    expect(c.history).toEqual([{ at: '2026-03-10T10:00:01.000Z', actor: 'system', action: 'created' }]);
  });

  it('has a null score and text when the answer has neither', () => {
    const c = openCase(answer({ answers: {}, text: undefined, contactRequested: true }), handling);
    expect(c.nps).toBeNull();
    expect(c.text).toBeNull();
    expect(c.contactRequested).toBe(true);
  });
});

describe('due date', () => {
  it('is the end of the Helsinki day 30 days after a text answer, 14 after a contact request', () => {
    // 10 March + 30 = 9 April, after the spring change: Helsinki is UTC+3, the day ends 20:59:59.999Z.
    expect(dueAt('2026-03-10', false, handling)).toBe('2026-04-09T20:59:59.999Z');
    // 10 March + 14 = 24 March, before it: UTC+2.
    expect(dueAt('2026-03-10', true, handling)).toBe('2026-03-24T21:59:59.999Z');
  });

  it('ends each day at the right instant on both DST change days', () => {
    // 29 March 2026 is 23 hours long (03:00 → 04:00), 25 October 2026 is 25 hours long.
    expect(endOfHelsinkiDay('2026-03-29')).toBe('2026-03-29T20:59:59.999Z');
    expect(endOfHelsinkiDay('2026-03-28')).toBe('2026-03-28T21:59:59.999Z');
    expect(endOfHelsinkiDay('2026-10-25')).toBe('2026-10-25T21:59:59.999Z');
    expect(endOfHelsinkiDay('2026-10-24')).toBe('2026-10-24T20:59:59.999Z');
  });

  it('counts from the Helsinki day the answer was given, not its UTC day', () => {
    // 23:30 UTC on 9 March is 01:30 on 10 March in Helsinki.
    const c = openCase(answer({ submittedAt: '2026-03-09T23:30:00.000Z', date: '2026-03-10', contactRequested: true }), handling);
    expect(c.dueAt).toBe('2026-03-24T21:59:59.999Z');
  });

  it('is overdue only when open and past the due instant', () => {
    const c = openCase(answer({ contactRequested: true }), handling);
    expect(isOverdue(c, at('2026-03-24T21:59:59.999Z'))).toBe(false);
    expect(isOverdue(c, at('2026-03-24T22:00:00.000Z'))).toBe(true);
    expect(isOverdue({ ...c, status: 'closed' }, at('2026-05-01T00:00:00.000Z'))).toBe(false);
  });

  it('erases contact details the retention days after the Helsinki day of closing', () => {
    expect(contactPurgeDate('2026-03-31T22:30:00.000Z', handling)).toBe('2026-05-01');
  });
});

describe('status machine', () => {
  const text = openCase(answer(), handling);
  const contact = openCase(answer({ contactRequested: true }), handling);

  it.each([
    ['new', 'in_progress', true],
    ['new', 'closed', true],
    ['in_progress', 'closed', true],
    ['closed', 'in_progress', true],
    ['in_progress', 'new', false],
    ['closed', 'new', false],
    ['closed', 'closed', false],
    ['new', 'new', false],
  ] as const)('%s → %s: %s', (from, to, ok) => {
    expect(canTransition({ status: from, contactRequested: false }, to)).toBe(ok);
    expect(canTransition({ status: from, contactRequested: true }, to)).toBe(ok);
  });

  it('lets only a contact case be contacted', () => {
    for (const from of ['new', 'in_progress'] as const) {
      expect(canTransition({ status: from, contactRequested: true }, 'contacted')).toBe(true);
      expect(canTransition({ status: from, contactRequested: false }, 'contacted')).toBe(false);
    }
    expect(canTransition({ status: 'closed', contactRequested: true }, 'contacted')).toBe(false);
  });

  it('refuses an impossible move with invalid_transition naming status', () => {
    const e = (() => {
      try {
        applyPatch(text, { status: 'contacted' }, 'h1', at('2026-03-11T08:00:00Z'), handling);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(InvalidTransitionError);
    expect((e as InvalidTransitionError).code).toBe('invalid_transition');
    expect((e as InvalidTransitionError).issues[0]?.path).toBe('status');
  });

  it('walks a contact case new → in_progress → contacted → closed, each step in the history, a version up each', () => {
    let c: Case = contact;
    for (const [i, to] of (['in_progress', 'contacted', 'closed'] as const).entries()) {
      const { next } = applyPatch(c, { status: to }, 'h1', at(`2026-03-1${i + 1}T08:00:00Z`), handling);
      expect(next.version).toBe(c.version + 1);
      expect(next.history.at(-1)).toEqual({
        at: `2026-03-1${i + 1}T08:00:00.000Z`,
        actor: 'h1',
        action: 'status_changed',
        from: c.status,
        to,
      });
      c = next;
    }
    expect(c.closedAt).toBe('2026-03-13T08:00:00.000Z');
    const reopened = applyPatch(c, { status: 'in_progress' }, 'h1', at('2026-03-14T08:00:00Z'), handling).next;
    expect(reopened.status).toBe('in_progress');
    expect(reopened.closedAt).toBeUndefined();
    expect(reopened.purgeOn).toBeUndefined();
    expect(reopened.contacted).toBe(true);
  });

  it('raises CaseClosed with ids, unit, channel and NPS group only', () => {
    const { events } = applyPatch(text, { status: 'closed' }, 'h1', at('2026-03-11T08:00:00Z'), handling);
    expect(events).toEqual([
      {
        type: 'CaseClosed',
        at: '2026-03-11T08:00:00.000Z',
        detail: {
          caseId: 'a1',
          feedbackId: 'a1',
          unitId: 'keskusta-ta',
          channel: 'web',
          npsGroup: 'detractor',
          contactRequested: false,
          status: 'closed',
          dueAt: text.dueAt,
        },
      },
    ]);
    expect(applyPatch(text, { note: 'Luettu.' }, 'h1', at('2026-03-11T08:00:00Z'), handling).events).toEqual([]);
  });

  it('needs a note to close a contact case that was never contacted', () => {
    expect(() => applyPatch(contact, { status: 'closed' }, 'h1', at('2026-03-11T08:00:00Z'), handling)).toThrow(ValidationError);
    const { next } = applyPatch(
      contact,
      { status: 'closed', note: 'Ei tavoitettu kolmella yrityksellä.' },
      'h1',
      at('2026-03-11T08:00:00Z'),
      handling,
    );
    expect(next.status).toBe('closed');
    // Erased 30 days after the Helsinki day of closing.
    expect(next.purgeOn).toBe('2026-04-10');
    expect(next.notes).toEqual([{ at: '2026-03-11T08:00:00.000Z', author: 'h1', text: 'Ei tavoitettu kolmella yrityksellä.' }]);
    expect(next.history.map((h) => h.action)).toEqual(['created', 'status_changed', 'note_added']);
    // A text case closes without one.
    expect(applyPatch(text, { status: 'closed' }, 'h1', at('2026-03-11T08:00:00Z'), handling).next.status).toBe('closed');
  });

  it('records an assignment and an unassignment, and nothing for the same assignee', () => {
    const a = applyPatch(text, { assignee: 'Hoitaja H.' }, 'h1', at('2026-03-11T08:00:00Z'), handling).next;
    expect(a.history.at(-1)).toMatchObject({ action: 'assigned', assignee: 'Hoitaja H.' });
    const same = applyPatch(a, { assignee: 'Hoitaja H.' }, 'h1', at('2026-03-11T09:00:00Z'), handling).next;
    expect(same.history).toHaveLength(a.history.length);
    const un = applyPatch(a, { assignee: null }, 'h1', at('2026-03-11T09:00:00Z'), handling).next;
    expect(un.assignee).toBeNull();
    expect(un.history.at(-1)).toMatchObject({ action: 'assigned', assignee: null });
  });

  it('caps notes and history so the item stays small', () => {
    const full = { ...text, notes: Array.from({ length: MAX_NOTES }, () => ({ at: 'x', author: 'h', text: 'n' })) };
    expect(() => applyPatch(full, { note: 'one more' }, 'h1', at('2026-03-11T08:00:00Z'), handling)).toThrow(ValidationError);
    const long = withHistory(
      text.history,
      ...Array.from({ length: MAX_HISTORY + 10 }, (_, i) => ({ at: String(i), actor: 'h', action: 'note_added' as const })),
    );
    expect(long).toHaveLength(MAX_HISTORY);
    expect(long[0]?.action).toBe('created');
    expect(long.at(-1)?.at).toBe(String(MAX_HISTORY + 9));
  });

  it('keeps every status reachable from new', () => {
    const reach = new Set<string>(['new']);
    for (let i = 0; i < 4; i++)
      for (const s of [...reach])
        for (const t of CASE_STATUSES) if (canTransition({ status: s as Case['status'], contactRequested: true }, t)) reach.add(t);
    expect([...reach].sort()).toEqual([...CASE_STATUSES].sort());
  });
});

describe('region.handling', () => {
  const region = () => JSON.parse(readFileSync('config/region.json', 'utf8'));

  it('has its defaults: 14/30 days, reminders 3 days before, contacts kept 30 days after closing', () => {
    const r = region();
    delete r.region.handling;
    expect(handlingOf(parseConfig(r).org)).toEqual(handling);
  });

  it("takes the region's own values", () => {
    const r = region();
    r.region.handling = { reminderDaysBefore: 0, contactRetentionDays: 60 };
    expect(handlingOf(parseConfig(r).org)).toEqual({ ...handling, reminderDaysBefore: 0, contactRetentionDays: 60 });
  });

  it.each([
    [{ reminderDaysBefore: -1 }, 'region.handling.reminderDaysBefore'],
    [{ contactRetentionDays: 0 }, 'region.handling.contactRetentionDays'],
    [{ contactRetentionDays: 1.5 }, 'region.handling.contactRetentionDays'],
  ])('refuses %j, naming the field', (h, path) => {
    const r = region();
    r.region.handling = h;
    expect(() => parseConfig(r)).toThrow(ConfigError);
    try {
      parseConfig(r);
    } catch (e) {
      expect((e as ConfigError).issues.map((i) => i.path)).toContain(path);
    }
  });

  it("reads a node's own handlerEmails, not its parent's, and refuses a bad address by path", () => {
    const { org } = parseConfig();
    expect(handlerEmailsOf(org, 'keskusta-ta')).toEqual(['keskusta-ta.palaute@esimerkki.example']);
    expect(handlerEmailsOf(org, 'terveysasemat')).toEqual(['terveysasemat.palaute@esimerkki.example']);
    expect(handlerEmailsOf(org, 'rantala-ta')).toEqual([]);
    const r = region();
    r.serviceAreas[0].handlerEmails = ['not an address'];
    expect(() => parseConfig(r)).toThrow(/serviceAreas\[0\]\.handlerEmails|serviceAreas\.0\.handlerEmails/);
  });
});
