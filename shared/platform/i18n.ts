import * as z from './zod.ts';

/** The languages every text of the system is given in (docs/domain.md#survey: fi, sv, en; Sámi versions are future work). */
export const LANGS = ['fi', 'sv', 'en'] as const;

/** A UI and survey language code. */
export type Lang = (typeof LANGS)[number];

/** A text in every supported language. */
export type LocalizedText = Record<Lang, string>;

/** zod schema of a language code. */
export const langSchema = z.enum(LANGS);

/** zod schema of a text that must exist, non-empty, in fi, sv and en. */
export const localizedTextSchema = z.object({
  fi: z.string().check(z.minLength(1)),
  sv: z.string().check(z.minLength(1)),
  en: z.string().check(z.minLength(1)),
});

/** Narrows an arbitrary value to a supported language, or returns undefined. */
export function asLang(value: unknown): Lang | undefined {
  return (LANGS as readonly unknown[]).includes(value) ? (value as Lang) : undefined;
}

/** Each language's name in itself, as the language switch of every page shows it. */
export const LANG_NAMES: LocalizedText = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' };

/** The accessible name of the language switch, in each language. */
export const LANG_NAV_LABEL: LocalizedText = { fi: 'Kieli', sv: 'Språk', en: 'Language' };
