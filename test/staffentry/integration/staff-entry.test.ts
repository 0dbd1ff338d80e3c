/**
 * Staff entry without personal accounts over real HTTP on the local stack (dynalite through the real
 * SDK): the entry code API, sign-in with its 401/429 lockout across the stack's clock, the session
 * cookie (forged, expired and replaced-code sessions refused), paper and oral answers stored through
 * the one submit use case, counted on the day given, and a contact request opening a case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { addDays, helsinkiDate } from '#shared/platform/time.ts';
import { postJson, scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';

const UNIT = 'keskusta-ta';
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
  // A fixed day: three days back is 1 October, and October is reported from 1 December.
  stack.clock.set('2026-10-04T12:00:00+03:00');
});
afterAll(() => stack?.close());

async function token(scopes: string[], orgNodes: string[]): Promise<string> {
  const r = await postJson(stack, '/dev/token', { scopes, orgNodes });
  return ((await r.json()) as { token: string }).token;
}

async function newCode(unitId = UNIT): Promise<string> {
  const r = await fetch(`${stack.url}/api/units/${unitId}/entry-code`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token(['cases:write'], [unitId])}` },
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { code: string }).code;
}

/** Posts a form as a browser on our own origin would (no redirects followed). */
function postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(stack.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Signs in with a code; the session cookie (name=value) when it worked. */
async function signIn(code: string): Promise<{ status: number; cookie?: string; res: Response }> {
  const res = await postForm(`/staff/${UNIT}/session`, { code, lang: 'fi' });
  const set = res.headers.getSetCookie()[0];
  return { status: res.status, res, ...(set ? { cookie: set.split(';')[0]! } : {}) };
}

const answersOf = async (unitId = UNIT) => (await scanAll(stack, 'feedback')).filter((a) => a.unitId === unitId);

describe('POST /api/units/{unitId}/entry-code', () => {
  it('gives a handler of the unit a 10-character code from the unambiguous alphabet, stored only hashed', async () => {
    const code = await newCode();
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/);
    const items = await scanAll(stack, 'staffentry');
    expect(JSON.stringify(items)).not.toContain(code);
    expect(items.find((i) => i.pk === `CODE#${UNIT}`)).toMatchObject({ unitId: UNIT, salt: expect.any(String), hash: expect.any(String) });
  });

  it('refuses a token without the scope (403), one for another unit (403 naming unitId) and answers 404 for an unknown unit', async () => {
    const before = await snapshot(stack);
    const read = await fetch(`${stack.url}/api/units/${UNIT}/entry-code`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(['cases:read'], [UNIT])}` },
    });
    expect(read.status).toBe(403);
    const other = await fetch(`${stack.url}/api/units/${UNIT}/entry-code`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(['cases:write'], ['neuvola-keskusta'])}` },
    });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('unitId');
    const unknown = await fetch(`${stack.url}/api/units/no-such-unit/entry-code`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(['cases:write'], ['esimerkki'])}` },
    });
    expect(unknown.status).toBe(404);
    expect(await snapshot(stack)).toBe(before);
  });
});

describe('staff entry: sign-in, lockout, a paper entry counted on its day', () => {
  let code: string;
  let cookie: string;

  it('asks for the code without a session', async () => {
    const r = await fetch(`${stack.url}/staff/${UNIT}?lang=fi`);
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain(`action="/staff/${UNIT}/session"`);
    expect(page).not.toContain('name="givenOn"');
  });

  it('answers a wrong code 401, and from the sixth wrong code within 15 minutes 429 — the right one too — until the lock ends', async () => {
    code = await newCode();
    const wrong = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`;
    for (let i = 1; i <= 5; i++) {
      stack.clock.set(new Date(Date.parse('2026-10-04T12:00:00+03:00') + i * 60_000).toISOString());
      const r = await signIn(wrong);
      expect(r.status).toBe(401);
      expect(r.cookie).toBeUndefined();
      expect(await r.res.text()).toContain('Koodi on väärä');
    }
    const sixth = await signIn(wrong);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.res.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    const right = await signIn(code);
    expect(right.status).toBe(429);
    expect(right.cookie).toBeUndefined();
    // 15 minutes after the sixth wrong try the lock has ended.
    stack.clock.set('2026-10-04T12:21:00+03:00');
    const after = await signIn(code.toLowerCase().replace(/(.{5})/, '$1-'));
    expect(after.status).toBe(303);
    expect(after.res.headers.get('location')).toBe(`/staff/${UNIT}?lang=fi`);
    const set = after.res.headers.getSetCookie()[0]!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Max-Age=28800/);
    expect(set).toMatch(new RegExp(`Path=/staff/${UNIT}`));
    cookie = after.cookie!;
    expect(JSON.stringify(await scanAll(stack, 'staffentry'))).not.toContain(cookie.split('=')[1]!);
  });

  it('shows the entry form to the session and stores a paper entry dated three days ago as paper on that day', async () => {
    const form = await fetch(`${stack.url}/staff/${UNIT}?lang=fi`, { headers: { cookie } });
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(page).toContain('name="givenOn"');
    expect(page).toContain('name="nps"');
    const idem = /name="idem" value="([^"]+)"/.exec(page)![1]!;
    const threeDaysAgo = addDays(helsinkiDate(stack.clock.now()), -3);
    expect(threeDaysAgo).toBe('2026-10-01');
    const r = await postForm(
      `/staff/${UNIT}`,
      { lang: 'fi', idem, channel: 'paper', assisted: 'yes', givenOn: threeDaysAgo, nps: '9', smooth: '4', text: 'Hyvä palvelu.' },
      { cookie },
    );
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/staff/${UNIT}?lang=fi&channel=paper&givenOn=${threeDaysAgo}&saved=1`);
    const stored = await answersOf();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ channel: 'paper', assisted: true, date: threeDaysAgo, answers: { nps: 9, smooth: 4 } });
    // The fresh form keeps the channel and the day.
    const next = await (await fetch(`${stack.url}${r.headers.get('location')}`, { headers: { cookie } })).text();
    expect(next).toContain('value="paper" checked');
    expect(next).toContain(`value="${threeDaysAgo}"`);
    expect(next).toContain('role="status"');
    // A double click on the same form instance stores it once.
    const again = await postForm(
      `/staff/${UNIT}`,
      { lang: 'fi', idem, channel: 'paper', assisted: 'yes', givenOn: threeDaysAgo, nps: '9', smooth: '4', text: 'Hyvä palvelu.' },
      { cookie },
    );
    expect(again.status).toBe(303);
    expect(await answersOf()).toHaveLength(1);
  });

  it('counts the entries on the day given: the day snapshot after aggregation, and October in /api/reports/nps once reported', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await postForm(
        `/staff/${UNIT}`,
        { lang: 'fi', channel: i % 2 ? 'oral' : 'paper', givenOn: '2026-10-01', nps: String(6 + i) },
        { cookie },
      );
      expect(r.status).toBe(303);
    }
    await stack.scheduler.run('aggregate');
    const day = (await scanAll(stack, 'aggregates')).find((s) => s.pk === `AGG#${UNIT}#day` && s.sk === '2026-10-01') as
      | { counts: { n: number; channels: Record<string, { n: number }> } }
      | undefined;
    expect(day?.counts.n).toBe(5);
    expect(day?.counts.channels.paper?.n).toBe(3);
    expect(day?.counts.channels.oral?.n).toBe(2);
    // October is reported from 1 December (a month is reported once late answers can no longer change it).
    stack.clock.set('2026-12-01T12:00:00+02:00');
    const bearer = await token(['reports:read'], [UNIT]);
    const r = await fetch(`${stack.url}/api/reports/nps?node=${UNIT}&from=2026-10-01&to=2026-10-31`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(r.status).toBe(200);
    const report = (await r.json()) as { series: { period: string; n: number; promoters: number }[] };
    expect(report.series).toEqual([expect.objectContaining({ period: '2026-10', n: 5, promoters: 2 })]);
    stack.clock.set('2026-10-04T12:30:00+03:00');
  }, 300_000);

  it('shows bad input again with an error summary naming the fields (400), storing nothing', async () => {
    const before = await snapshot(stack);
    const r = await postForm(`/staff/${UNIT}`, { lang: 'en', channel: 'web', givenOn: '2026-10-05', nps: '11' }, { cookie });
    expect(r.status).toBe(400);
    const page = await r.text();
    expect(page).toContain('class="error-summary"');
    expect(page).toContain('href="#channel-0"');
    expect(page).toContain('href="#givenOn"');
    expect(page).toContain('href="#nps-0"');
    expect(page).toContain('The date cannot be in the future.');
    const old = await postForm(`/staff/${UNIT}`, { lang: 'en', channel: 'paper', givenOn: '2026-08-01', nps: '5' }, { cookie });
    expect(old.status).toBe(400);
    expect(await old.text()).toContain('at most 30 days ago');
    expect(await snapshot(stack)).toBe(before);
  });

  it('opens a case for a contact request typed in at staff entry', async () => {
    const r = await postForm(
      `/staff/${UNIT}`,
      {
        lang: 'fi',
        channel: 'oral',
        givenOn: '2026-10-04',
        nps: '3',
        text: 'Odotin kauan.',
        contact: 'yes',
        contactPhone: '040 765 4321',
        contactConsent: 'yes',
      },
      { cookie },
    );
    expect(r.status).toBe(303);
    const answer = (await answersOf()).find((a) => a.contactRequested === true)!;
    expect(answer).toMatchObject({ channel: 'oral', date: '2026-10-04' });
    stack.clock.set('2026-10-04T12:35:00+03:00');
    await stack.scheduler.run('openCases');
    const cases = await scanAll(stack, 'cases');
    expect(cases.find((c) => c.pk === `CASE#${answer.id}`)).toMatchObject({ contactRequested: true, channel: 'oral', unitId: UNIT });
  });

  it('refuses a post from another origin (403), storing nothing', async () => {
    const before = await snapshot(stack);
    const r = await postForm(
      `/staff/${UNIT}`,
      { channel: 'paper', givenOn: '2026-10-04', nps: '9' },
      { cookie, origin: 'https://evil.example' },
    );
    expect(r.status).toBe(403);
    const s = await postForm(`/staff/${UNIT}/session`, { code }, { origin: 'null', 'sec-fetch-site': 'cross-site' });
    expect(s.status).toBe(403);
    expect(await snapshot(stack)).toBe(before);
  });

  it('refuses a forged session cookie, an expired one and one of a replaced code (401, the code page), storing nothing', async () => {
    const before = await snapshot(stack);
    const entry = { channel: 'paper', givenOn: '2026-10-04', nps: '9' };
    const forged = await postForm(`/staff/${UNIT}`, entry, { cookie: `palaute_staff=${'A'.repeat(43)}` });
    expect(forged.status).toBe(401);
    expect(await forged.text()).toContain(`action="/staff/${UNIT}/session"`);
    const noCookie = await postForm(`/staff/${UNIT}`, entry);
    expect(noCookie.status).toBe(401);
    // Eight hours after signing in (12:21) the session has expired.
    stack.clock.set('2026-10-04T20:22:00+03:00');
    expect((await postForm(`/staff/${UNIT}`, entry, { cookie })).status).toBe(401);
    expect(await (await fetch(`${stack.url}/staff/${UNIT}`, { headers: { cookie } })).text()).not.toContain('name="givenOn"');
    expect(await snapshot(stack)).toBe(before);
    // A fresh session, then a new code: the old code's sessions end, and the old code opens nothing.
    const fresh = await signIn(code);
    expect(fresh.status).toBe(303);
    const replaced = await newCode();
    expect(replaced).not.toBe(code);
    expect((await postForm(`/staff/${UNIT}`, entry, { cookie: fresh.cookie! })).status).toBe(401);
    expect((await signIn(code)).status).toBe(401);
    expect((await signIn(replaced)).status).toBe(303);
  });
});
