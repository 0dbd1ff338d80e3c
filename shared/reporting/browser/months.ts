/**
 * The dashboard's period is whole months, because the reports answer only for whole closed months
 * (shared/reporting/visibility.ts says why). The month inputs give `YYYY-MM`; the API and the URL take
 * the first and last day of those months. Pure functions without imports, so they are unit-tested
 * outside a browser and the bundle stays free of server code.
 */

/** A month `YYYY-MM`, or the month of a day `YYYY-MM-DD`, if it is one; else undefined. */
export function monthOf(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > lastDayNumber(m[1]!, month))) return undefined;
  return `${m[1]}-${m[2]}`;
}

function lastDayNumber(year: string, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(Number(year), month, 0)).getUTCDate();
}

/** The first day of a month `YYYY-MM`. */
export const firstDay = (month: string) => `${month}-01`;

/** The last day of a month `YYYY-MM`. */
export const lastDay = (month: string) =>
  `${month}-${String(lastDayNumber(month.slice(0, 4), Number(month.slice(5, 7)))).padStart(2, '0')}`;

/**
 * A period as the API takes it, from what a URL or the form says (days or months): `from` snapped to
 * its month's first day and `to` to its month's last day, neither after the last closed month
 * (`lastClosed`, YYYY-MM), so a link saved when days could be picked, or one reaching into a month
 * still open, still opens the months it meant. A value that is no date is passed on as it is, for the
 * API to name in its 400.
 */
export function snapPeriod(from: string, to: string, lastClosed: string): { from: string; to: string } {
  const capped = (value: string) => {
    const m = monthOf(value);
    return m === undefined ? undefined : m > lastClosed ? lastClosed : m;
  };
  const f = capped(from);
  const t = capped(to);
  return { from: f === undefined ? from : firstDay(f), to: t === undefined ? to : lastDay(t) };
}

/**
 * The period of as many whole months just before `from`…`to` (days): what the themes panel compares
 * with, e.g. 2026-07-01…2026-09-30 before 2026-10-01…2026-12-31.
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const index = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
  const months = index(to) - index(from) + 1;
  const start = index(from) - months;
  const month = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  return { from: firstDay(month(start)), to: lastDay(month(index(from) - 1)) };
}
