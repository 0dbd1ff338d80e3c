/** Numbers, dates and periods as the page shows them, in the page's language. */
import { fill } from '../dashboard-text.ts';
import { L, T } from './config.ts';

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
const dayFmt = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' });
const monthFmt = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const utc = (d: string) => new Date(`${d}T00:00:00Z`);

/** A day `YYYY-MM-DD`. */
export const fmtDate = (d: string) => dayFmt.format(utc(d));
/** A period of a series: a week `YYYY-Www`, a month `YYYY-MM` or a day. */
export const fmtPeriod = (p: string) => {
  const w = /^(\d{4})-W(\d\d)$/.exec(p);
  if (w) return fill(T.weekLabel, { week: Number(w[2]), year: w[1]! });
  if (/^\d{4}-\d\d$/.test(p)) return monthFmt.format(utc(`${p}-01`));
  return fmtDate(p);
};
/** An NPS, or a dash when there were no answers. */
export const fmtNps = (v: number | null) => (v === null ? '–' : signed.format(v));
/** A 95 % interval, or a dash. */
export const fmtCi = (ci: [number, number] | null) =>
  ci ? `${signed.format(Math.round(ci[0]))}…${signed.format(Math.round(ci[1]))}` : '–';
/** Whether a report cell (or statement row) is hidden by suppression. */
export const hidden = (c: object): c is { suppressed: true } => 'suppressed' in c;
