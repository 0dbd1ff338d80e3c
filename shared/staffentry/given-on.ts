/**
 * The day a paper or oral answer was given, as staff type it in (`givenOn`, YYYY-MM-DD, Helsinki):
 * today or earlier, at most as far back as late answers may arrive at all (`MAX_LATE_DAYS`, which also
 * decides when reports close a month: a day further back would change a month already reported).
 */
import { MAX_LATE_DAYS } from '../feedback/index.ts';
import { addDays, helsinkiDate, helsinkiInstant, isRealDateTime } from '../platform/index.ts';

/** How many days back a staff entry may be dated. */
export const MAX_GIVEN_DAYS_BACK = MAX_LATE_DAYS;

/** Why a `givenOn` cannot be taken, or the instant to store the answer at. */
export type GivenOn = { ok: true; at: Date; date: string } | { ok: false; problem: 'format' | 'future' | 'tooOld' };

/** The earliest and latest day the form accepts at `now` (Helsinki dates). */
export function givenOnRange(now: Date): { min: string; max: string } {
  const today = helsinkiDate(now);
  return { min: addDays(today, -MAX_GIVEN_DAYS_BACK), max: today };
}

/**
 * Checks a typed day against `now` and picks the instant the answer is stored at: now for today, else
 * the last moment of that Helsinki day — the answer counts on the day given, and no stored time lies
 * ahead of when it was really given.
 */
export function parseGivenOn(value: string | undefined, now: Date): GivenOn {
  const date = (value ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isRealDateTime(`${date}T00:00`)) return { ok: false, problem: 'format' };
  const { min, max } = givenOnRange(now);
  if (date > max) return { ok: false, problem: 'future' };
  if (date < min) return { ok: false, problem: 'tooOld' };
  if (date === max) return { ok: true, at: now, date };
  return { ok: true, at: new Date(helsinkiInstant(addDays(date, 1), '00:00').getTime() - 1), date };
}
