/**
 * How long answers are kept (docs/domain.md#retention): an answer, free text included, is deleted on
 * the first purge run on or after its Helsinki `date` plus `region.retention.answerYears` years. The
 * aggregates (counts only) are not answers and stay. Pure date arithmetic on `YYYY-MM-DD` strings, so
 * the rule is the same in the purge job, its tests and the README.
 */

/** Years an answer is kept when the region config does not say (a county's practice: 5 years). */
export const DEFAULT_ANSWER_YEARS = 5;
/** The range `region.retention.answerYears` is validated against. */
export const ANSWER_YEARS_RANGE = { min: 1, max: 20 } as const;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A calendar date plus whole years. 29 February plus years that land on a common year is
 * 28 February: a period counted in years ends on the day of the same number, or on the last day of the
 * month where that day does not exist (Finnish act on calculating time limits, 150/1930, § 3).
 */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const day = m === 2 && d === 29 && !isLeap(year) ? 28 : d;
  return `${pad(year, 4)}-${pad(m, 2)}-${pad(day, 2)}`;
}

/** The Helsinki day from which an answer given on `date` is past retention and deleted. */
export function answerExpiresOn(date: string, years: number): string {
  return addYears(date, years);
}

/** Whether an answer of Helsinki day `date` is past retention on Helsinki day `today`. */
export function isPastRetention(date: string, years: number, today: string): boolean {
  return answerExpiresOn(date, years) <= today;
}

/**
 * The latest answer date past retention on `today`: every answer dated on or before it is deleted,
 * every later one kept. `addYears` never decreases as the date grows, so the expired dates are exactly
 * a prefix of the calendar and one comparison on the stored `date` finds them. The same month and day
 * `years` back, except that on 28 February of a common year the 29 February `years` back (if it
 * existed) has reached its end too.
 */
export function lastExpiredDate(today: string, years: number): string {
  const back = addYears(today, -years);
  const leapDay = `${back.slice(0, 4)}-02-29`;
  return today.endsWith('-02-28') && isLeap(Number(back.slice(0, 4))) && isPastRetention(leapDay, years, today) ? leapDay : back;
}
