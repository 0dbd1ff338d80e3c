/**
 * smsStats and parsePeriod against the in-memory SmsStore: the audit rows become the funnel per
 * day and unit with exclusions by reason, counters the funnel does not know are left out, totals add
 * the rows up, rows come by date and unit; a period must be real dates, from ≤ to, at most 366 days.
 * Over HTTP, after real intakes and sends, in test/sms/integration/sms-stats.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/platform/errors.ts';
import { parsePeriod, smsStats } from '#shared/sms/stats.ts';
import { MemorySmsStore } from '../support/memory-sms-store.ts';

const zero = { received: 0, excluded: {}, sampled: 0, scheduled: 0, sent: 0, failed: 0, cancelled: 0, answered: 0 };

describe('smsStats', () => {
  it('turns the audit into the funnel per day and unit, with totals, leaving unknown counters out', async () => {
    const store = new MemorySmsStore();
    await store.addAudit([
      { date: '2027-01-11', unitId: 'rantala-ta', counters: { received: 3, excluded_not_sampled: 2, sampled: 1, scheduled: 1 } },
      { date: '2027-01-10', unitId: 'rantala-ta', counters: { received: 1, excluded_no_consent: 1 } },
      { date: '2027-01-10', unitId: 'keskusta-ta', counters: { received: 2, sampled: 2, scheduled: 2, excluded_not_sampled: 0 } },
    ]);
    await store.addAudit([
      { date: '2027-01-10', unitId: 'keskusta-ta', counters: { sent: 1, failed: 1, answered: 1, something_new: 5 } },
      { date: '2027-01-09', unitId: 'keskusta-ta', counters: { received: 9 } },
    ]);
    expect(await smsStats(store, '2027-01-10', '2027-01-11')).toEqual({
      from: '2027-01-10',
      to: '2027-01-11',
      days: [
        { date: '2027-01-10', unitId: 'keskusta-ta', ...zero, received: 2, sampled: 2, scheduled: 2, sent: 1, failed: 1, answered: 1 },
        { date: '2027-01-10', unitId: 'rantala-ta', ...zero, received: 1, excluded: { no_consent: 1 } },
        { date: '2027-01-11', unitId: 'rantala-ta', ...zero, received: 3, excluded: { not_sampled: 2 }, sampled: 1, scheduled: 1 },
      ],
      total: {
        ...zero,
        received: 6,
        excluded: { no_consent: 1, not_sampled: 2 },
        sampled: 3,
        scheduled: 3,
        sent: 1,
        failed: 1,
        answered: 1,
      },
    });
  });

  it('answers a period without activity with no rows and zero totals', async () => {
    expect(await smsStats(new MemorySmsStore(), '2027-01-10', '2027-01-11')).toEqual({
      from: '2027-01-10',
      to: '2027-01-11',
      days: [],
      total: zero,
    });
  });
});

describe('parsePeriod', () => {
  it('accepts one day and a period of 366 days', () => {
    expect(parsePeriod('2027-01-10', '2027-01-10')).toEqual({ from: '2027-01-10', to: '2027-01-10' });
    expect(parsePeriod('2027-01-01', '2028-01-01')).toEqual({ from: '2027-01-01', to: '2028-01-01' });
  });

  it.each([
    ['a missing from', undefined, '2027-01-10', ['query.from']],
    ['an impossible date', '2027-02-30', '2027-03-01', ['query.from']],
    ['a date with a time', '2027-01-10', '2027-01-10T12:00', ['query.to']],
    ['both missing', undefined, undefined, ['query.from', 'query.to']],
    ['from after to', '2027-01-11', '2027-01-10', ['query.to']],
    ['367 days', '2027-01-01', '2028-01-02', ['query.to']],
  ])('refuses %s, naming the field', (_name, from, to, paths) => {
    const e = (() => {
      try {
        parsePeriod(from, to);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues.map((i) => i.path)).toEqual(paths);
  });
});
