/**
 * Redaction of free text at intake: identifiers are replaced by a placeholder naming their kind in the
 * answer's language, so the original is never stored; person names are kept but marked, so handlers of
 * the unit can read them and everything leaving the unit masks them (`maskNames`). Nothing here logs.
 *
 * Placeholders (fi / sv / en): `[hetu]` / `[personbeteckning]` / `[personal id]`, `[puhelin]` /
 * `[telefon]` / `[phone]`, `[sähköposti]` / `[e-post]` / `[email]`, `[tilinumero]` / `[kontonummer]` /
 * `[account number]`, `[osoite]` / `[adress]` / `[address]`; masked names `[nimi]` / `[namn]` / `[name]`.
 */
import type { Lang, OrgTree } from '../platform/index.ts';
import {
  findAddresses,
  findEmails,
  findHetus,
  findIbans,
  findPhones,
  type IdentifierKind,
  type IdentifierSpan,
  type PhoneJudge,
} from './identifiers.ts';
import { baseForms, findNames } from './names.ts';
import { PLACE_NAMES } from './places.ts';

export { hetuCheckChar, IDENTIFIER_KINDS, type IdentifierKind, type PhoneJudge, type PhoneVerdict } from './identifiers.ts';

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
  /** Lower-case words never treated as names (place names, the org tree's names): `allowListFrom`. Default: the built-in place names. */
  allow?: ReadonlySet<string>;
  /**
   * The phone library's verdict on a candidate (`loadPhoneJudge`). Without it, numbers with `+`, `00`
   * or a leading 0 are redacted by their digit count alone, and ones without are left.
   */
  phones?: PhoneJudge;
}

/** The placeholder of each identifier kind in each language. */
export const PLACEHOLDERS: Record<IdentifierKind, Record<Lang, string>> = {
  hetu: { fi: '[hetu]', sv: '[personbeteckning]', en: '[personal id]' },
  phone: { fi: '[puhelin]', sv: '[telefon]', en: '[phone]' },
  email: { fi: '[sähköposti]', sv: '[e-post]', en: '[email]' },
  iban: { fi: '[tilinumero]', sv: '[kontonummer]', en: '[account number]' },
  address: { fi: '[osoite]', sv: '[adress]', en: '[address]' },
};

/** What a masked name reads as, in each language. */
export const NAME_PLACEHOLDER: Record<Lang, string> = { fi: '[nimi]', sv: '[namn]', en: '[name]' };

/** Kinds in the order they claim text: an e-mail or IBAN holds digit runs that are no phone number. */
const ORDER: IdentifierKind[] = ['email', 'iban', 'hetu', 'address', 'phone'];

/** Lower-case words of `names` and their Finnish base forms ("Keskustan" → keskustan, keskusta). */
function wordsOf(names: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const name of names)
    for (const w of name.toLowerCase().match(/\p{L}+/gu) ?? []) for (const f of baseForms(w)) if (f.length >= 3) out.add(f);
  return out;
}

const DEFAULT_ALLOW = wordsOf([PLACE_NAMES]);

/**
 * The allow-list of a deployment: the built-in place names, `extra` (the region's
 * `region.redaction.placeNames`) and every word of every org node's name in every language, so
 * "Keskustan terveysasema" or "Rantalan neuvola" is never masked as a person.
 */
export function allowListFrom(org: OrgTree, extra: readonly string[] = []): ReadonlySet<string> {
  const names: string[] = [PLACE_NAMES, ...extra];
  const walk = (id: string) => {
    const node = org.node(id);
    if (!node) return;
    names.push(node.name.fi, node.name.sv, node.name.en);
    for (const child of org.children(id)) walk(child.id);
  };
  walk(org.regionId);
  return wordsOf(names);
}

/** A span found in the original text, of an identifier kind or a name. */
export interface FoundSpan {
  start: number;
  end: number;
  kind: IdentifierKind | 'name';
}

/**
 * Every identifier and name in `text`, in the original's offsets, without overlaps (the earlier kind
 * in ORDER wins, names never overlap an identifier). What `redactText` acts on; the bench scores it.
 */
export function findSpans(text: string, opts: RedactOptions): FoundSpan[] {
  const found: IdentifierSpan[] = [];
  const free = (s: { start: number; end: number }) => found.every((f) => s.end <= f.start || s.start >= f.end);
  const byKind: Record<IdentifierKind, () => IdentifierSpan[]> = {
    email: () => findEmails(text),
    iban: () => findIbans(text),
    hetu: () => findHetus(text),
    address: () => findAddresses(text),
    phone: () => findPhones(text, opts.phones),
  };
  for (const kind of ORDER) for (const s of byKind[kind]()) if (free(s)) found.push(s);
  const spans: FoundSpan[] = [...found];
  for (const n of findNames(text, opts.lang, opts.allow ?? DEFAULT_ALLOW)) if (free(n)) spans.push({ ...n, kind: 'name' });
  return spans.sort((a, b) => a.start - b.start);
}

/** Replaces identifiers in `text` by their placeholders in `opts.lang` and marks person names. */
export function redactText(text: string, opts: RedactOptions): RedactedText {
  let out = '';
  let at = 0;
  const names: NameSpan[] = [];
  for (const s of findSpans(text, opts)) {
    out += text.slice(at, s.start);
    if (s.kind === 'name') {
      names.push({ start: out.length, end: out.length + (s.end - s.start) });
      out += text.slice(s.start, s.end);
    } else {
      out += PLACEHOLDERS[s.kind][opts.lang];
    }
    at = s.end;
  }
  return { text: out + text.slice(at), names };
}

/** The text as it may leave the unit: every marked name replaced by a placeholder in `lang`. */
export function maskNames(redacted: RedactedText, lang: Lang): string {
  let out = '';
  let at = 0;
  for (const span of [...redacted.names].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    out += redacted.text.slice(at, span.start) + NAME_PLACEHOLDER[lang];
    at = span.end;
  }
  return out + redacted.text.slice(at);
}
