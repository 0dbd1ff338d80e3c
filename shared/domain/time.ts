/** Helsinki time: every day, week and month boundary of the system is a Europe/Helsinki one (SPEC §4). */

/** The IANA zone all reporting days are computed in. */
export const HELSINKI = 'Europe/Helsinki';

// en-CA formats dates as YYYY-MM-DD; one formatter per process, as constructing one is costly.
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: HELSINKI, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Helsinki calendar date (YYYY-MM-DD) of an instant. */
export function helsinkiDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid date');
  return dateFormat.format(instant);
}

/** A source of the current time; the local stack and tests can replace it. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };
