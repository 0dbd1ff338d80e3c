/**
 * Redaction of free text at intake: identifiers are replaced by a placeholder naming their kind in the
 * answer's language, so the original is never stored; person names are kept but marked, so handlers of
 * the unit can read them and everything leaving the unit masks them (`maskNames`).
 *
 * PLACEHOLDER IMPLEMENTATION (e-mail only, no names): the text feature replaces the internals; the
 * signatures below are the contract other features build on.
 */
import type { Lang } from '#shared/platform/index.ts';

/** A person name kept in redacted text: `[start, end)` offsets into `RedactedText.text`. */
export interface NameSpan {
  start: number;
  end: number;
}

/** Text with identifiers replaced and person names marked. */
export interface RedactedText {
  text: string;
  names: NameSpan[];
}

/** Options of one redaction. */
export interface RedactOptions {
  lang: Lang;
  /** Lower-case words never treated as names (place names, the org tree's names). */
  allow?: ReadonlySet<string>;
}

const EMAIL_PLACEHOLDER: Record<Lang, string> = { fi: '[sähköposti]', sv: '[e-post]', en: '[email]' };
const NAME_PLACEHOLDER: Record<Lang, string> = { fi: '[nimi]', sv: '[namn]', en: '[name]' };

/** Replaces identifiers in `text` and marks person names. */
export function redactText(text: string, opts: RedactOptions): RedactedText {
  return { text: text.replace(/[^\s@]+@[^\s@]+\.[^\s@]+/g, EMAIL_PLACEHOLDER[opts.lang]), names: [] };
}

/** The text as it may leave the unit: every marked name replaced by a placeholder in `lang`. */
export function maskNames(redacted: RedactedText, lang: Lang): string {
  let out = '';
  let at = 0;
  for (const span of [...redacted.names].sort((a, b) => a.start - b.start)) {
    out += redacted.text.slice(at, span.start) + NAME_PLACEHOLDER[lang];
    at = span.end;
  }
  return out + redacted.text.slice(at);
}
