/** Numbers and months as the page shows them, in the page's language (numbers: ../numbers.ts). */
import { NUMBER_LOCALES, numberFormats } from '../numbers.ts';
import { L } from './config.ts';

const f = numberFormats(L);
/** Whole numbers. */
export const int = { format: f.int };
/** One decimal (means). */
export const dec = { format: f.dec };
/** Signed whole numbers (NPS and the chart's axis). */
export const signed = { format: (v: number) => f.nps(v) };
/** Whole percentages. */
export const pct = { format: f.pct };
const monthFmt = new Intl.DateTimeFormat(NUMBER_LOCALES[L], { month: 'short', year: 'numeric', timeZone: 'UTC' });
const longMonthFmt = new Intl.DateTimeFormat(NUMBER_LOCALES[L], { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dayFmt = new Intl.DateTimeFormat(NUMBER_LOCALES[L], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const utc = (d: string) => new Date(`${d.slice(0, 7)}-01T00:00:00Z`);

/** A month of a series, `YYYY-MM`, short (chart ticks and table rows). */
export const fmtPeriod = (p: string) => monthFmt.format(utc(p));
/** A month `YYYY-MM` written out ("marraskuu 2026"). */
export const fmtMonth = (p: string) => longMonthFmt.format(utc(p));
/** A day `YYYY-MM-DD` written out ("31. joulukuuta 2026"). */
export const fmtDay = (d: string) => dayFmt.format(new Date(`${d}T00:00:00Z`));
/** The months a period `from`…`to` (days) covers, written out: one month alone, else the range. */
export const fmtMonths = (from: string, to: string) =>
  from.slice(0, 7) === to.slice(0, 7) ? longMonthFmt.format(utc(from)) : longMonthFmt.formatRange(utc(from), utc(to));
/** An NPS, or a dash when there were no answers. */
export const fmtNps = f.nps;
/** A 95 % interval, or a dash. */
export const fmtCi = f.ci;
/** Whether a report cell (or statement row) is hidden by suppression. */
export const hidden = (c: object): c is { suppressed: true } => 'suppressed' in c;
