/**
 * Reporting periods of Helsinki calendar days: ISO weeks (`2026-W47`), months (`2026-11`), quarters
 * (`2026-Q4`) and years (`2026`). Days are YYYY-MM-DD strings already in Helsinki time, so periods
 * are pure calendar arithmetic and DST never enters here.
 */
import { addDays } from '../platform/index.ts';
import { MAX_LATE_DAYS } from '../feedback/index.ts';

/** Granularities a snapshot is kept at. */
export const GRANULARITIES = ['day', 'week', 'month', 'quarter', 'year'] as const;
/** A snapshot granularity. */
export type Granularity = (typeof GRANULARITIES)[number];

const utc = (date: string) => new Date(`${date}T00:00:00Z`);

/** ISO 8601 week of a date: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: string): string {
  const d = utc(date);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - dow) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The period of a date at a granularity. */
export function periodOf(date: string, g: Granularity): string {
  switch (g) {
    case 'day':
      return date;
    case 'week':
      return isoWeek(date);
    case 'month':
      return date.slice(0, 7);
    case 'quarter':
      return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
    case 'year':
      return date.slice(0, 4);
  }
}

/** First and last day of a period. */
export function periodDays(period: string, g: Granularity): { first: string; last: string } {
  switch (g) {
    case 'day':
      return { first: period, last: period };
    case 'week': {
      const [y, w] = [Number(period.slice(0, 4)), Number(period.slice(6))];
      const jan4 = Date.UTC(y, 0, 4);
      const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
      const first = new Date(monday1 + (w - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
      return { first, last: addDays(first, 6) };
    }
    case 'month': {
      const first = `${period}-01`;
      const next = new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 1)).toISOString().slice(0, 10);
      return { first, last: addDays(next, -1) };
    }
    case 'quarter': {
      const y = Number(period.slice(0, 4));
      const q = Number(period.slice(6));
      const first = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
      const next = new Date(Date.UTC(y, q * 3, 1)).toISOString().slice(0, 10);
      return { first, last: addDays(next, -1) };
    }
    case 'year':
      return { first: `${period}-01-01`, last: `${period}-12-31` };
  }
}

/** Every period of a granularity that overlaps the days from…to, in order. */
export function periodsBetween(from: string, to: string, g: Granularity): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(periodDays(periodOf(d, g), g).last, 1)) out.push(periodOf(d, g));
  return out;
}

/**
 * The newest month anything is reported on, as of the Helsinki date `today` (YYYY-MM): a month that
 * has ended and can no longer change. Paper and oral feedback may be typed in up to `MAX_LATE_DAYS`
 * after it was given and counts on that day, so a month is final only that many days after its end;
 * reported earlier, its two versions would differ by the late answers and show them one by one.
 */
export function lastReportedMonth(today: string): string {
  return addDays(`${addDays(today, -MAX_LATE_DAYS).slice(0, 7)}-01`, -1).slice(0, 7);
}

/**
 * The first Helsinki day a month is reported on (the day `lastReportedMonth` reaches it): `MAX_LATE_DAYS`
 * after its end. The dashboard says it of the months it cannot show yet, so their absence reads as
 * "not yet", not as "no answers".
 */
export function reportedFrom(month: string): string {
  return addDays(periodDays(month, 'month').last, MAX_LATE_DAYS + 1);
}

/** The months not reported yet as of the Helsinki date `today`: after `lastReportedMonth`, up to today's month. */
export function unreportedMonths(today: string): { month: string; from: string }[] {
  const after = addDays(periodDays(lastReportedMonth(today), 'month').last, 1);
  return periodsBetween(after, today, 'month').map((month) => ({ month, from: reportedFrom(month) }));
}
