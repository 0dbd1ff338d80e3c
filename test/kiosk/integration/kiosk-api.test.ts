/**
 * Kiosks over real HTTP on the local stack: a unit handler creates a kiosk (`POST /api/kiosks`,
 * scope `kiosks:write`, only for units the token holds); its one-time enrolment link sets the device
 * credential once (a second use → 410); only an enrolled device stores `kiosk` answers, through the
 * same use case as every channel, each Idempotency-Key once, dated by `answeredAt`; a revoked kiosk
 * is refused (401); answers faster than `region.kiosk.minIntervalSeconds` are stored flagged `burst`
 * and left out of `/api/reports/nps`.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { helsinkiDate } from '#shared/platform/index.ts';
import { DynamoAggregateStore } from '#shared/reporting/index.ts';
import { postJson, scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
let handlerToken: string;
beforeAll(async () => {
  stack = await startTestStack();
  handlerToken = await stack.auth.issue(['kiosks:write'], ['terveysasemat'], 'kiosk-admin');
});
afterAll(() => stack.close());

interface Created {
  id: string;
  unitId: string;
  enrolmentUrl: string;
}

const createKiosk = async (unitId: string, name = 'Aula', token = handlerToken) =>
  postJson(stack, '/api/kiosks', { unitId, name }, { authorization: `Bearer ${token}` });

/** Opens the enrolment link as a device would and returns the cookie it got (undefined if none). */
async function openLink(url: string): Promise<{ status: number; cookie?: string; location?: string | null; setCookie?: string }> {
  const r = await fetch(url.replace(/^https?:\/\/[^/]+/, stack.url), { redirect: 'manual' });
  const setCookie = r.headers.get('set-cookie') ?? undefined;
  return { status: r.status, location: r.headers.get('location'), ...(setCookie ? { setCookie, cookie: setCookie.split(';')[0] } : {}) };
}

async function enrolledDevice(unitId = 'keskusta-ta'): Promise<{ id: string; cookie: string }> {
  const created = (await (await createKiosk(unitId)).json()) as Created;
  const opened = await openLink(created.enrolmentUrl);
  return { id: created.id, cookie: opened.cookie! };
}

const answer = (cookie: string | undefined, body: unknown, key?: string) =>
  postJson(stack, '/api/kiosk/answers', body, { ...(cookie ? { cookie } : {}), ...(key ? { 'idempotency-key': key } : {}) });

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const kioskAnswer = (extra: Record<string, unknown> = {}) => ({
  channel: 'kiosk',
  lang: 'fi',
  answers: { nps: 9 },
  ...extra,
});

describe('creating and enrolling a kiosk', () => {
  it('creates a kiosk (201) with a one-time link that sets an HttpOnly device cookie and lands on the app, once', async () => {
    const r = await createKiosk('keskusta-ta', 'Aulan tabletti');
    expect(r.status).toBe(201);
    const created = (await r.json()) as Created;
    expect(created).toMatchObject({ unitId: 'keskusta-ta' });
    expect(created.enrolmentUrl).toMatch(new RegExp(`/k/enrol/${created.id}\\.[A-Za-z0-9_-]{43}$`));

    const first = await openLink(created.enrolmentUrl);
    expect(first.status).toBe(303);
    expect(first.location).toBe('/k/keskusta-ta');
    expect(first.setCookie).toMatch(/^palaute_kiosk=[^;]+; Path=\/api\/kiosk; Max-Age=\d+; HttpOnly; SameSite=Strict/);

    const second = await openLink(created.enrolmentUrl);
    expect(second.status).toBe(410);
    expect(second.setCookie).toBeUndefined();

    // Only hashes are kept: neither the link's code nor the device secret is in the table.
    const item = JSON.stringify((await scanAll(stack, 'kiosks')).find((k) => k.id === created.id));
    expect(item).not.toContain(created.enrolmentUrl.split('.').at(-1));
    expect(item).not.toContain(first.cookie!.split('.').at(-1));
  });

  it('refuses a unit outside the token (403 naming unitId), an unknown unit (404), a bad name (400) and no scope', async () => {
    const before = await snapshot(stack);
    const outside = await createKiosk('kotihoito-lansi');
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['unitId']);
    expect((await createKiosk('no-such-unit')).status).toBe(404);
    const bad = await createKiosk('keskusta-ta', '');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['name']);
    const reader = await stack.auth.issue(['reports:read'], ['terveysasemat']);
    expect((await createKiosk('keskusta-ta', 'Aula', reader)).status).toBe(403);
    expect(await snapshot(stack)).toBe(before);
  });

  it('answers a made-up or tampered link with 404', async () => {
    const created = (await (await createKiosk('keskusta-ta')).json()) as Created;
    expect((await openLink(`${stack.url}/k/enrol/nonsense`)).status).toBe(404);
    expect((await openLink(created.enrolmentUrl.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).status).toBe(404);
    // The right link still works afterwards.
    expect((await openLink(created.enrolmentUrl)).status).toBe(303);
  });

  it("lists the unit's kiosks with their state, never a hash", async () => {
    const r = await fetch(`${stack.url}/api/kiosks?unitId=keskusta-ta`, { headers: { authorization: `Bearer ${handlerToken}` } });
    expect(r.status).toBe(200);
    const { kiosks } = (await r.json()) as { kiosks: { status: string }[] };
    expect(kiosks.length).toBeGreaterThan(0);
    expect(new Set(kiosks.map((k) => k.status))).toContain('enrolled');
    expect(JSON.stringify(kiosks)).not.toMatch(/Hash/);
  });
});

describe('answers from a kiosk', () => {
  it('stores an answer of an enrolled device for its unit as channel kiosk, dated by answeredAt, and a replay once', async () => {
    const device = await enrolledDevice();
    const given = minutesAgo(90);
    const body = kioskAnswer({ answeredAt: given, text: 'Selkeä opastus' });
    const key = crypto.randomUUID();
    const first = await answer(device.cookie, body, key);
    expect(first.status).toBe(201);
    const again = await answer(device.cookie, body, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const { id } = (await first.json()) as { id: string };
    const stored = (await scanAll(stack, 'feedback')).filter((i) => i.id === id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      unitId: 'keskusta-ta',
      channel: 'kiosk',
      assisted: false,
      submittedAt: given,
      date: helsinkiDate(new Date(given)),
    });
    expect(stored[0]!.burst).toBeUndefined();
    // Nothing of the device is part of the anonymous answer.
    expect(JSON.stringify(stored[0])).not.toContain(device.id);
  });

  it('refuses answers without a credential, with a wrong one, and after the kiosk is revoked (401), storing nothing', async () => {
    const device = await enrolledDevice();
    expect((await answer(device.cookie, kioskAnswer())).status).toBe(201);
    const before = await snapshot(stack);
    expect((await answer(undefined, kioskAnswer())).status).toBe(401);
    expect(
      (
        await answer(
          device.cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
          kioskAnswer(),
        )
      ).status,
    ).toBe(401);
    expect(await snapshot(stack)).toBe(before);

    const revoke = await fetch(`${stack.url}/api/kiosks/${device.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${handlerToken}` },
    });
    expect(revoke.status).toBe(204);
    const afterRevoke = await snapshot(stack);
    const refused = await answer(device.cookie, kioskAnswer());
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('kiosk_not_enrolled');
    expect((await fetch(`${stack.url}/api/kiosk/device`, { headers: { cookie: device.cookie } })).status).toBe(401);
    expect(await snapshot(stack)).toBe(afterRevoke);
  });

  it('refuses what a kiosk may not claim: a unit, another channel, assisted, a future time (400 naming the field)', async () => {
    const device = await enrolledDevice();
    const before = await snapshot(stack);
    for (const [extra, path] of [
      [{ unitId: 'kotihoito-lansi' }, 'unitId'],
      [{ channel: 'web' }, 'channel'],
      [{ assisted: true }, 'assisted'],
      [{ answeredAt: minutesAgo(-60) }, 'answeredAt'],
    ] as const) {
      const r = await answer(device.cookie, kioskAnswer(extra));
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toContain(path);
    }
    expect(await snapshot(stack)).toBe(before);
  });

  it('takes a contact request like every channel: the answer flagged, the contact apart, a case opened for it', async () => {
    stack.clock.set(null);
    const device = await enrolledDevice();
    const r = await answer(
      device.cookie,
      kioskAnswer({ answers: { nps: 3 }, text: 'Soittakaa minulle', contact: { phone: '040 765 4321', consent: true } }),
    );
    expect(r.status).toBe(201);
    const { id } = (await r.json()) as { id: string };
    const stored = (await scanAll(stack, 'feedback')).find((i) => i.id === id)!;
    expect(stored).toMatchObject({ channel: 'kiosk', contactRequested: true });
    expect(JSON.stringify(stored)).not.toContain('765');
    expect((await scanAll(stack, 'contacts')).some((c) => c.pk === `CONTACT#${id}`)).toBe(true);
    await stack.scheduler.run('openCases');
    expect((await scanAll(stack, 'cases')).some((c) => c.pk === `CASE#${id}`)).toBe(true);
  });

  it('says which kiosk the device is', async () => {
    const device = await enrolledDevice();
    const r = await fetch(`${stack.url}/api/kiosk/device`, { headers: { cookie: device.cookie } });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ id: device.id, unitId: 'keskusta-ta' });
  });
});

describe('the burst filter', () => {
  it('stores a burst of answers flagged and leaves it out of the NPS report', async () => {
    // Answers given in mid-September, reported once September is closed (31 days after it ends).
    const unitId = 'rantala-ta';
    const device = await enrolledDevice(unitId);
    const base = Date.parse('2026-09-15T09:00:00Z');
    stack.clock.set('2026-09-15T12:00:00Z');
    // As if earlier runs had found nothing: the aggregation reads the arrival index from here on,
    // not 400 days of empty hourly partitions. Every answer of this test arrives after it.
    await new DynamoAggregateStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.aggregates).setWatermark(
      '2026-09-15T11:59:00Z',
    );
    const at = (ms: number) => new Date(base + ms).toISOString();
    // Six answers ten minutes apart: all counted (promoters).
    for (let i = 0; i < 6; i++)
      expect((await answer(device.cookie, kioskAnswer({ answers: { nps: 10 }, answeredAt: at(i * 600_000) }))).status).toBe(201);
    // Then four presses a second apart: stored, flagged, never counted (detractors, if they were).
    for (let i = 1; i <= 4; i++)
      expect((await answer(device.cookie, kioskAnswer({ answers: { nps: 0 }, answeredAt: at(5 * 600_000 + i * 1000) }))).status).toBe(201);
    const stored = (await scanAll(stack, 'feedback')).filter((i) => i.unitId === unitId);
    expect(stored).toHaveLength(10);
    expect(stored.filter((i) => i.burst === true).map((i) => (i.answers as { nps: number }).nps)).toEqual([0, 0, 0, 0]);

    stack.clock.set('2026-11-05T12:00:00+02:00');
    await stack.scheduler.run('aggregate');
    const reader = await stack.auth.issue(['reports:read'], ['terveysasemat']);
    const r = await fetch(`${stack.url}/api/reports/nps?node=${unitId}&from=2026-09-01&to=2026-09-30`, {
      headers: { authorization: `Bearer ${reader}` },
    });
    expect([r.status, r.status === 200 ? '' : await r.text()]).toEqual([200, '']);
    const report = (await r.json()) as { total: { n: number; promoters: number; detractors: number } };
    expect(report.total).toMatchObject({ n: 6, promoters: 6, detractors: 0 });
  });
});

describe('logs', () => {
  it('never hold an enrolment code or a device secret, through enrolment, answers, refusals and revocation', async () => {
    stack.clock.set(null);
    const lines: string[] = [];
    const spies = [
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
        vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void lines.push(format(...args))),
      ),
      ...[process.stdout, process.stderr].map((stream) =>
        vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
          lines.push(String(chunk));
          return true;
        }) as typeof stream.write),
      ),
    ];
    try {
      const created = (await (await createKiosk('keskusta-ta')).json()) as Created;
      const code = created.enrolmentUrl.split('.').at(-1)!;
      const opened = await openLink(created.enrolmentUrl);
      await openLink(created.enrolmentUrl);
      const secret = opened.cookie!.split('.').at(-1)!;
      await answer(opened.cookie, kioskAnswer({ answeredAt: minutesAgo(30) }));
      await answer(opened.cookie, kioskAnswer({ channel: 'web' }));
      await answer(
        opened.cookie!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        kioskAnswer(),
      );
      await fetch(`${stack.url}/api/kiosks/${created.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${handlerToken}` } });
      await answer(opened.cookie, kioskAnswer());
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).not.toContain(code);
        expect(line).not.toContain(secret);
      }
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
