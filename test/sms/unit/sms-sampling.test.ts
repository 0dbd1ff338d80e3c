/**
 * SMS sampling and keyed hashes (shared/sms/keyed-hash.ts): the sampling decision is reproducible from
 * the visit id and the secret, unpredictable without the secret, and hits the configured rate within
 * ±1 percentage point over 100,000 visits; the keyed hash of a number is stable and never shows it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { keyedHash, samplingFraction } from '#shared/sms/keyed-hash.ts';

/** A fixed 32-byte secret per label, so every run makes the same decisions. */
const secret = (label: string) => createHash('sha256').update(`palaute-test-secret:${label}`).digest();

/** Visit ids as a patient system writes them: a prefix, the year and a running number. */
const visitIds = (n: number) => Array.from({ length: n }, (_, i) => `K-2026-${String(i).padStart(7, '0')}`);

/** Whether intake samples the visit: the same comparison shared/sms/intake.ts makes. */
const sampled = (key: Buffer, visitId: string, percent: number) => samplingFraction(key, visitId) * 100 < percent;

describe('samplingFraction', () => {
  it('gives the same value for the same secret and visit id, so re-sent visits repeat every decision', () => {
    const a = secret('a');
    for (const id of visitIds(1000)) expect(samplingFraction(a, id)).toBe(samplingFraction(Buffer.from(a), id));
  });

  it('lies in [0, 1), so a 100 % rate samples every visit and 0 % none', () => {
    const a = secret('a');
    for (const id of visitIds(10_000)) {
      const f = samplingFraction(a, id);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      expect(sampled(a, id, 100)).toBe(true);
      expect(sampled(a, id, 0)).toBe(false);
    }
  });

  it('differs across secrets, so nobody without the secret can tell who will be sampled', () => {
    const [a, b] = [secret('a'), secret('b')];
    const ids = visitIds(1000);
    const same = ids.filter((id) => samplingFraction(a, id) === samplingFraction(b, id));
    expect(same).toEqual([]);
    // Not just different values but different decisions: at 30 % the two sampled sets barely overlap.
    const inA = new Set(ids.filter((id) => sampled(a, id, 30)));
    const both = ids.filter((id) => inA.has(id) && sampled(b, id, 30)).length;
    expect(both / ids.length).toBeLessThan(0.15); // independent: ≈ 0.3 × 0.3 = 9 %
  });

  it('differs across visit ids that differ in one character, so neighbouring visits are decided independently', () => {
    const a = secret('a');
    const values = new Set(visitIds(10_000).map((id) => samplingFraction(a, id)));
    expect(values.size).toBe(10_000);
  });

  /** The fractions of 100,000 synthetic visits under three secrets, computed once for the three rates. */
  const population = new Map<string, number[]>();
  const fractions = (label: string) => {
    let f = population.get(label);
    if (!f) {
      f = visitIds(100_000).map((id) => samplingFraction(secret(label), id));
      population.set(label, f);
    }
    return f;
  };

  it.each([10, 30, 50])('samples %i percent of 100,000 synthetic visits within ±1 percentage point', (percent) => {
    for (const label of ['a', 'b', 'c']) {
      const f = fractions(label);
      const share = (f.filter((x) => x * 100 < percent).length / f.length) * 100;
      expect(Math.abs(share - percent), `secret ${label}: ${share.toFixed(3)} %`).toBeLessThanOrEqual(1);
    }
  });

  it('is not the keyed hash of the same string under another purpose, so a visit id never matches a number hash', () => {
    const a = secret('a');
    const h = keyedHash(a, 'sample', 'K-2026-0000001');
    const f = samplingFraction(a, 'K-2026-0000001');
    // samplingFraction uses the purpose "sample" too; the fraction must come from those bytes only.
    expect(Buffer.from(h, 'base64url').readUIntBE(0, 6) / 2 ** 48).toBe(f);
    expect(keyedHash(a, 'phone', 'K-2026-0000001')).not.toBe(h);
  });
});

describe('keyedHash', () => {
  /** A Finnish mobile number in E.164 and in the national form a patient system might send. */
  const mobile = fc
    .tuple(fc.constantFrom('40', '41', '44', '45', '46', '50'), fc.integer({ min: 0, max: 9_999_999 }))
    .map(([prefix, n]) => ({ e164: `+358${prefix}${String(n).padStart(7, '0')}`, national: `0${prefix}${String(n).padStart(7, '0')}` }));

  it('never contains the number it hashes, in any form', () => {
    const key = secret('a');
    fc.assert(
      fc.property(mobile, ({ e164, national }) => {
        for (const purpose of ['phone', 'optout']) {
          const h = keyedHash(key, purpose, e164);
          expect(h).not.toContain(e164);
          expect(h).not.toContain(national);
          expect(h).not.toContain(e164.slice(4)); // the digits after +358
        }
      }),
      { seed: 20260329, numRuns: 5000 },
    );
  });

  it('is stable: the same secret, purpose and value always give the same 256-bit base64url hash', () => {
    const key = secret('a');
    fc.assert(
      fc.property(mobile, ({ e164 }) => {
        const h = keyedHash(key, 'phone', e164);
        expect(keyedHash(Buffer.from(key), 'phone', e164)).toBe(h);
        expect(h).toMatch(/^[A-Za-z0-9_-]{43}$/);
      }),
      { seed: 20261025, numRuns: 2000 },
    );
  });

  it('keeps known values (HMAC-SHA-256 of "purpose\\0value"), so a change of algorithm, which would orphan every stored cooldown and opt-out, is caught', () => {
    expect(keyedHash(secret('a'), 'phone', '+358401234567')).toBe('9r67nYy8bx7ajJkzUVpxIFzfCOZlyMYuSXeAyGP22II');
    expect(samplingFraction(secret('a'), 'K-2026-0000001')).toBe(0.13936874824167234);
  });

  it('differs by secret and by purpose, so a leaked table cannot be joined with another deployment or use', () => {
    const n = '+358401234567';
    const hashes = new Set([keyedHash(secret('a'), 'phone', n), keyedHash(secret('b'), 'phone', n), keyedHash(secret('a'), 'optout', n)]);
    expect(hashes.size).toBe(3);
  });

  it('does not confuse purpose and value that join to the same text', () => {
    const key = secret('a');
    expect(keyedHash(key, 'ab', 'c')).not.toBe(keyedHash(key, 'a', 'bc'));
  });
});
