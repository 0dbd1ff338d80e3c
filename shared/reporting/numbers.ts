/**
 * Numbers as people read them in each page language, through `Intl` and nothing hand-made: decimal
 * comma and a space before "%" in Finnish and Swedish, the real minus sign (U+2212) everywhere, "+"
 * on every positive NPS, and ranges (intervals) with CLDR's en dash. One module for the dashboard's
 * script and the server's pages, so a figure reads the same on both. Import-free, so the browser
 * bundle can take it (lib/browser-bundles.ts).
 */

/** The page languages (the platform's `Lang`, restated so this module stays import-free). */
export type NumberLang = 'fi' | 'sv' | 'en';

/**
 * Each language's locale. Finnish conventions for Swedish too (sv-FI); English as en-GB, because
 * en-FI would write "Mean 4,3" and "1 234", which an English reader takes for two numbers.
 */
export const NUMBER_LOCALES = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const satisfies Record<NumberLang, string>;

/** How figures are written in one language. */
export interface NumberFormats {
  /** Whole numbers: counts. */
  int: (v: number) => string;
  /** One decimal: means. */
  dec: (v: number) => string;
  /** An NPS: signed ("+36", "−20", "0"), or a dash when there were no answers. */
  nps: (v: number | null) => string;
  /** A 95 % interval of an NPS, rounded to whole points, with CLDR's range dash ("−20 – +36"); a dash when none. */
  ci: (ci: readonly [number, number] | null) => string;
  /** A whole percentage of a share 0…1 ("42 %"). */
  pct: (share: number) => string;
}

// en-GB writes the hyphen-minus; the other locales already give U+2212. Only a formatted number is
// touched, so a hyphen can only be its sign.
const minus = (s: string) => s.replace(/-/g, '\u2212');

/** The formats of a language. */
export function numberFormats(lang: NumberLang): NumberFormats {
  const locale = NUMBER_LOCALES[lang];
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    int: (v) => minus(int.format(v)),
    dec: (v) => minus(dec.format(v)),
    nps: (v) => (v === null ? '–' : minus(signed.format(v))),
    ci: (ci) => {
      if (!ci) return '–';
      const [lo, hi] = [Math.round(ci[0]), Math.round(ci[1])];
      // formatRange writes a collapsed range as "~+5", which reads as an estimate, not an interval.
      return minus(lo === hi ? `${signed.format(lo)}–${signed.format(hi)}` : signed.formatRange(lo, hi));
    },
    pct: (share) => minus(pct.format(share)),
  };
}
