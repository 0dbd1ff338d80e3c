/**
 * Edge cases of the SMS API found in review: two visits of one number in one batch, impossible
 * dates, and malformed JSON whose parser message would quote a phone number back.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import { receiveVisits } from '#shared/sms/intake.ts';
import { FileSecrets } from '#local/secrets-file.ts';
import type { LocalStack } from '#local/stack.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { devToken, intake, postVisits, setClock, smsStore, visit, visitIds, type ErrorBody } from '../../support/sms.ts';

let stack: LocalStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  token = await devToken(stack, ['visits:write', 'sms:read']);
  await setClock(stack, '2027-03-10T18:00:00+02:00');
});
afterAll(() => stack?.close());

describe('SMS intake edge cases', () => {
  it('reports one scheduled and one not_last_visit_of_day for two sampled visits of one number in one batch', async () => {
    const [a, b] = await visitIds('same-batch', 2, true);
    const r = await intake(stack, token, [
      visit({ visitId: a!, phone: '0401119999', unitId: 'keskusta-ta', visitedAt: '2027-03-10T09:00:00+02:00' }),
      visit({ visitId: b!, phone: '0401119999', unitId: 'fysioterapia', visitedAt: '2027-03-10T14:00:00+02:00' }),
    ]);
    expect(r).toMatchObject({ received: 2, scheduled: 1, excluded: { not_last_visit_of_day: 1 } });
  });

  it.each(['2027-02-30T10:00:00+02:00', '2027-03-10T25:00:00+02:00', '2027-13-01T10:00:00+02:00'])(
    'rejects the impossible visit time %s as invalid',
    async (visitedAt) => {
      const r = await intake(stack, token, [visit({ visitId: `impossible-${visitedAt}`, phone: '0401112222', visitedAt })]);
      expect(r.rejected[0]).toMatchObject({ reason: 'invalid', issues: [{ path: 'visitedAt' }] });
    },
  );

  it('answers 400 naming query.to for an impossible stats date, never 500', async () => {
    for (const to of ['2027-13-01', '2027-01-32', '2027-00-10']) {
      const r = await fetch(`${stack.url}/api/sms/stats?from=2027-01-01&to=${to}`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(400);
      expect(((await r.json()) as ErrorBody).error.issues[0]!.path).toBe('query.to');
    }
  });

  it('does not quote a phone number back in the error for malformed JSON', async () => {
    const r = await postVisits(stack, token, '{"visits":[{"visitId":"a","phone":+358401234567}]}');
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(text).not.toMatch(/40123/);
    expect((JSON.parse(text) as ErrorBody).error.issues[0]!.path).toBe('body');
  });
});

describe('daily cap slots', () => {
  it('gives a slot back when the visit that took it is not the last of the day, so the unit still gets its cap', async () => {
    const raw = JSON.parse(readFileSync('config/region.json', 'utf8'));
    raw.region.sms.samplingPercent = 100;
    raw.serviceAreas[0].services[0].units[1].sms = { dailyCap: 1 }; // rantala-ta
    const deps = {
      config: parseConfig(raw),
      store: smsStore(stack),
      secrets: new FileSecrets(),
      clock: { now: () => new Date('2027-04-10T18:00:00+03:00') },
    };
    const v = (id: string, phone: string, unitId: string, time: string) =>
      visit({ visitId: id, phone, unitId, visitedAt: `2027-04-10T${time}:00+03:00` });
    expect((await receiveVisits(deps, [v('cap-p1', '0402220001', 'keskusta-ta', '17:00')])).scheduled).toBe(1);
    expect((await receiveVisits(deps, [v('cap-p2', '0402220001', 'rantala-ta', '09:00')])).excluded).toEqual({ not_last_visit_of_day: 1 });
    expect((await receiveVisits(deps, [v('cap-q1', '0402220002', 'rantala-ta', '10:00')])).scheduled).toBe(1);
    expect((await receiveVisits(deps, [v('cap-r1', '0402220003', 'rantala-ta', '11:00')])).excluded).toEqual({ daily_cap: 1 });
  });
});
