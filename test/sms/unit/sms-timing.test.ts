/**
 * When an SMS invitation goes out (shared/sms/timing.ts): the day after the visit by the Helsinki
 * calendar, at the send time in Helsinki wall-clock time, across both DST changes of 2026 (EU: clocks
 * forward on Sunday 2026-03-29, back on Sunday 2026-10-25; EET = UTC+2, EEST = UTC+3); quiet hours
 * that wrap midnight, exact at their boundaries; and wall-clock times that do not exist or exist twice.
 */
import { describe, expect, it } from 'vitest';
import { helsinkiDate } from '#shared/platform/time.ts';
import { inQuietHours, sendAtFor } from '#shared/sms/timing.ts';
import { helsinkiInstant } from '#shared/platform/time.ts';
import { addDays } from '#shared/platform/time.ts';

/** The demo region's rules (config/region.json). */
const RULES = { sendTime: '12:00', quietHours: { start: '21:00', end: '08:00' } };
const QUIET = RULES.quietHours;
const at = (iso: string) => new Date(iso);
const send = (visitedAt: string, rules = RULES) => {
  const r = sendAtFor(at(visitedAt), rules);
  return { sendDate: r.sendDate, sendAt: r.sendAt.toISOString() };
};

describe('sendAtFor across the DST changes of 2026', () => {
  it.each([
    // Spring: Saturday 03-28 is EET, Sunday 03-29 from 04:00 EEST.
    ['2026-03-27T10:00:00+02:00', '2026-03-28', '2026-03-28T10:00:00.000Z', 'the Friday before: 12:00 EET on Saturday'],
    ['2026-03-28T10:00:00+02:00', '2026-03-29', '2026-03-29T09:00:00.000Z', 'the day before: 12:00 EEST on the day of the change'],
    ['2026-03-29T10:00:00+03:00', '2026-03-30', '2026-03-30T09:00:00.000Z', 'the day of the change: 12:00 EEST on Monday'],
    ['2026-03-29T02:30:00+02:00', '2026-03-30', '2026-03-30T09:00:00.000Z', 'in the last EET hour of the change day'],
    // Autumn: Saturday 10-24 is EEST, Sunday 10-25 from 03:00 (the second time) EET.
    ['2026-10-23T10:00:00+03:00', '2026-10-24', '2026-10-24T09:00:00.000Z', 'the Friday before: 12:00 EEST on Saturday'],
    ['2026-10-24T10:00:00+03:00', '2026-10-25', '2026-10-25T10:00:00.000Z', 'the day before: 12:00 EET on the day of the change'],
    ['2026-10-25T10:00:00+02:00', '2026-10-26', '2026-10-26T10:00:00.000Z', 'the day of the change: 12:00 EET on Monday'],
    ['2026-10-25T03:30:00+03:00', '2026-10-26', '2026-10-26T10:00:00.000Z', 'in the first of the two 03:30s'],
    ['2026-10-25T03:30:00+02:00', '2026-10-26', '2026-10-26T10:00:00.000Z', 'in the second of the two 03:30s'],
  ])('a visit at %s sends on %s at %s (%s)', (visitedAt, sendDate, sendAt) => {
    expect(send(visitedAt)).toEqual({ sendDate, sendAt });
  });

  it('sends at 12:00 Helsinki time on every day of 2026, whatever the offset', () => {
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      const { sendDate, sendAt } = sendAtFor(helsinkiInstant(d, '15:00'), RULES);
      expect(sendDate).toBe(addDays(d, 1));
      expect(helsinkiDate(sendAt)).toBe(sendDate);
      expect(sendAt.toLocaleTimeString('en-GB', { timeZone: 'Europe/Helsinki' })).toBe('12:00:00');
    }
  });
});

describe('sendAtFor by the Helsinki calendar, not the UTC one', () => {
  it.each([
    // 23:30 on Saturday in Helsinki is still Saturday in UTC: sent on Sunday, the change day.
    ['2026-03-28T23:30:00+02:00', '2026-03-29', '2026-03-29T09:00:00.000Z'],
    // 00:30 on Sunday in Helsinki is 22:30 on Saturday in UTC: the Helsinki Sunday counts, so Monday.
    ['2026-03-28T22:30:00Z', '2026-03-30', '2026-03-30T09:00:00.000Z'],
    ['2026-10-24T23:30:00+03:00', '2026-10-25', '2026-10-25T10:00:00.000Z'],
    ['2026-10-24T21:30:00Z', '2026-10-26', '2026-10-26T10:00:00.000Z'], // 00:30 EEST on Sunday
    ['2026-01-15T21:59:59Z', '2026-01-16', '2026-01-16T10:00:00.000Z'], // 23:59:59 EET
    ['2026-01-15T22:00:00Z', '2026-01-17', '2026-01-17T10:00:00.000Z'], // 00:00 EET the next day
  ])('a visit at %s sends on %s at %s', (visitedAt, sendDate, sendAt) => {
    expect(send(visitedAt)).toEqual({ sendDate, sendAt });
  });
});

describe('inQuietHours with 21:00–08:00, which wraps midnight', () => {
  const days = [
    ['an ordinary winter day', '2026-01-15'],
    ['the day before the spring change', '2026-03-28'],
    ['the spring change day', '2026-03-29'],
    ['the day before the autumn change', '2026-10-24'],
    ['the autumn change day', '2026-10-25'],
    ['an ordinary summer day', '2026-07-15'],
  ] as const;
  const boundaries = [
    ['00:00', true],
    ['07:59', true],
    ['08:00', false],
    ['12:00', false],
    ['20:59', false],
    ['21:00', true],
    ['23:59', true],
  ] as const;

  it.each(days.flatMap(([label, date]) => boundaries.map(([hhmm, quiet]) => [label, date, hhmm, quiet] as const)))(
    '%s (%s) at %s Helsinki time: quiet %s',
    (_label, date, hhmm, quiet) => {
      expect(inQuietHours(helsinkiInstant(date, hhmm), QUIET)).toBe(quiet);
    },
  );

  it.each([
    // The same boundaries as UTC instants, so the test does not lean on helsinkiInstant alone.
    ['2026-03-29T04:59:00Z', true], // 07:59 EEST
    ['2026-03-29T05:00:00Z', false], // 08:00 EEST
    ['2026-03-29T17:59:00Z', false], // 20:59 EEST
    ['2026-03-29T18:00:00Z', true], // 21:00 EEST
    ['2026-10-25T05:59:00Z', true], // 07:59 EET
    ['2026-10-25T06:00:00Z', false], // 08:00 EET
    ['2026-10-25T18:59:00Z', false], // 20:59 EET
    ['2026-10-25T19:00:00Z', true], // 21:00 EET
    ['2026-10-25T00:30:00Z', true], // the first 03:30 (EEST)
    ['2026-10-25T01:30:00Z', true], // the second 03:30 (EET)
  ])('at %s: quiet %s', (iso, quiet) => {
    expect(inQuietHours(at(iso), QUIET)).toBe(quiet);
  });

  it('handles quiet hours that do not wrap midnight (13:00–14:00) as a plain interval', () => {
    const q = { start: '13:00', end: '14:00' };
    expect(inQuietHours(helsinkiInstant('2026-10-25', '12:59'), q)).toBe(false);
    expect(inQuietHours(helsinkiInstant('2026-10-25', '13:00'), q)).toBe(true);
    expect(inQuietHours(helsinkiInstant('2026-10-25', '13:59'), q)).toBe(true);
    expect(inQuietHours(helsinkiInstant('2026-10-25', '14:00'), q)).toBe(false);
    expect(inQuietHours(helsinkiInstant('2026-10-25', '23:00'), q)).toBe(false);
  });
});

describe('a send time inside the quiet hours moves to their end', () => {
  it('moves 07:00 to 08:00 of the same day (after midnight, before the end)', () => {
    expect(send('2026-03-28T10:00:00+02:00', { ...RULES, sendTime: '07:00' })).toEqual({
      sendDate: '2026-03-29',
      sendAt: '2026-03-29T05:00:00.000Z',
    });
    expect(send('2026-10-24T10:00:00+03:00', { ...RULES, sendTime: '07:00' })).toEqual({
      sendDate: '2026-10-25',
      sendAt: '2026-10-25T06:00:00.000Z',
    });
  });

  it('moves 22:00 to 08:00 of the following day (before midnight, the end is tomorrow)', () => {
    const r = sendAtFor(at('2026-10-24T10:00:00+03:00'), { ...RULES, sendTime: '22:00' });
    expect(r.sendAt.toISOString()).toBe('2026-10-26T06:00:00.000Z'); // 08:00 EET on Monday
    expect(inQuietHours(r.sendAt, QUIET)).toBe(false);
  });

  it('moves 21:00, the first quiet minute, and keeps 08:00, the first allowed one', () => {
    expect(send('2026-03-28T10:00:00+02:00', { ...RULES, sendTime: '21:00' }).sendAt).toBe('2026-03-30T05:00:00.000Z');
    expect(send('2026-03-28T10:00:00+02:00', { ...RULES, sendTime: '08:00' }).sendAt).toBe('2026-03-29T05:00:00.000Z');
    expect(send('2026-03-28T10:00:00+02:00', { ...RULES, sendTime: '20:59' }).sendAt).toBe('2026-03-29T17:59:00.000Z');
  });

  it('moves a send time inside daytime quiet hours (11:00–13:00) to 13:00 of the same day', () => {
    expect(send('2026-03-28T10:00:00+02:00', { sendTime: '12:00', quietHours: { start: '11:00', end: '13:00' } }).sendAt).toBe(
      '2026-03-29T10:00:00.000Z',
    );
  });

  it('never returns a send instant inside the quiet hours, for any send time on any day around the changes', () => {
    for (const day of ['2026-03-27', '2026-03-28', '2026-03-29', '2026-10-24', '2026-10-25']) {
      for (let h = 0; h < 24; h++) {
        const sendTime = `${String(h).padStart(2, '0')}:30`;
        const { sendAt } = sendAtFor(helsinkiInstant(day, '12:00'), { ...RULES, sendTime });
        expect(inQuietHours(sendAt, QUIET), `${day} ${sendTime}`).toBe(false);
        expect(sendAt.getTime()).toBeGreaterThan(helsinkiInstant(day, '12:00').getTime());
      }
    }
  });
});

describe('helsinkiInstant on wall-clock times the DST changes make odd', () => {
  it('gives a valid instant on 2026-10-25 for 03:30, which happens twice, and it is one of the two', () => {
    const t = helsinkiInstant('2026-10-25', '03:30');
    expect(Number.isNaN(t.getTime())).toBe(false);
    expect(helsinkiDate(t)).toBe('2026-10-25');
    expect(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']).toContain(t.toISOString());
  });

  it('gives a valid instant on 2026-03-29 for 03:30, which does not exist, within the change day', () => {
    const t = helsinkiInstant('2026-03-29', '03:30');
    expect(Number.isNaN(t.getTime())).toBe(false);
    expect(helsinkiDate(t)).toBe('2026-03-29');
    // Between 02:00 EET (00:00Z) and 05:00 EEST (02:00Z): the gap is at 03:00–04:00 local.
    expect(t.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-29T00:00:00Z'));
    expect(t.getTime()).toBeLessThanOrEqual(Date.parse('2026-03-29T02:00:00Z'));
  });

  it.each([
    ['2026-03-29', '00:00', '2026-03-28T22:00:00.000Z'],
    ['2026-03-29', '02:59', '2026-03-29T00:59:00.000Z'],
    ['2026-03-29', '04:00', '2026-03-29T01:00:00.000Z'],
    ['2026-10-25', '00:00', '2026-10-24T21:00:00.000Z'],
    ['2026-10-25', '04:00', '2026-10-25T02:00:00.000Z'],
    ['2026-10-25', '23:59', '2026-10-25T21:59:00.000Z'],
  ])('%s %s Helsinki time is %s', (date, hhmm, iso) => {
    expect(helsinkiInstant(date, hhmm).toISOString()).toBe(iso);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('%s + %i days = %s, whatever the DST change in between', (date, n, out) => {
    expect(addDays(date, n)).toBe(out);
  });
});
