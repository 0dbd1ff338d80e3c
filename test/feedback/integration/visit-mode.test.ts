/**
 * Visit mode over real HTTP on the local stack: the optional `visitMode` of the JSON API (stored, or a
 * 400 naming it with nothing stored), the public form taking it from its link (`?visit=`), staff entry
 * asking it, and the breakdown by visit mode after aggregation with the reports' suppression.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { postJson, scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';

const UNIT = 'avokuntoutus-ryhmat';
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set('2026-10-10T12:00:00+03:00');
});
afterAll(() => stack?.close());

const form = (path: string, fields: Record<string, string>) =>
  fetch(stack.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

describe('visitMode', () => {
  it('is stored from the JSON API, and anything but the four modes is a 400 naming it, storing nothing', async () => {
    const ok = await postJson(stack, '/api/feedback', {
      unitId: UNIT,
      channel: 'web',
      lang: 'fi',
      answers: { nps: 9 },
      visitMode: 'group',
    });
    expect(ok.status).toBe(201);
    const { id } = (await ok.json()) as { id: string };
    expect((await scanAll(stack, 'feedback')).find((a) => a.id === id)).toMatchObject({ visitMode: 'group' });
    const before = await snapshot(stack);
    const bad = await postJson(stack, '/api/feedback', { unitId: UNIT, channel: 'web', lang: 'fi', answers: { nps: 9 }, visitMode: 'bus' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['visitMode']);
    expect(await snapshot(stack)).toBe(before);
  });

  it('comes with a public form opened from a link that names it, and the form asks nothing more', async () => {
    const page = await (await fetch(`${stack.url}/f/${UNIT}?lang=sv&visit=home`)).text();
    expect(page).toContain('<input type="hidden" name="visitMode" value="home">');
    expect(page).toContain('&amp;visit=home');
    expect(page).not.toContain('<select');
    const plain = await (await fetch(`${stack.url}/f/${UNIT}?visit=bus`)).text();
    expect(plain).not.toContain('name="visitMode"');
    const idem = /name="idem" value="([^"]+)"/.exec(page)![1]!;
    const r = await form(`/f/${UNIT}`, { lang: 'sv', ch: 'web', idem, visitMode: 'home', nps: '7' });
    expect(r.status).toBe(303);
    expect((await scanAll(stack, 'feedback')).filter((a) => a.visitMode === 'home')).toHaveLength(1);
  });

  it('is asked on the staff entry form', async () => {
    const signIn = await form('/staff/keskusta-ta/session', { code: 'X' });
    expect(signIn.status).toBe(401);
    const { token } = (await (await postJson(stack, '/dev/token', { scopes: ['cases:write'], orgNodes: [UNIT] })).json()) as {
      token: string;
    };
    const { code } = (await (
      await fetch(`${stack.url}/api/units/${UNIT}/entry-code`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    ).json()) as { code: string };
    const session = await form(`/staff/${UNIT}/session`, { code });
    const cookie = session.headers.getSetCookie()[0]!.split(';')[0]!;
    const page = await (await fetch(`${stack.url}/staff/${UNIT}`, { headers: { cookie } })).text();
    expect(page).toContain('<select class="field" id="visitMode" name="visitMode">');
    const r = await fetch(`${stack.url}/staff/${UNIT}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ channel: 'oral', givenOn: '2026-10-09', visitMode: 'individual', nps: '10' }).toString(),
    });
    expect(r.status).toBe(303);
    expect((await scanAll(stack, 'feedback')).filter((a) => a.channel === 'oral')).toEqual([
      expect.objectContaining({ visitMode: 'individual', date: '2026-10-09' }),
    ]);
  });

  it('breaks the reports down by visit mode after aggregation, hiding small groups as by channel', async () => {
    // 20 group answers and 3 remote ones (too few to show, hidden with their complement) in October.
    for (let i = 0; i < 23; i++) {
      const r = await postJson(stack, '/api/feedback', {
        unitId: UNIT,
        channel: 'web',
        lang: 'fi',
        answers: { nps: i % 2 ? 9 : 5 },
        visitMode: i < 20 ? 'group' : 'remote',
      });
      expect(r.status).toBe(201);
    }
    await stack.scheduler.run('aggregate');
    stack.clock.set('2026-12-01T12:00:00+02:00');
    const { token } = (await (await postJson(stack, '/dev/token', { scopes: ['reports:read'], orgNodes: [UNIT] })).json()) as {
      token: string;
    };
    const r = await fetch(`${stack.url}/api/reports/breakdown?node=${UNIT}&from=2026-10-01&to=2026-10-31&by=visitMode`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { by: string; hiddenN: number; groups: { group: string; n?: number; suppressed?: true }[] };
    expect(body.by).toBe('visitMode');
    const shown = Object.fromEntries(body.groups.map((g) => [g.group, g.suppressed ? 'hidden' : g.n]));
    // 21 group answers (one from the JSON test above), home 1 and remote 3 hidden, oral's individual 1 hidden.
    expect(shown.group).toBe(21);
    expect(shown.remote).toBe('hidden');
    expect(body.hiddenN).toBeGreaterThan(0);
    expect(body.groups.map((g) => g.group)).toEqual(['individual', 'group', 'home', 'remote', 'unspecified']);
  }, 300_000);
});
