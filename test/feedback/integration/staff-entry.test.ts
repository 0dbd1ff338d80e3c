/**
 * Staff entry (`POST /api/feedback/entries`, scope `feedback:enter`): the only way to store paper or
 * oral feedback, an assisted answer or one given earlier. The public API refuses all of these
 * (submit-feedback.test.ts); here: who may enter, for which units, and what is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { postJson, scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
let unitHandler: string;
beforeAll(async () => {
  stack = await startTestStack();
  // A handler of the home-care service: kotihoito-lansi is below it, keskusta-ta is not.
  unitHandler = await stack.auth.issue(['feedback:enter'], ['kotihoito'], 'home-care-handler');
});
afterAll(() => stack.close());

interface ErrorBody {
  error: { code: string; message: string; issues: { path: string; message: string }[] };
}

const enter = (body: unknown, token: string | null = unitHandler, headers: Record<string, string> = {}) =>
  postJson(stack, '/api/feedback/entries', body, token ? { authorization: `Bearer ${token}`, ...headers } : headers);

const paper = { unitId: 'kotihoito-lansi', channel: 'paper', lang: 'fi', answers: { nps: 7 } };

describe('POST /api/feedback/entries', () => {
  it('stores paper feedback typed in with help, filed under the Helsinki day it was given', async () => {
    const given = new Date(Date.now() - 3 * 86_400_000);
    const r = await enter({ ...paper, assisted: true, text: 'Hyvä hoito', answeredAt: given.toISOString() });
    expect(r.status).toBe(201);
    const { id } = (await r.json()) as { id: string };
    const item = (await scanAll(stack, 'feedback')).find((i) => i.id === id)!;
    expect(item).toMatchObject({ channel: 'paper', assisted: true, unitId: 'kotihoito-lansi', submittedAt: given.toISOString() });
    expect(item.date).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(given));
    expect(Date.parse(item.receivedAt as string)).toBeGreaterThan(given.getTime());
    // Who typed it in is not part of the anonymous answer.
    expect(JSON.stringify(item)).not.toContain('home-care-handler');
  });

  it('stores oral feedback given now, and a retry with the same Idempotency-Key once', async () => {
    const body = { ...paper, channel: 'oral', lang: 'sv', answers: {}, text: 'Bra' };
    const first = await enter(body, unitHandler, { 'idempotency-key': 'oral-1' });
    const again = await enter(body, unitHandler, { 'idempotency-key': 'oral-1' });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const { id } = (await first.json()) as { id: string };
    expect(((await again.json()) as { id: string }).id).toBe(id);
    expect((await scanAll(stack, 'feedback')).filter((i) => i.id === id)).toHaveLength(1);
  });

  it.each([
    ['no token', 'none', 401],
    ['a token without feedback:enter', 'reports', 403],
  ])('answers %s with %s, storing nothing', async (_n, which, status) => {
    const token = which === 'reports' ? await stack.auth.issue(['reports:read'], ['kotihoito']) : null;
    const before = await snapshot(stack);
    expect((await enter(paper, token)).status).toBe(status);
    expect(await snapshot(stack)).toBe(before);
  });

  it('refuses a unit outside the nodes the token holds (403 naming unitId), storing nothing', async () => {
    const before = await snapshot(stack);
    const r = await enter({ ...paper, unitId: 'keskusta-ta' });
    expect(r.status).toBe(403);
    const e = (await r.json()) as ErrorBody;
    expect(e.error.code).toBe('forbidden');
    expect(e.error.issues.map((i) => i.path)).toEqual(['unitId']);
    expect(await snapshot(stack)).toBe(before);
  });

  it('lets a region-level handler enter for any unit', async () => {
    const region = await stack.auth.issue(['feedback:enter'], ['esimerkki']);
    expect((await enter({ ...paper, unitId: 'keskusta-ta' }, region)).status).toBe(201);
  });

  it.each([
    ['the web channel', { channel: 'web' }, 'channel'],
    ['the kiosk channel', { channel: 'kiosk' }, 'channel'],
    ['the sms channel', { channel: 'sms' }, 'channel'],
    ['a time in the future', { answeredAt: new Date(Date.now() + 3_600_000).toISOString() }, 'answeredAt'],
    ['a time 31 days ago', { answeredAt: new Date(Date.now() - 31 * 86_400_000).toISOString() }, 'answeredAt'],
    ['an impossible date', { answeredAt: '2026-02-30T10:00:00+02:00' }, 'answeredAt'],
    ['NPS 11', { answers: { nps: 11 } }, 'answers.nps'],
  ])('refuses %s (400 naming the field), storing nothing', async (_n, change, path) => {
    const before = await snapshot(stack);
    const r = await enter({ ...paper, ...change });
    expect(r.status).toBe(400);
    expect(((await r.json()) as ErrorBody).error.issues.map((i) => i.path)).toContain(path);
    expect(await snapshot(stack)).toBe(before);
  });

  it('answers an unknown unit with 404 whoever asks', async () => {
    expect((await enter({ ...paper, unitId: 'no-such-unit' })).status).toBe(404);
  });
});
