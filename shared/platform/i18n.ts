import { lazyValue } from './validation.ts';
import * as z from './zod.ts';

/** The languages every text of the system is given in (docs/domain.md#survey: fi, sv, en; Sámi versions are future work). */
export const LANGS = ['fi', 'sv', 'en'] as const;

/** A UI and survey language code. */
export type Lang = (typeof LANGS)[number];

/** A text in every supported language. */
export type LocalizedText = Record<Lang, string>;

/** zod schema of a language code (built in a pure call: a bundle that never parses one drops it). */
export const langSchema = /* @__PURE__ */ (() => z.enum(LANGS))();

/**
 * zod schema of a text that must exist, non-empty, in fi, sv and en, built at its first call (and the
 * same schema at every call after): config files and response schemas use it, which a Lambda bundle
 * never builds at its cold start, while holding a module-level schema would build it at every one.
 */
export const localizedTextSchema = lazyValue(() =>
  z.object({
    fi: z.string().check(z.minLength(1)),
    sv: z.string().check(z.minLength(1)),
    en: z.string().check(z.minLength(1)),
  }),
);

/** Narrows an arbitrary value to a supported language, or returns undefined. */
export function asLang(value: unknown): Lang | undefined {
  return (LANGS as readonly unknown[]).includes(value) ? (value as Lang) : undefined;
}

/** Each language's name in itself, as the language switch of every page shows it. */
export const LANG_NAMES: LocalizedText = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' };

/** The accessible name of the language switch, in each language. */
export const LANG_NAV_LABEL: LocalizedText = { fi: 'Kieli', sv: 'Språk', en: 'Language' };

/**
 * The supported language a browser's `Accept-Language` asks for first (by q-value, then order; `sv-FI`
 * counts as `sv`), or undefined when it names none of them. Pages use it when the URL names no language,
 * so a Swedish-speaking reader's first page is Swedish without a click.
 */
export function langFromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const asked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: asLang(tag.trim().toLowerCase().split('-')[0]), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((a): a is { lang: Lang; q: number; i: number } => a.lang !== undefined && a.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return asked[0]?.lang;
}
