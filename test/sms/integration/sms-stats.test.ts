/**
 * GET /api/sms/stats over real HTTP against dynalite: the audit per Helsinki visit day and unit
 * matches exactly what was posted (received, excluded by reason, sampled, scheduled), then what the
 * release sent and what a link answer added; re-sent and rejected visits are not counted; the period
 * is validated (400 naming query.from / query.to, from after to, more than 366 days).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import type { SmsStatsRow } from '#shared/sms/stats.ts';
import { startTestStack } from '../../support/local-stack.ts';
import {
  devToken,
  e164,
  helsinkiWinter,
  intake,
  linkOf,
  mobile,
  outbox,
  runRelease,
  setClock,
  visit,
  visitIds,
  type ErrorBody,
  type VisitInput,
} from '../../support/sms.ts';

const DAY1 = '2027-01-10';
const DAY2 = '2027-01-11';

interface Stats {
  from: string;
  to: string;
  days: SmsStatsRow[];
  total: Omit<SmsStatsRow, 'date' | 'unitId'>;
}

let stack: LocalStack;
let writeToken: string;
let readToken: string;
beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set('2027-01-11T15:00:00+02:00');
  writeToken = await devToken(stack, ['visits:write']);
  readToken = await devToken(stack, ['sms:read']);
});
afterAll(() => stack?.close());

async function stats(query: string): Promise<Response> {
  return fetch(`${stack.url}/api/sms/stats?${query}`, { headers: { authorization: `Bearer ${readToken}` } });
}
async function statsOk(from: string, to: string): Promise<Stats> {
  const r = await stats(`from=${from}&to=${to}`);
  expect(r.status).toBe(200);
  return (await r.json()) as Stats;
}

/** A stats row with zeros where nothing happened. */
const row = (date: string, unitId: string, counts: Partial<Omit<SmsStatsRow, 'date' | 'unitId'>>): SmsStatsRow => ({
  date,
  unitId,
  received: 0,
  excluded: {},
  sampled: 0,
  scheduled: 0,
  sent: 0,
  failed: 0,
  cancelled: 0,
  answered: 0,
  ...counts,
});

let phoneSeq = 2_000_000;
const freshPhone = () => mobile(phoneSeq++);
/** The number whose SMS link gets answered. */
let answeringPhone = '';
let visits: VisitInput[] = [];

describe('the funnel per day and unit', () => {
  it('counts what was posted: received, excluded by reason, sampled and scheduled, per visit day and unit', async () => {
    const s = await visitIds('stats-s', 8, true);
    const n = await visitIds('stats-n', 3, false);
    const at = (date: string, hhmm = '10:00') => helsinkiWinter(date, hhmm);
    const samePerson = freshPhone();
    answeringPhone = freshPhone();
    visits = [
      // Day 1, keskusta-ta: 3 scheduled, 2 not sampled, 1 without consent, 1 under age.
      visit({ visitId: s[0]!, phone: answeringPhone, visitedAt: at(DAY1) }),
      visit({ visitId: s[1]!, phone: freshPhone(), visitedAt: at(DAY1) }),
      visit({ visitId: s[2]!, phone: freshPhone(), visitedAt: at(DAY1) }),
      visit({ visitId: n[0]!, phone: freshPhone(), visitedAt: at(DAY1) }),
      visit({ visitId: n[1]!, phone: freshPhone(), visitedAt: at(DAY1) }),
      visit({ visitId: 'stats-consent', smsConsent: false, phone: freshPhone(), visitedAt: at(DAY1) }),
      visit({ visitId: 'stats-age', age: 16, phone: freshPhone(), visitedAt: at(DAY1) }),
      // Day 1, neuvola-keskusta: SMS off.
      visit({ visitId: 'stats-disabled', unitId: 'neuvola-keskusta', phone: freshPhone(), visitedAt: at(DAY1) }),
      // Day 2, fysioterapia: 2 scheduled, 1 sensitive, 1 not sampled.
      visit({ visitId: s[3]!, unitId: 'fysioterapia', phone: freshPhone(), visitedAt: at(DAY2) }),
      visit({ visitId: s[4]!, unitId: 'fysioterapia', phone: freshPhone(), visitedAt: at(DAY2) }),
      visit({ visitId: 'stats-sensitive', unitId: 'fysioterapia', visitType: 'Turvakoti', phone: freshPhone(), visitedAt: at(DAY2) }),
      visit({ visitId: n[2]!, unitId: 'fysioterapia', phone: freshPhone(), visitedAt: at(DAY2) }),
      // Day 2, one person at keskusta-ta in the morning and fysioterapia in the afternoon: the later wins.
      visit({ visitId: s[5]!, phone: samePerson, visitedAt: at(DAY2, '09:00') }),
      visit({ visitId: s[6]!, unitId: 'fysioterapia', phone: samePerson, visitedAt: at(DAY2, '14:00') }),
    ];
    const r = await intake(stack, writeToken, [...visits, { visitId: 'stats-rejected', unitId: 'keskusta-ta' }]);
    expect(r.received).toBe(visits.length);
    expect(r.rejected).toHaveLength(1);

    const body = await statsOk(DAY1, DAY2);
    expect(body.from).toBe(DAY1);
    expect(body.to).toBe(DAY2);
    expect(body.days).toEqual([
      row(DAY1, 'keskusta-ta', { received: 7, sampled: 3, scheduled: 3, excluded: { not_sampled: 2, no_consent: 1, under_age: 1 } }),
      row(DAY1, 'neuvola-keskusta', { received: 1, excluded: { sms_disabled: 1 } }),
      row(DAY2, 'fysioterapia', { received: 5, sampled: 3, scheduled: 3, excluded: { sensitive_visit_type: 1, not_sampled: 1 } }),
      row(DAY2, 'keskusta-ta', { received: 1, sampled: 1, scheduled: 0, excluded: { not_last_visit_of_day: 1 } }),
    ]);
    expect(body.total).toEqual({
      received: 14,
      sampled: 7,
      scheduled: 6,
      sent: 0,
      failed: 0,
      cancelled: 0,
      answered: 0,
      excluded: { not_sampled: 3, no_consent: 1, under_age: 1, sms_disabled: 1, sensitive_visit_type: 1, not_last_visit_of_day: 1 },
    });
  });

  it('does not count re-sent visits again, so retries from the patient system do not inflate the audit', async () => {
    const before = await statsOk(DAY1, DAY2);
    const r = await intake(stack, writeToken, visits);
    expect(r.excluded).toEqual({ already_received: visits.length });
    expect(await statsOk(DAY1, DAY2)).toEqual(before);
  });

  it('adds sent after the release, on the visit day and unit of each invitation', async () => {
    // Invitations for DAY1 were due on DAY2 12:00 and for DAY2 on the next day: one run catches both up.
    await setClock(stack, '2027-01-12T12:05:00+02:00');
    expect(await runRelease(stack)).toEqual({ released: 6, quietHours: false });
    const body = await statsOk(DAY1, DAY2);
    expect(body.days.map((d) => [d.date, d.unitId, d.scheduled, d.sent])).toEqual([
      [DAY1, 'keskusta-ta', 3, 3],
      [DAY1, 'neuvola-keskusta', 0, 0],
      [DAY2, 'fysioterapia', 3, 3],
      [DAY2, 'keskusta-ta', 0, 0],
    ]);
    expect(body.total).toMatchObject({ sent: 6, failed: 0, cancelled: 0, answered: 0 });
  });

  it('adds answered once when a link is answered, on the visit day and unit of the link', async () => {
    const sms = (await outbox(stack)).find((e) => e.to === e164(answeringPhone))!;
    const link = linkOf(sms);
    const post = () =>
      fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'nps=9', redirect: 'manual' });
    expect((await post()).status).toBe(303);
    // A second post of the same link is not a second answer.
    await post();
    const body = await statsOk(DAY1, DAY2);
    expect(body.days.find((d) => d.date === DAY1 && d.unitId === 'keskusta-ta')).toMatchObject({ sent: 3, answered: 1 });
    expect(body.total.answered).toBe(1);
  });

  it('returns only the days asked for', async () => {
    const day1 = await statsOk(DAY1, DAY1);
    expect(day1.days.map((d) => d.date)).toEqual([DAY1, DAY1]);
    expect(day1.total.received).toBe(8);
    const later = await statsOk('2027-01-12', '2027-01-31');
    expect(later.days).toEqual([]);
    expect(later.total).toEqual({ received: 0, excluded: {}, sampled: 0, scheduled: 0, sent: 0, failed: 0, cancelled: 0, answered: 0 });
  });

  it('reads a period across a year boundary and several months the same as the exact days', async () => {
    const wide = await statsOk('2026-11-15', '2027-03-01');
    expect(wide.days).toEqual((await statsOk(DAY1, DAY2)).days);
  });

  it('holds counts only: no visit id, number or hash appears in the answer', async () => {
    const text = await (await stats(`from=${DAY1}&to=${DAY2}`)).text();
    for (const v of visits) {
      expect(text).not.toContain(v.visitId);
      expect(text).not.toContain(v.phone.slice(1));
    }
  });
});

describe('the period', () => {
  const bad: [string, string, string[]][] = [
    ['no parameters', '', ['query.from', 'query.to']],
    ['from missing', 'to=2027-01-31', ['query.from']],
    ['to missing', 'from=2027-01-01', ['query.to']],
    ['from not a date', 'from=yesterday&to=2027-01-31', ['query.from']],
    ['from with a time', 'from=2027-01-01T00:00:00Z&to=2027-01-31', ['query.from']],
    ['from on 30 February', 'from=2027-02-30&to=2027-03-31', ['query.from']],
    ['to not a date', 'to=soon&from=2027-01-01', ['query.to']],
    ['to before from', 'from=2027-01-31&to=2027-01-01', ['query.to']],
    ['367 days', 'from=2026-01-01&to=2027-01-02', ['query.to']],
  ];

  it.each(bad)('answers %s with 400 and the error shape naming the parameter', async (_name, query, paths) => {
    const r = await stats(query);
    expect(r.status).toBe(400);
    const body = (await r.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(typeof body.error.message).toBe('string');
    expect(body.error.issues.map((i) => i.path)).toEqual(paths);
  });

  it("accepts 366 days (a leap year's worth) and a single day", async () => {
    expect((await stats('from=2026-01-01&to=2027-01-01')).status).toBe(200);
    expect((await stats('from=2027-01-10&to=2027-01-10')).status).toBe(200);
  });
});
