/** Numbers and months as the page shows them, in the page's language. */
import { L } from './config.ts';

// Finnish conventions in every language (sv-FI writes 1.8.2026, not 2026-08-01).
const locale = ({ fi: ['fi-FI'], sv: ['sv-FI', 'sv'], en: ['en-FI', 'en-GB'] } as const)[L];
/** Whole numbers. */
export const int = new Intl.NumberFormat(locale);
/** One decimal (means). */
export const dec = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** Signed whole numbers (NPS). */
export const signed = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' });
/** Whole percentages. */
export const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
const monthFmt = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const longMonthFmt = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const utc = (d: string) => new Date(`${d.slice(0, 7)}-01T00:00:00Z`);

/** A month of a series, `YYYY-MM`, short (chart ticks and table rows). */
export const fmtPeriod = (p: string) => monthFmt.format(utc(p));
/** The months a period `from`…`to` (days) covers, written out: one month alone, else first–last. */
export const fmtMonths = (from: string, to: string) =>
  from.slice(0, 7) === to.slice(0, 7)
    ? longMonthFmt.format(utc(from))
    : `${longMonthFmt.format(utc(from))}–${longMonthFmt.format(utc(to))}`;
/** An NPS, or a dash when there were no answers. */
export const fmtNps = (v: number | null) => (v === null ? '–' : signed.format(v));
/** A 95 % interval, or a dash. */
export const fmtCi = (ci: [number, number] | null) =>
  ci ? `${signed.format(Math.round(ci[0]))}…${signed.format(Math.round(ci[1]))}` : '–';
/** Whether a report cell (or statement row) is hidden by suppression. */
export const hidden = (c: object): c is { suppressed: true } => 'suppressed' in c;
