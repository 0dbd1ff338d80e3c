/** Helsinki dates: the reporting day of an instant, across midnight and both DST changes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { helsinkiDate } from '#shared/platform/time.ts';

describe('helsinkiDate', () => {
  it.each([
    ['2026-01-15T21:59:59.999Z', '2026-01-15'], // 23:59:59 EET
    ['2026-01-15T22:00:00.000Z', '2026-01-16'], // 00:00 EET, still the 15th in UTC
    ['2026-07-15T20:59:59.999Z', '2026-07-15'], // 23:59:59 EEST
    ['2026-07-15T21:00:00.000Z', '2026-07-16'], // 00:00 EEST
    ['2026-03-29T00:59:59.999Z', '2026-03-29'], // 02:59 EET, the hour before clocks go forward
    ['2026-03-29T01:00:00.000Z', '2026-03-29'], // 04:00 EEST
    ['2026-10-25T00:30:00.000Z', '2026-10-25'], // first 03:30 EEST
    ['2026-10-25T01:30:00.000Z', '2026-10-25'], // second 03:30 EET
    ['2026-10-24T21:00:00.000Z', '2026-10-25'], // midnight EEST starting the 25-hour day
    ['2026-10-25T21:59:59.000Z', '2026-10-25'], // last second of the 25-hour day
  ])('%s is Helsinki day %s', (iso, day) => {
    expect(helsinkiDate(new Date(iso))).toBe(day);
  });
  it('remembers the last hour without ever giving another day than Intl (any order of instants, 1900–2100)', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });
    const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms));
    // Instants a few minutes apart around the same hours, so the remembered hour is hit and left often.
    const near = fc.tuple(instant, fc.array(fc.integer({ min: -7_200_000, max: 7_200_000 }), { maxLength: 20 }));
    fc.assert(
      fc.property(near, ([start, steps]) => {
        for (const d of [start, ...steps.map((s) => new Date(start.getTime() + s))]) expect(helsinkiDate(d)).toBe(intl.format(d));
      }),
      { numRuns: 2000 },
    );
  });
  it('rejects an invalid date instead of filing it under a wrong day', () => {
    expect(() => helsinkiDate(new Date('nope'))).toThrow(RangeError);
  });
});
