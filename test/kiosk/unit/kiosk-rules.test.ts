/**
 * The kiosk's rules and use cases against in-memory stores and a fixed clock: the burst rule, the
 * credential (random, kept only as a hash, compared in constant time, parsed strictly), the device
 * cookie, enrolment that works once, a revoked kiosk refused, kiosk answers stored through the
 * feedback use case (flagged `burst` when too fast, a replay moving nothing), and the counts that
 * leave flagged answers out.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { credentialFromCookies, DEVICE_COOKIE, deviceCookie } from '#shared/kiosk/device-cookie.ts';
import { hashSecret, isBurst, newSecret, secretMatches, splitCredential } from '#shared/kiosk/kiosk.ts';
import {
  authenticateDevice,
  createKiosk,
  enrolDevice,
  KioskNotEnrolledError,
  revokeKiosk,
  submitKioskAnswer,
} from '#shared/kiosk/kiosk-api.ts';
import { DEFAULT_MIN_INTERVAL_SECONDS, kioskMinIntervalSeconds } from '#shared/kiosk/settings.ts';
import { countAnswers } from '#shared/reporting/counts.ts';
import { ForbiddenError, ValidationError } from '#shared/platform/errors.ts';
import { FixedClock, thrown } from '../../support/fakes.ts';
import { MemoryFeedbackStore } from '../../feedback/support/memory-feedback-store.ts';
import { MemoryKioskStore } from '../support/memory-kiosk-store.ts';

const config = parseConfig();
const NOW = '2026-11-23T10:00:00.000Z';

function setup() {
  const kiosks = new MemoryKioskStore();
  const feedback = new MemoryFeedbackStore();
  const clock = new FixedClock(NOW);
  return { kiosks, feedback, clock, deps: { config, kiosks, feedback, clock } };
}

/** A kiosk of keskusta-ta enrolled by its link; returns its credential. */
async function enrolled(deps: ReturnType<typeof setup>['deps']) {
  const created = await createKiosk(deps, ['keskusta-ta'], { unitId: 'keskusta-ta', name: 'Aula' }, 'https://palaute.example.fi');
  const code = created.enrolmentUrl.split('/').at(-1)!;
  const result = await enrolDevice(deps, code);
  if (result.kind !== 'enrolled') throw new Error(`not enrolled: ${result.kind}`);
  return { created, code, credential: result.credential };
}

describe('the burst rule', () => {
  const t0 = Date.parse(NOW);
  it.each([
    ['the first answer of a device', undefined, 0, false],
    ['an answer 4.999 s after the previous', NOW, 4999, true],
    ['an answer exactly the interval after', NOW, 5000, false],
    ['an answer given before the previous one (a queue drained out of order), within the interval', NOW, -3000, true],
  ])('%s', (_name, previous, offsetMs, burst) => {
    expect(isBurst(previous, new Date(t0 + offsetMs), 5)).toBe(burst);
  });

  it('is off with an interval of 0, and the region default is 5 s', () => {
    expect(isBurst(NOW, new Date(t0), 0)).toBe(false);
    expect(DEFAULT_MIN_INTERVAL_SECONDS).toBe(5);
    expect(kioskMinIntervalSeconds(config.org)).toBeGreaterThanOrEqual(0);
  });

  it('refuses a negative or fractional interval in the region config, naming the field', () => {
    const region = structuredClone(config.org.config as unknown as Record<string, unknown>);
    (region.region as Record<string, unknown>).kiosk = { minIntervalSeconds: 2.5 };
    expect(() => parseConfig(region)).toThrow(/region\.kiosk\.minIntervalSeconds/);
  });
});

describe('credentials', () => {
  it('are 256 random bits, kept only as a SHA-256 that matches them and nothing else', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecret()).not.toBe(secret);
    const hash = hashSecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(secret);
    expect(secretMatches(secret, hash)).toBe(true);
    expect(secretMatches(newSecret(), hash)).toBe(false);
    expect(secretMatches(secret, undefined)).toBe(false);
    expect(secretMatches(secret, 'abc')).toBe(false);
  });

  it('parse only as {uuid}.{secret}', () => {
    const id = crypto.randomUUID();
    const secret = newSecret();
    expect(splitCredential(`${id}.${secret}`)).toEqual({ kioskId: id, secret });
    for (const bad of [undefined, '', secret, `${id}.`, `${id}.${secret}x`, `x${id}.${secret}`, `${id}.${secret.slice(1)}=`])
      expect(splitCredential(bad)).toBeUndefined();
  });

  it('travel in an HttpOnly, SameSite=Strict cookie for the device routes, Secure over HTTPS', () => {
    expect(deviceCookie('abc', 'https://palaute.example.fi')).toBe(
      `${DEVICE_COOKIE}=abc; Path=/api/kiosk; Max-Age=34560000; HttpOnly; SameSite=Strict; Secure`,
    );
    expect(deviceCookie('abc', 'http://localhost:3000')).not.toContain('Secure');
    expect(credentialFromCookies(['a=1', `${DEVICE_COOKIE}=x.y`, 'b=2'])).toBe('x.y');
    expect(credentialFromCookies([`other=1; ${DEVICE_COOKIE}=z`])).toBe('z');
    expect(credentialFromCookies(undefined)).toBeUndefined();
  });
});

describe('enrolment', () => {
  it('works once: the link is gone after, and only hashes are stored', async () => {
    const { deps, kiosks } = setup();
    const { created, code, credential } = await enrolled(deps);
    expect(await enrolDevice(deps, code)).toEqual({ kind: 'gone' });
    const stored = JSON.stringify(kiosks.items.get(created.id));
    expect(stored).not.toContain(code.split('.')[1]);
    expect(stored).not.toContain(credential.split('.')[1]);
    expect((await authenticateDevice(deps, credential)).id).toBe(created.id);
  });

  it('does not know a link with a wrong code, and a revoked kiosk is gone', async () => {
    const { deps } = setup();
    const created = await createKiosk(deps, ['keskusta-ta'], { unitId: 'keskusta-ta', name: 'Aula' }, 'https://x.fi');
    const code = created.enrolmentUrl.split('/').at(-1)!;
    expect(await enrolDevice(deps, `${created.id}.${newSecret()}`)).toEqual({ kind: 'unknown' });
    await revokeKiosk(deps, ['keskusta-ta'], created.id);
    expect(await enrolDevice(deps, code)).toEqual({ kind: 'gone' });
  });

  it('is created only for a unit the caller holds, with a name', async () => {
    const { deps } = setup();
    expect(await thrown(() => createKiosk(deps, ['kotihoito'], { unitId: 'keskusta-ta', name: 'Aula' }, 'https://x.fi'))).toBeInstanceOf(
      ForbiddenError,
    );
    const e = await thrown(() => createKiosk(deps, ['keskusta-ta'], { unitId: 'keskusta-ta', name: '  ' }, 'https://x.fi'));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues.map((i) => i.path)).toEqual(['name']);
  });
});

describe('kiosk answers', () => {
  const body = (answeredAt: string, nps = 9) => ({ channel: 'kiosk', lang: 'fi', answers: { nps }, answeredAt });
  const at = (s: number) => new Date(Date.parse(NOW) - 3_600_000 + s * 1000).toISOString();

  it('are stored as kiosk answers on the day given; a fast one is flagged burst; a replay moves nothing', async () => {
    const { deps, feedback, kiosks } = setup();
    const { credential } = await enrolled(deps);
    const kiosk = () => authenticateDevice(deps, credential);
    const first = await submitKioskAnswer(deps, await kiosk(), body(at(0)), 'k1');
    const fast = await submitKioskAnswer(deps, await kiosk(), body(at(2), 0), 'k2');
    // The replay of the first, after the fast one: the same answer, and the reference time stays.
    const replay = await submitKioskAnswer(deps, await kiosk(), body(at(0)), 'k1');
    const later = await submitKioskAnswer(deps, await kiosk(), body(at(60)), 'k3');
    expect([first.created, fast.created, replay.created, later.created]).toEqual([true, true, false, true]);
    expect(replay.id).toBe(first.id);
    const answers: StoredAnswer[] = await feedback.listUnitAnswers('keskusta-ta', '2000', '2100');
    expect(answers.map((a) => [a.channel, a.submittedAt, a.burst ?? false])).toEqual([
      ['kiosk', at(0), false],
      ['kiosk', at(2), true],
      ['kiosk', at(60), false],
    ]);
    expect([...kiosks.items.values()][0]!.lastAnswerAt).toBe(at(60));
    // The burst is stored but counted nowhere.
    expect(countAnswers(answers)).toMatchObject({ n: 2, nps: { promoters: 2, detractors: 0 } });
  });

  it('are refused naming a unit (even their own) and after revocation, storing nothing', async () => {
    const { deps, feedback } = setup();
    const { created, credential } = await enrolled(deps);
    expect(
      await thrown(async () =>
        submitKioskAnswer(deps, await authenticateDevice(deps, credential), { ...body(at(0)), unitId: 'keskusta-ta' }, undefined),
      ),
    ).toBeInstanceOf(ValidationError);
    await revokeKiosk(deps, ['terveysasemat'], created.id);
    expect(await thrown(() => authenticateDevice(deps, credential))).toBeInstanceOf(KioskNotEnrolledError);
    expect(await thrown(() => authenticateDevice(deps, undefined))).toBeInstanceOf(KioskNotEnrolledError);
    expect(await feedback.listUnitAnswers('keskusta-ta', '2000', '2100')).toEqual([]);
    expect(await feedback.listUnitAnswers('rantala-ta', '2000', '2100')).toEqual([]);
  });
});
