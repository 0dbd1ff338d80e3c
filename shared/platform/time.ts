import { TZDate } from '@date-fns/tz';
/** Helsinki time: every day, week and month boundary of the system is a Europe/Helsinki one (docs/domain.md#computations). */

/** The IANA zone all reporting days are computed in. */
export const HELSINKI = 'Europe/Helsinki';

// en-CA formats dates as YYYY-MM-DD; one formatter per process, as constructing one is costly. Made
// at first use, not at load: the first Intl object of a process initialises ICU (tens of ms in
// `npm run bench -- bundles`), which the cold start of a function that never needs a date should not pay.
let dateFormat: Intl.DateTimeFormat | undefined;
const helsinkiDateFormat = () =>
  (dateFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: HELSINKI, year: 'numeric', month: '2-digit', day: '2-digit' }));

/** The Helsinki calendar date (YYYY-MM-DD) of an instant. */
export function helsinkiDate(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid date');
  // Since 1921 Helsinki's offset is whole hours and changes on the hour, so one UTC hour has one
  // Helsinki date; remembering the last hour's date saves an Intl format on nearly every call.
  if (ms < 0) return helsinkiDateFormat().format(instant);
  const hour = Math.floor(ms / 3_600_000);
  if (hour !== lastHour) {
    lastDate = helsinkiDateFormat().format(instant);
    lastHour = hour;
  }
  return lastDate;
}
let lastHour = Number.NaN;
let lastDate = '';

/** Whether the calendar date and clock time written in an ISO string exist (no 30 February, no 25:00). */
export function isRealDateTime(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(s);
  if (!m || Number.isNaN(Date.parse(s))) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const utc = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  return (
    utc.getUTCFullYear() === y &&
    utc.getUTCMonth() === mo - 1 &&
    utc.getUTCDate() === d &&
    utc.getUTCHours() === h &&
    utc.getUTCMinutes() === mi &&
    h < 24
  );
}

/** Adds days to a YYYY-MM-DD calendar date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A source of the current time; the local stack and tests can replace it. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** The UTC instant of a Helsinki wall-clock time on a date; DST-correct through @date-fns/tz. */
export function helsinkiInstant(date: string, hhmm: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, h, min, HELSINKI).getTime());
}
