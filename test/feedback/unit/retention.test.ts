/**
 * Retention (docs/domain.md#retention): an answer of Helsinki day D is past retention from D plus
 * `answerYears` years — 29 February landing on a common year ends on 28 February — and the purge's
 * one comparison (`date <= lastExpiredDate`) selects exactly those answers, for every day and every
 * allowed number of years (fast-check against a day-by-day definition). The config section names its
 * field when invalid; the purge use case deletes by the Helsinki day of its run, deletes idempotency
 * records past `expiresAt`, and a second run deletes nothing. The batch delete retries unprocessed items.
 */
import { readFileSync } from 'node:fs';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import type { IdempotencyRecord } from '#shared/feedback/feedback-store.ts';
import { purgeExpired } from '#shared/feedback/purge-expired.ts';
import { addYears, answerExpiresOn, DEFAULT_ANSWER_YEARS, isPastRetention, lastExpiredDate } from '#shared/feedback/retention.ts';
import { answerRetentionYears } from '#shared/feedback/settings.ts';
import { deleteKeys, UnprocessedItemsError } from '#shared/platform/dynamo-batch.ts';
import { ConfigError } from '#shared/platform/org-tree.ts';
import { addDays } from '#shared/platform/time.ts';
import { FixedClock } from '../../support/fakes.ts';
import { MemoryFeedbackStore } from '../support/memory-feedback-store.ts';

/** Any calendar day from 1901 to 2199 (centuries included: 2100 is a common year). */
const day = fc
  .date({ min: new Date('1901-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
/** The days around the end of February, where the leap day decides; random days hit them one time in 120. */
const endOfFebruary = fc
  .tuple(fc.integer({ min: 1901, max: 2199 }), fc.constantFrom('02-27', '02-28', '02-29', '03-01'))
  .filter(([y, md]) => md !== '02-29' || (y % 4 === 0 && y !== 2100))
  .map(([y, md]) => `${y}-${md}`);
const anyDay = fc.oneof(day, endOfFebruary);
const years = fc.integer({ min: 1, max: 20 });

describe('the retention rule', () => {
  it('adds calendar years, 29 February landing on a common year becoming 28 February', () => {
    expect(addYears('2026-03-01', 5)).toBe('2031-03-01');
    expect(addYears('2026-02-28', 5)).toBe('2031-02-28');
    expect(addYears('2024-02-29', 5)).toBe('2029-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2096-02-29', 4)).toBe('2100-02-28');
    expect(addYears('2031-02-28', -5)).toBe('2026-02-28');
  });

  it('deletes an answer of day D on D + years, not a day before', () => {
    expect(isPastRetention('2026-03-01', 5, '2031-02-28')).toBe(false);
    expect(isPastRetention('2026-03-01', 5, '2031-03-01')).toBe(true);
    expect(isPastRetention('2026-03-01', 5, '2040-01-01')).toBe(true);
    // The leap day: kept through 27 February 2029, gone from 28 February (Finnish act 150/1930, § 3).
    expect(answerExpiresOn('2024-02-29', 5)).toBe('2029-02-28');
    expect(isPastRetention('2024-02-29', 5, '2029-02-27')).toBe(false);
    expect(isPastRetention('2024-02-29', 5, '2029-02-28')).toBe(true);
    expect(isPastRetention('2024-02-29', 4, '2028-02-28')).toBe(false);
    expect(isPastRetention('2024-02-29', 4, '2028-02-29')).toBe(true);
  });

  it('finds the last expired day, the leap day included when 28 February of a common year ends it', () => {
    expect(lastExpiredDate('2031-03-01', 5)).toBe('2026-03-01');
    expect(lastExpiredDate('2029-02-28', 5)).toBe('2024-02-29');
    expect(lastExpiredDate('2029-02-27', 5)).toBe('2024-02-27');
    expect(lastExpiredDate('2028-02-29', 5)).toBe('2023-02-28');
    expect(lastExpiredDate('2028-02-29', 4)).toBe('2024-02-29');
    expect(lastExpiredDate('2028-02-28', 4)).toBe('2024-02-28');
    expect(lastExpiredDate('2029-03-01', 5)).toBe('2024-03-01');
  });

  // The purge's whole selection is `date <= lastExpiredDate(today)`: it must agree with the rule for every pair of days.
  it('selects with one comparison exactly the answers the rule says are past retention (property)', () => {
    fc.assert(
      fc.property(anyDay, anyDay, years, (date, today, n) => {
        expect(date <= lastExpiredDate(today, n)).toBe(isPastRetention(date, n, today));
      }),
      { numRuns: 20_000 },
    );
  });

  // Near the boundary, where random pairs of days rarely fall: the day of expiry and the day before it.
  it('keeps an answer through the day before its expiry and deletes it on that day (property)', () => {
    fc.assert(
      fc.property(anyDay, years, (date, n) => {
        const on = answerExpiresOn(date, n);
        expect(date <= lastExpiredDate(on, n)).toBe(true);
        expect(date <= lastExpiredDate(addDays(on, -1), n)).toBe(false);
        // At least the full years have passed: 365 days a year, plus a day per leap day crossed but one at most.
        const days = (Date.parse(on) - Date.parse(date)) / 86_400_000;
        expect(days).toBeGreaterThanOrEqual(365 * n);
        expect(days).toBeLessThanOrEqual(366 * n);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('region.retention', () => {
  const region = () => JSON.parse(readFileSync('config/region.json', 'utf8'));
  const issuesOf = (raw: unknown) => {
    try {
      parseConfig(raw);
    } catch (e) {
      if (e instanceof ConfigError) return { issues: e.issues, message: e.message };
      throw e;
    }
    throw new Error('expected a ConfigError');
  };

  it('is 5 years in the committed config, and 5 when the section is left out', () => {
    expect(answerRetentionYears(parseConfig().org)).toBe(5);
    const r = region();
    delete r.region.retention;
    expect(answerRetentionYears(parseConfig(r).org)).toBe(DEFAULT_ANSWER_YEARS);
    r.region.retention = {};
    expect(answerRetentionYears(parseConfig(r).org)).toBe(DEFAULT_ANSWER_YEARS);
    r.region.retention = { answerYears: 20 };
    expect(answerRetentionYears(parseConfig(r).org)).toBe(20);
  });

  it.each([
    [0, 'must be at least 1'],
    [21, 'must be at most 20'],
    [2.5, 'must be a whole number of years'],
    ['5', 'expected number'],
  ])('refuses answerYears %j, naming the field', (value, message) => {
    const r = region();
    r.region.retention = { answerYears: value };
    const { issues, message: text } = issuesOf(r);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('region.retention.answerYears');
    expect(issues[0]!.message).toContain(message);
    expect(text).toContain('region.retention.answerYears');
  });

  it('refuses an unknown retention setting by name, so a typo is not a silent default', () => {
    const r = region();
    r.region.retention = { answerYear: 3 };
    expect(issuesOf(r).issues).toEqual([{ path: 'region.retention.answerYear', message: 'unknown field' }]);
  });
});

describe('purgeExpired', () => {
  const config = parseConfig();
  let seq = 0;
  const answer = (date: string, text?: string): StoredAnswer => {
    seq += 1;
    const submittedAt = `${date}T10:00:00.000Z`;
    return {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      unitId: 'keskusta-ta',
      serviceId: 'terveysasemat',
      serviceAreaId: 'terveys',
      regionId: 'esimerkki',
      surveyId: 'thl-aikuiset',
      surveyVersion: 1,
      channel: 'web',
      assisted: false,
      lang: 'fi',
      answers: { nps: 9 },
      ...(text ? { text } : {}),
      submittedAt,
      receivedAt: submittedAt,
      date,
    };
  };
  const record = (keyHash: string, expiresAt: number): IdempotencyRecord => ({
    keyHash,
    requestHash: 'r',
    answerId: 'a',
    submittedAt: '2031-02-28T10:00:00.000Z',
    receivedAt: '2031-02-28T10:00:00.000Z',
    expiresAt,
  });

  // 00:30 on 1 March 2031 in Helsinki is still 28 February in UTC: the run's day is the Helsinki one.
  const NOW = '2031-02-28T22:30:00.000Z';
  const nowSeconds = Date.parse(NOW) / 1000;

  it('deletes answers dated through the last expired Helsinki day and idempotency records past expiry; a second run deletes nothing', async () => {
    const store = new MemoryFeedbackStore();
    const old = [answer('2026-02-27', 'Vanha palaute'), answer('2026-02-28'), answer('2026-03-01', 'Rajapäivän palaute')];
    const young = [answer('2026-03-02', 'Nuori palaute'), answer('2031-02-28')];
    for (const a of [...old, ...young]) await store.putAnswer(a);
    await store.claimIdempotencyKey(record('expired', nowSeconds - 1));
    await store.claimIdempotencyKey(record('fresh', nowSeconds + 3600));
    const deps = { config, feedback: store, clock: new FixedClock(NOW) };

    expect(await purgeExpired(deps)).toEqual({
      today: '2031-03-01',
      answerYears: 5,
      deletedThrough: '2026-03-01',
      answersScanned: 5,
      answersDeleted: 3,
      idempotencyScanned: 2,
      idempotencyDeleted: 1,
    });
    expect(store.allAnswers().map((a) => a.id)).toEqual(young.map((a) => a.id));
    expect(store.idempotencyRecord('expired')).toBeUndefined();
    expect(store.idempotencyRecord('fresh')).toBeDefined();

    const again = await purgeExpired(deps);
    expect([again.answersDeleted, again.idempotencyDeleted]).toEqual([0, 0]);
    expect(store.allAnswers().map((a) => a.id)).toEqual(young.map((a) => a.id));
  });

  it("follows the config's answerYears", async () => {
    const r = JSON.parse(readFileSync('config/region.json', 'utf8'));
    r.region.retention = { answerYears: 1 };
    const store = new MemoryFeedbackStore();
    await store.putAnswer(answer('2030-03-01'));
    await store.putAnswer(answer('2030-03-02'));
    const result = await purgeExpired({ config: parseConfig(r), feedback: store, clock: new FixedClock(NOW) });
    expect(result).toMatchObject({ answerYears: 1, deletedThrough: '2030-03-01', answersDeleted: 1 });
    expect(store.allAnswers().map((a) => a.date)).toEqual(['2030-03-02']);
  });
});

describe('deleteKeys', () => {
  const mock = mockClient(DynamoDBDocumentClient);
  afterEach(() => mock.reset());
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'eu-north-1', credentials: { accessKeyId: 't', secretAccessKey: 't' } }),
  );
  const keys = Array.from({ length: 30 }, (_, i) => ({ pk: `UNIT#u`, sk: `k${i}` }));
  const del = (k: Record<string, unknown>) => ({ DeleteRequest: { Key: k } });
  const noWait = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined };

  it('sends 25 deletes a request and sends again what DynamoDB left unprocessed', async () => {
    mock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { t: [del(keys[3]!), del(keys[7]!)] } })
      .resolves({ UnprocessedItems: {} });
    expect(await deleteKeys(db, 't', keys, noWait)).toBe(30);
    const sent = mock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems!.t);
    expect(sent).toEqual([keys.slice(0, 25).map(del), [del(keys[3]!), del(keys[7]!)], keys.slice(25).map(del)]);
  });

  it('fails, naming the count and never a key, when items stay unprocessed after every attempt', async () => {
    mock
      .on(BatchWriteCommand)
      .callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: input.RequestItems }));
    const e = await deleteKeys(db, 't', keys.slice(0, 2), noWait).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnprocessedItemsError);
    expect((e as Error).message).toBe('BatchWriteItem on t left 2 request(s) unprocessed after 3 attempts');
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });
});
