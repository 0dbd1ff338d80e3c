/**
 * One-time SMS links (shared/sms/link-token.ts, shared/sms/survey-link.ts): the token's entropy and
 * shape, that only its hash is stored, and on the in-memory SmsStore and FeedbackStore (held to the
 * DynamoDB adapters by their contract suites) that a link answers once (channel `sms`, the link's
 * unit and age group), then says `used`; that it expires; and that a malformed token is turned away
 * without a table read. The use cases read the time from a fake clock, so every date here is fixed.
 */
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '#shared/config.ts';
import { ValidationError } from '#shared/platform/errors.ts';
import type { Clock } from '#shared/platform/time.ts';
import type { LinkRecord, SmsStore } from '#shared/sms/sms-store.ts';
import { isTokenShaped, newLinkToken, sealPerson, tokenHash, TOKEN_BYTES } from '#shared/sms/link-token.ts';
import { answerLink, openLink, optOutByLink, type LinkDeps } from '#shared/sms/survey-link.ts';
import { MemoryFeedbackStore } from '../../feedback/support/memory-feedback-store.ts';
import { MemorySmsStore } from '../support/memory-sms-store.ts';
import { fixedSecrets } from '../support/fakes.ts';

describe('newLinkToken', () => {
  it('is 16 characters of base64url', () => {
    for (let i = 0; i < 1000; i++) expect(newLinkToken()).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('carries 96 random bits, more than the 64 the spec asks for', () => {
    expect(TOKEN_BYTES * 8).toBe(96);
    expect(TOKEN_BYTES * 8).toBeGreaterThanOrEqual(64);
    const bytes = Buffer.from(newLinkToken(), 'base64url');
    expect(bytes.length).toBe(TOKEN_BYTES);
  });

  it('gives 10,000 different tokens in 10,000 draws, all of them token-shaped', () => {
    const tokens = Array.from({ length: 10_000 }, newLinkToken);
    expect(new Set(tokens).size).toBe(10_000);
    expect(tokens.every(isTokenShaped)).toBe(true);
  });

  it('uses the whole alphabet in every position, so no character is fixed and no bits are wasted', () => {
    const tokens = Array.from({ length: 10_000 }, newLinkToken);
    for (let pos = 0; pos < 16; pos++) {
      const seen = new Set(tokens.map((t) => t[pos]));
      // The last character of 12 bytes in base64url still carries 6 full bits: 64 symbols everywhere.
      expect(seen.size, `position ${pos}`).toBe(64);
    }
  });
});

describe('isTokenShaped', () => {
  it.each([
    '',
    'short',
    'A'.repeat(15),
    'A'.repeat(17),
    'AAAAAAAAAAAAAAA+',
    'AAAAAAAAAAAAAAA/',
    'AAAAAAAAAAAAAAA=',
    'AAAAAAAAAAAAAAA ',
    'AAAAAAAAAAAAAAAä',
    '../../../etc/pwd',
  ])('refuses %j before any lookup', (s) => {
    expect(isTokenShaped(s)).toBe(false);
  });
  it('accepts every base64url character', () => {
    expect(isTokenShaped('AZaz09_-AZaz09_-')).toBe(true);
  });
});

describe('tokenHash', () => {
  it('is not the token and does not contain it, so a leaked table yields no working link', () => {
    for (let i = 0; i < 1000; i++) {
      const t = newLinkToken();
      const h = tokenHash(t);
      expect(h).not.toBe(t);
      expect(h).not.toContain(t);
      expect(h).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });
  it('is deterministic, so the link can be found again from the token in the URL', () => {
    const t = newLinkToken();
    expect(tokenHash(t)).toBe(tokenHash(`${t}`));
    expect(tokenHash(t)).not.toBe(tokenHash(newLinkToken()));
  });
});

describe('a link on the stores', () => {
  const sms = new MemorySmsStore();
  const feedback = new MemoryFeedbackStore();
  let nowIso = '2026-11-25T12:05:00.000Z';
  const clock: Clock = { now: () => new Date(nowIso) };
  const config = loadConfig();
  const secrets = fixedSecrets();
  const deps: LinkDeps = { config, sms, feedback, clock, secrets };

  const link = (token: string, personHash: string, over: Partial<LinkRecord> = {}): LinkRecord => ({
    unitId: 'rantala-ta',
    lang: 'sv',
    ageGroup: '30-49',
    visitMode: 'home',
    visitDate: '2026-11-24',
    personSealed: sealPerson(token, { personHash, keyVersion: 1 }),
    validUntil: '2026-12-02T10:00:00.000Z',
    ...over,
  });
  /** Stores a link under a fresh token and returns the token, as the sender does. */
  const putLink = async (over: Partial<LinkRecord> = {}, personHash = 'hashed-person') => {
    const token = newLinkToken();
    await sms.putLink(tokenHash(token), link(token, personHash, over), Math.floor(Date.parse('2027-01-01T00:00:00Z') / 1000));
    return token;
  };
  const ANSWERS = { lang: 'sv', answers: { nps: 9, smooth: 4, help: 5 }, text: 'Bra bemötande' };

  it('opens, stores one answer with channel sms and the unit and age group of the link, then says used', async () => {
    nowIso = '2026-11-25T12:05:00.000Z';
    const token = await putLink();
    const opened = await openLink(deps, token);
    expect(opened.state).toBe('open');
    if (opened.state !== 'open') return;
    expect(opened.link).toMatchObject({ unitId: 'rantala-ta', lang: 'sv', ageGroup: '30-49' });

    expect(await answerLink(deps, token, opened.link, ANSWERS)).toBe('stored');
    const stored = await feedback.listUnitAnswers('rantala-ta', '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      unitId: 'rantala-ta',
      channel: 'sms',
      lang: 'sv',
      ageGroup: '30-49',
      visitMode: 'home',
      answers: { nps: 9, smooth: 4, help: 5 },
      submittedAt: nowIso,
      date: '2026-11-25',
    });
    // The intake's free-text visit type never reaches an answer; the visit mode does.
    expect(stored[0]).not.toHaveProperty('visitType');
    // The answer is anonymous: nothing of the link's person or token travels with it.
    expect(JSON.stringify(stored[0])).not.toContain('hashed-person');
    expect(JSON.stringify(stored[0])).not.toContain(token);

    const again = await openLink(deps, token);
    expect(again.state).toBe('used');
    // The used link keeps its language and the sealed person, and no unit, visit or time of use.
    if (again.state === 'used') expect(Object.keys(again.link).sort()).toEqual(['lang', 'personSealed', 'used']);
  });

  it('refuses a second, different answer through the same link (another tab) and keeps the first', async () => {
    nowIso = '2026-11-25T13:00:00.000Z';
    const token = await putLink({ unitId: 'fysioterapia', ageGroup: '65-74' });
    const opened = await openLink(deps, token);
    if (opened.state !== 'open') throw new Error(`expected open, got ${opened.state}`);
    expect(await answerLink(deps, token, opened.link, { lang: 'fi', answers: { nps: 10 } })).toBe('stored');
    expect(await answerLink(deps, token, opened.link, { lang: 'fi', answers: { nps: 0 } })).toBe('already_used');
    // The same answer again (a double submit or a retry) is the same answer, not a second one.
    expect(await answerLink(deps, token, opened.link, { lang: 'fi', answers: { nps: 10 } })).toBe('replayed');
    const stored = await feedback.listUnitAnswers('fysioterapia', '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z');
    expect(stored.map((a) => [a.channel, a.answers.nps, a.ageGroup])).toEqual([['sms', 10, '65-74']]);
  });

  it('counts the answer once in the audit of the visit day and unit, however often it is submitted', async () => {
    nowIso = '2026-11-25T14:00:00.000Z';
    const token = await putLink({ unitId: 'kuvantaminen', visitDate: '2026-11-23' });
    const opened = await openLink(deps, token);
    if (opened.state !== 'open') throw new Error(`expected open, got ${opened.state}`);
    await answerLink(deps, token, opened.link, ANSWERS);
    await answerLink(deps, token, opened.link, ANSWERS);
    const audit = await sms.listAudit('2026-11-23', '2026-11-23');
    expect(audit.filter((r) => r.unitId === 'kuvantaminen')).toEqual([
      { date: '2026-11-23', unitId: 'kuvantaminen', counters: { answered: 1 } },
    ]);
  });

  it('is open until just before validUntil and expired from validUntil on', async () => {
    const token = await putLink({ validUntil: '2026-12-02T10:00:00.000Z' });
    nowIso = '2026-12-02T09:59:59.999Z';
    expect((await openLink(deps, token)).state).toBe('open');
    nowIso = '2026-12-02T10:00:00.000Z';
    expect((await openLink(deps, token)).state).toBe('expired');
    nowIso = '2026-12-20T10:00:00.000Z';
    const late = await openLink(deps, token);
    expect(late.state).toBe('expired');
    // The expired state still carries the link, so the page can answer in the person's language.
    if (late.state === 'expired') expect(late.link.lang).toBe('sv');
  });

  it('reports a used link as used, not expired, after it has also expired', async () => {
    nowIso = '2026-11-25T12:00:00.000Z';
    const token = await putLink({ validUntil: '2026-11-26T12:00:00.000Z' });
    const opened = await openLink(deps, token);
    if (opened.state !== 'open') throw new Error(`expected open, got ${opened.state}`);
    await answerLink(deps, token, opened.link, ANSWERS);
    nowIso = '2026-11-29T12:00:00.000Z';
    expect((await openLink(deps, token)).state).toBe('used');
  });

  it('does not find a well-formed token that was never issued', async () => {
    expect(await openLink(deps, newLinkToken())).toEqual({ state: 'not_found' });
  });

  it('does not find a link by its stored hash, only by the token', async () => {
    const token = await putLink();
    const hashAsToken = tokenHash(token).slice(0, 16);
    expect((await openLink(deps, hashAsToken)).state).toBe('not_found');
  });

  it.each(['', 'abc', 'A'.repeat(17), 'AAAAAAAAAAAAAAA=', "' OR 1=1 --", '%00AAAAAAAAAAAAAA'])(
    'turns away the malformed token %j without a table read',
    async (bad) => {
      const getLink = vi.fn();
      const store = { getLink } as unknown as SmsStore;
      expect(await openLink({ sms: store, clock, secrets }, bad)).toEqual({ state: 'not_found' });
      expect(getLink).not.toHaveBeenCalled();
    },
  );

  it('leaves the link open after an invalid answer, with nothing stored or counted', async () => {
    nowIso = '2026-11-26T08:00:00.000Z';
    const token = await putLink({ unitId: 'kotihoito-ita', visitDate: '2026-11-22' });
    const opened = await openLink(deps, token);
    if (opened.state !== 'open') throw new Error(`expected open, got ${opened.state}`);
    await expect(answerLink(deps, token, opened.link, { lang: 'fi', answers: { nps: 11 } })).rejects.toBeInstanceOf(ValidationError);
    expect((await openLink(deps, token)).state).toBe('open');
    expect(await feedback.listUnitAnswers('kotihoito-ita', '2026-11-26T00:00:00.000Z', '2026-11-27T00:00:00.000Z')).toEqual([]);
    expect(await sms.listAudit('2026-11-22', '2026-11-22')).toEqual([]);
  });

  it('opts the hashed number out through the link, with nothing but the hash stored', async () => {
    const token = await putLink({}, 'opt-out-person');
    const opened = await openLink(deps, token);
    if (opened.state !== 'open') throw new Error(`expected open, got ${opened.state}`);
    expect((await sms.getPerson('opt-out-person')).optedOut).toBe(false);
    // The row alone cannot be opened: another token's key fails.
    await expect(optOutByLink(deps, newLinkToken(), opened.link)).rejects.toThrow();
    await optOutByLink(deps, token, opened.link);
    expect((await sms.getPerson('opt-out-person')).optedOut).toBe(true);
  });
});
