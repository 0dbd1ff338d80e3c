/**
 * The staff entry rules on their own: entry codes (alphabet, length, scrypt hash with a salt per code,
 * typed-in forms), the lockout window (five wrong codes within 15 minutes allowed, the sixth locks for
 * 15 minutes), the `givenOn` day rules in Helsinki dates, the session cookie and the origin check.
 */
import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  CODE_ALPHABET,
  CODE_LENGTH,
  codeMatches,
  hashCode,
  LOCKOUT,
  type LockState,
  lockedUntil,
  lockExpiry,
  MAX_GIVEN_DAYS_BACK,
  newCode,
  normalizeCode,
  parseGivenOn,
  sameOriginPost,
  sessionCookie,
  sessionIdOf,
  newSessionId,
  sessionKey,
} from '#shared/staffentry/index.ts';

describe('entry codes', () => {
  it('are 10 characters of an alphabet without look-alikes (0/O, 1/I/L), drawn uniformly', () => {
    expect(CODE_LENGTH).toBeGreaterThanOrEqual(8);
    for (const c of '01IOL') expect(CODE_ALPHABET).not.toContain(c);
    const seen = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const code = newCode();
      expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
      for (const ch of code) seen.set(ch, (seen.get(ch) ?? 0) + 1);
    }
    // 20,000 characters over 31: every one appears, none far from its share (≈645).
    expect(seen.size).toBe(CODE_ALPHABET.length);
    for (const n of seen.values()) expect(n).toBeGreaterThan(450);
  });

  it('are stored as a salted scrypt hash: two hashes of one code differ, and only the code matches its own', async () => {
    const code = newCode();
    const a = await hashCode(code);
    const b = await hashCode(code);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(JSON.stringify(a)).not.toContain(code);
    expect(await codeMatches(code, a)).toBe(true);
    expect(await codeMatches(code, b)).toBe(true);
    const other = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`;
    expect(await codeMatches(other, a)).toBe(false);
  });

  it('match as people type them: any case, spaces and dashes; anything not code-shaped never matches', async () => {
    const code = 'K7PX3MWQ9R';
    const stored = await hashCode(code);
    expect(normalizeCode(' k7px3-mwq9r ')).toBe(code);
    expect(await codeMatches('k7px3 mwq9r', stored)).toBe(true);
    expect(await codeMatches('K7PX3-MWQ9R', stored)).toBe(true);
    expect(await codeMatches('', stored)).toBe(false);
    expect(await codeMatches('K7PX3MWQ9', stored)).toBe(false);
    expect(await codeMatches('K7PX3MWQ0R', stored)).toBe(false);
  });
});

describe('the lockout window', () => {
  const t0 = Date.parse('2026-10-04T09:00:00Z');
  const at = (minutes: number) => new Date(t0 + minutes * 60_000);
  const fail = (times: number[], from?: LockState) =>
    times.reduce<{ state: LockState | undefined; locked: boolean }>((s, m) => afterFailure(s.state, at(m)), { state: from, locked: false });

  it('allows five wrong codes within 15 minutes and locks on the sixth, for 15 minutes from it', () => {
    const five = fail([0, 1, 2, 3, 4]);
    expect(five.locked).toBe(false);
    expect(lockedUntil(five.state, at(5))).toBeUndefined();
    const six = afterFailure(five.state, at(5));
    expect(six.locked).toBe(true);
    expect(lockedUntil(six.state, at(5))).toEqual(at(5 + 15));
    expect(lockedUntil(six.state, at(19.99))).toBeDefined();
    expect(lockedUntil(six.state, at(20))).toBeUndefined();
    expect(LOCKOUT).toEqual({ maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 });
  });

  it('forgets wrong codes older than 15 minutes: six spread over more than the window never lock', () => {
    let s = fail([0, 4, 8, 12, 14]);
    expect(s.locked).toBe(false);
    // At 15.5 minutes the try at 0 has left the window: five remain.
    s = afterFailure(s.state, at(15.5));
    expect(s.locked).toBe(false);
    expect(s.state!.failures).toHaveLength(5);
    expect(afterFailure(s.state, at(16)).locked).toBe(true);
  });

  it('starts a fresh count after a lock, and the stored state can be forgotten once nothing in it matters', () => {
    const locked = fail([0, 1, 2, 3, 4, 5]);
    expect(locked.locked).toBe(true);
    expect(lockExpiry(locked.state!)).toEqual(at(20));
    const after = afterFailure(locked.state, at(21));
    expect(after.locked).toBe(false);
    expect(after.state.failures).toEqual([at(21).toISOString()]);
    expect(lockExpiry(after.state)).toEqual(at(36));
  });
});

describe('givenOn', () => {
  // 00:30 Helsinki time on 4 October is still 3 October in UTC: the rules count Helsinki days.
  const now = new Date('2026-10-03T21:30:00Z');

  it('takes today (stored at now) and any day back to 30 days ago (stored at the end of that Helsinki day)', () => {
    expect(parseGivenOn('2026-10-04', now)).toEqual({ ok: true, at: now, date: '2026-10-04' });
    expect(parseGivenOn('2026-10-01', now)).toEqual({ ok: true, at: new Date('2026-10-01T20:59:59.999Z'), date: '2026-10-01' });
    expect(MAX_GIVEN_DAYS_BACK).toBe(30);
    expect(parseGivenOn('2026-09-04', now)).toMatchObject({ ok: true, date: '2026-09-04' });
  });

  it('refuses a day in the future, more than 30 days back, or not a real YYYY-MM-DD date', () => {
    expect(parseGivenOn('2026-10-05', now)).toEqual({ ok: false, problem: 'future' });
    expect(parseGivenOn('2026-09-03', now)).toEqual({ ok: false, problem: 'tooOld' });
    for (const bad of [undefined, '', '4.10.2026', '2026-02-30', '2026-10-4', '2026-10-04T00:00']) {
      expect(parseGivenOn(bad, now)).toEqual({ ok: false, problem: 'format' });
    }
  });

  it('stores a winter day at its Helsinki end across the DST change', () => {
    const later = new Date('2026-11-01T10:00:00Z');
    expect(parseGivenOn('2026-10-25', later)).toEqual({ ok: true, at: new Date('2026-10-25T21:59:59.999Z'), date: '2026-10-25' });
  });
});

describe('the session cookie and the origin check', () => {
  it("is an HttpOnly, SameSite=Strict cookie of 8 hours for the unit's pages, Secure over https", () => {
    const id = newSessionId();
    expect(id).toMatch(/^[\w-]{43}$/);
    expect(sessionKey(id)).not.toContain(id);
    expect(sessionCookie('keskusta-ta', id, true)).toBe(
      `palaute_staff=${id}; Path=/staff/keskusta-ta; Max-Age=28800; HttpOnly; SameSite=Strict; Secure`,
    );
    expect(sessionCookie('keskusta-ta', id, false)).not.toContain('Secure');
    expect(sessionIdOf([`other=1`, `palaute_staff=${id}`])).toBe(id);
    expect(sessionIdOf(undefined, `a=b; palaute_staff=${id}`)).toBe(id);
    expect(sessionIdOf(['palaute_staff=short'])).toBeUndefined();
  });

  it('lets a post through from our origin or from no browser at all, never from another origin or a cross-site request', () => {
    const origin = 'https://palaute.example.fi';
    expect(sameOriginPost({ origin }, origin)).toBe(true);
    expect(sameOriginPost({}, origin)).toBe(true);
    expect(sameOriginPost({ origin, 'sec-fetch-site': 'same-origin' }, origin)).toBe(true);
    expect(sameOriginPost({ origin: 'https://evil.example' }, origin)).toBe(false);
    // Our own pages' no-referrer policy makes browsers send Origin: null; Sec-Fetch-Site decides then.
    expect(sameOriginPost({ origin: 'null', 'sec-fetch-site': 'same-origin' }, origin)).toBe(true);
    expect(sameOriginPost({ origin: 'null', 'sec-fetch-site': 'cross-site' }, origin)).toBe(false);
    expect(sameOriginPost({ 'sec-fetch-site': 'cross-site' }, origin)).toBe(false);
    expect(sameOriginPost({ origin, 'sec-fetch-site': 'same-site' }, origin)).toBe(false);
  });
});
