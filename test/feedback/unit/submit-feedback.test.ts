/**
 * submitFeedback against the in-memory FeedbackStore and a fixed clock: what an answer stores (the
 * unit's place in the org tree, the survey version, the Helsinki day of the moment it was given),
 * idempotency (a replay returns the first id and stores nothing new, whatever the key order; another
 * request under the key is a conflict; a retry completes a first attempt that died between its two
 * writes; an expired key is new again), and that every kind of bad input throws before any write.
 * Over HTTP, with every bad input, test/feedback/integration/submit-feedback.test.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import type { FeedbackStore } from '#shared/feedback/feedback-store.ts';
import { IDEMPOTENCY_TTL_SECONDS, submitFeedback, type SubmitDeps, type SubmitOptions } from '#shared/feedback/submit-feedback.ts';
import { ConflictError, NotFoundError, ValidationError } from '#shared/platform/errors.ts';
import { LocalDataKeys } from '#local/local-data-keys.ts';
import { openContact } from '#shared/contacts/index.ts';
import { FixedClock } from '../../support/fakes.ts';
import { MemoryFeedbackStore } from '../support/memory-feedback-store.ts';

const config = parseConfig();
// 00:30 on 24 November in Helsinki (winter, +02:00): the UTC date is a day behind the reporting day.
const NOW = '2026-11-23T22:30:00.000Z';

function setup(now = NOW) {
  const store = new MemoryFeedbackStore();
  const clock = new FixedClock(now);
  const deps: SubmitDeps = { config, store, clock };
  return { store, clock, deps };
}

const VALID = {
  unitId: 'keskusta-ta',
  channel: 'web',
  lang: 'fi',
  answers: { nps: 9, smooth: 4, help: 'cant_say' },
  text: '  Ystävällinen vastaanotto.  ',
  role: 'client',
};
const keyHash = (key: string) => createHash('sha256').update(key).digest('hex');

describe('a valid answer', () => {
  it("is stored once with the unit's service, service area and region, the survey version, and the Helsinki day", async () => {
    const { store, deps } = setup();
    const r = await submitFeedback(deps, VALID);
    expect(r.created).toBe(true);
    expect(store.allAnswers()).toStrictEqual([
      {
        id: r.id,
        unitId: 'keskusta-ta',
        serviceId: 'terveysasemat',
        serviceAreaId: 'terveys',
        regionId: 'esimerkki',
        surveyId: 'thl-aikuiset',
        surveyVersion: 1,
        channel: 'web',
        assisted: false,
        lang: 'fi',
        answers: { nps: 9, smooth: 4, help: 'cant_say' },
        text: 'Ystävällinen vastaanotto.',
        // What the offline classifier says of the text (test/text/unit/classify.test.ts pins its rules).
        themes: ['encounter'],
        sentiment: 'positive',
        role: 'client',
        submittedAt: NOW,
        receivedAt: NOW,
        date: '2026-11-24',
      } satisfies StoredAnswer,
    ]);
  });

  it('stores the comment redacted with its names marked, and the themes and sentiment of the masked text', async () => {
    const { store, deps } = setup();
    const text = 'Kiitos hoitaja Liisalle Keskustan terveysasemalla! Soittakaa 040 123 4567, hetu 131052-308T.';
    await submitFeedback(deps, { ...VALID, text, answers: { nps: 10 } });
    const [stored] = store.allAnswers();
    expect(stored).toMatchObject({
      text: 'Kiitos hoitaja Liisalle Keskustan terveysasemalla! Soittakaa [puhelin], hetu [hetu].',
      textNames: [{ start: 15, end: 23 }],
      themes: ['encounter'],
      sentiment: 'positive',
    });
    expect(stored!.text!.slice(15, 23)).toBe('Liisalle');
    expect(JSON.stringify(store.allAnswers())).not.toMatch(/123 4567|131052/);
  });

  it('files a staff-entered paper answer under the moment it was given and keeps the moment it arrived', async () => {
    const { store, deps } = setup();
    await submitFeedback(
      deps,
      {
        unitId: 'kotihoito-lansi',
        channel: 'paper',
        lang: 'sv',
        assisted: true,
        answers: { nps: 7 },
        answeredAt: '2026-11-20T09:00:00+02:00',
      },
      { entry: 'staff' },
    );
    expect(store.allAnswers()[0]).toMatchObject({
      channel: 'paper',
      assisted: true,
      submittedAt: '2026-11-20T07:00:00.000Z',
      receivedAt: NOW,
      date: '2026-11-20',
    });
  });

  it('stores what an SMS link carries about the visit, on the sms channel only where allowed', async () => {
    const { store, deps } = setup();
    await submitFeedback(deps, { ...VALID, channel: 'sms' }, { entry: 'sms', visitContext: { ageGroup: '65-74', visitMode: 'group' } });
    expect(store.allAnswers()[0]).toMatchObject({ channel: 'sms', ageGroup: '65-74', visitMode: 'group' });
    expect(store.allAnswers()[0]).not.toHaveProperty('visitType');
  });
});

describe('Idempotency-Key', () => {
  it('replays a retry: the first id, created false, one answer, and a record kept for 24 hours', async () => {
    const { store, clock, deps } = setup();
    const first = await submitFeedback(deps, VALID, { idempotencyKey: 'retry-1' });
    clock.advance(30_000);
    const again = await submitFeedback(deps, VALID, { idempotencyKey: 'retry-1' });
    expect(again).toEqual({ id: first.id, created: false, channel: 'web', contactRequested: false });
    expect(store.allAnswers().map((a) => [a.id, a.submittedAt])).toEqual([[first.id, NOW]]);
    expect(store.idempotencyRecord(keyHash('retry-1'))?.expiresAt).toBe(Date.parse(NOW) / 1000 + IDEMPOTENCY_TTL_SECONDS);
  });

  it('treats the same answers in another key order as the same request', async () => {
    const { deps } = setup();
    const first = await submitFeedback(deps, VALID, { idempotencyKey: 'order' });
    const reordered = {
      role: 'client',
      text: VALID.text,
      answers: { help: 'cant_say', nps: 9, smooth: 4 },
      lang: 'fi',
      channel: 'web',
      unitId: 'keskusta-ta',
    };
    expect(await submitFeedback(deps, reordered, { idempotencyKey: 'order' })).toEqual({
      id: first.id,
      created: false,
      channel: 'web',
      contactRequested: false,
    });
  });

  it('refuses another request under a used key with a conflict naming the header, storing nothing', async () => {
    const { store, deps } = setup();
    await submitFeedback(deps, VALID, { idempotencyKey: 'conflict' });
    const before = store.allAnswers();
    const e = await submitFeedback(deps, { ...VALID, answers: { nps: 0 } }, { idempotencyKey: 'conflict' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConflictError);
    expect((e as ConflictError).issues.map((i) => i.path)).toEqual(['headers.idempotency-key']);
    expect(store.allAnswers()).toEqual(before);
  });

  it('completes a first attempt that claimed the key but died before storing the answer', async () => {
    const { store, deps } = setup();
    // The same table, reached by an invocation that times out after its claim.
    const dying: FeedbackStore = {
      claimIdempotencyKey: (r) => store.claimIdempotencyKey(r),
      putAnswer: async () => {
        throw new Error('the function timed out');
      },
      listUnitAnswers: (...a) => store.listUnitAnswers(...a),
      listArrivals: (...a) => store.listArrivals(...a),
      deleteAnswersDatedThrough: (...a) => store.deleteAnswersDatedThrough(...a),
      deleteExpiredIdempotencyRecords: (...a) => store.deleteExpiredIdempotencyRecords(...a),
    };
    await expect(submitFeedback({ ...deps, store: dying }, VALID, { idempotencyKey: 'half-done' })).rejects.toThrow('timed out');
    expect(store.allAnswers()).toEqual([]);
    const retry = await submitFeedback(deps, VALID, { idempotencyKey: 'half-done' });
    expect(retry.created).toBe(false);
    expect(store.allAnswers().map((a) => a.id)).toEqual([store.idempotencyRecord(keyHash('half-done'))!.answerId]);
  });

  it('takes a key as new once its record has expired and been swept', async () => {
    const { store, clock, deps } = setup();
    const first = await submitFeedback(deps, VALID, { idempotencyKey: 'old' });
    clock.advance((IDEMPOTENCY_TTL_SECONDS + 60) * 1000);
    store.sweepExpired(clock.now().getTime() / 1000);
    const later = await submitFeedback(deps, { ...VALID, answers: { nps: 3 } }, { idempotencyKey: 'old' });
    expect(later.created).toBe(true);
    expect(later.id).not.toBe(first.id);
    expect(store.allAnswers()).toHaveLength(2);
  });
});

describe('bad input throws before anything is written', () => {
  type Case = [string, unknown, SubmitOptions, new (...a: never[]) => Error, string];
  const cases: Case[] = [
    ['an unknown unit', { ...VALID, unitId: 'no-such-unit' }, {}, NotFoundError, 'unitId'],
    ['a service id as unit', { ...VALID, unitId: 'terveysasemat' }, {}, NotFoundError, 'unitId'],
    ['an unknown survey', { ...VALID, surveyId: 'nope' }, {}, NotFoundError, 'surveyId'],
    ['NPS 11', { ...VALID, answers: { nps: 11 } }, {}, ValidationError, 'answers.nps'],
    ['an unknown statement', { ...VALID, answers: { nps: 9, happiness: 4 } }, {}, ValidationError, 'answers.happiness'],
    ['the sms channel on the public API', { ...VALID, channel: 'sms' }, {}, ValidationError, 'channel'],
    ['nothing answered', { ...VALID, answers: {}, text: '   ' }, {}, ValidationError, 'answers'],
    ['answeredAt on a public web answer', { ...VALID, answeredAt: '2026-11-22T10:00:00+02:00' }, {}, ValidationError, 'answeredAt'],
    ['assisted on a public web answer', { ...VALID, assisted: true }, {}, ValidationError, 'assisted'],
    ...(['kiosk', 'paper', 'oral'] as const).map(
      (channel): Case => [`the ${channel} channel on the public API`, { ...VALID, channel }, {}, ValidationError, 'channel'],
    ),
    ['the web channel as a staff entry', VALID, { entry: 'staff' }, ValidationError, 'channel'],
    ['the kiosk channel as a staff entry', { ...VALID, channel: 'kiosk' }, { entry: 'staff' }, ValidationError, 'channel'],
    ['a web answer through an SMS link', VALID, { entry: 'sms' }, ValidationError, 'channel'],
    [
      'answeredAt 31 days ago',
      { ...VALID, channel: 'paper', answeredAt: '2026-10-23T10:00:00Z' },
      { entry: 'staff' },
      ValidationError,
      'answeredAt',
    ],
    [
      'answeredAt in the future',
      { ...VALID, channel: 'oral', answeredAt: '2026-11-23T23:00:00Z' },
      { entry: 'staff' },
      ValidationError,
      'answeredAt',
    ],
    ['a key with a space', VALID, { idempotencyKey: 'has space' }, ValidationError, 'headers.idempotency-key'],
    ['an empty key', VALID, { idempotencyKey: '' }, ValidationError, 'headers.idempotency-key'],
    ['bad answers under a good key', { ...VALID, answers: { nps: -1 } }, { idempotencyKey: 'good-key' }, ValidationError, 'answers.nps'],
  ];

  it.each(cases)('%s: %O throws naming the field', async (_name, raw, opts, type, path) => {
    const { store, deps } = setup();
    const e = await submitFeedback(deps, raw, opts).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(type);
    expect((e as ValidationError).issues.map((i) => i.path)).toContain(path);
    expect(store.allAnswers()).toEqual([]);
    if (opts.idempotencyKey) expect(store.idempotencyRecord(keyHash(opts.idempotencyKey))).toBeUndefined();
  });
});

describe('a contact request', () => {
  const keys = new LocalDataKeys();
  const contact = { name: 'Liisa', phone: '040 765 4321', consent: true };

  it('marks the answer contactRequested and stores the contact sealed under the answer id, with the answer', async () => {
    const { store, deps } = setup();
    const r = await submitFeedback({ ...deps, contactKeys: keys }, { ...VALID, contact });
    expect(r.contactRequested).toBe(true);
    expect(store.allAnswers()[0]).toMatchObject({ id: r.id, contactRequested: true });
    expect(JSON.stringify(store.allAnswers())).not.toMatch(/Liisa|765/);
    const sealed = store.contacts.get(r.id)!;
    expect(sealed).toMatchObject({ feedbackId: r.id, unitId: 'keskusta-ta' });
    expect(await openContact(keys, sealed)).toEqual({ name: 'Liisa', phone: '+358407654321' });
  });

  it('keeps the contact values out of the idempotency record: only whether one was given counts', async () => {
    const { store, deps } = setup();
    const withKeys = { ...deps, contactKeys: keys };
    const first = await submitFeedback(withKeys, { ...VALID, contact }, { idempotencyKey: 'c-1' });
    const other = await submitFeedback(
      withKeys,
      { ...VALID, contact: { email: 'x@example.fi', consent: true } },
      { idempotencyKey: 'c-1' },
    );
    expect(other).toEqual({ id: first.id, created: false, channel: 'web', contactRequested: true });
    expect(JSON.stringify(store.idempotencyRecord(keyHash('c-1')))).not.toMatch(/765|407654321|Liisa/);
    await expect(submitFeedback(withKeys, VALID, { idempotencyKey: 'c-1' })).rejects.toBeInstanceOf(ConflictError);
    expect(store.contacts.size).toBe(1);
  });

  it('is refused, with nothing stored, by a submit path without the contact key', async () => {
    const { store, deps } = setup();
    await expect(submitFeedback(deps, { ...VALID, contact })).rejects.toThrow(/contact key/);
    expect(store.allAnswers()).toEqual([]);
  });

  it('reports bad contact fields with the answers’ own problems, nothing stored', async () => {
    const { store, deps } = setup();
    const bad = { ...VALID, answers: { nps: 12 }, contact: { phone: '123', email: 'nope', consent: true } };
    const e = await submitFeedback({ ...deps, contactKeys: keys }, bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues.map((i) => i.path)).toEqual(['answers.nps', 'contact.phone', 'contact.email']);
    expect(store.allAnswers()).toEqual([]);
  });
});
