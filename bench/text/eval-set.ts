/**
 * The text evaluation set: comments composed from the hand-written, labelled clauses of clauses.ts,
 * with planted names (test/support's identifier generators for the rest), every planted span labelled
 * with its kind. Deterministic (seeded); written to bench/text/eval-set.json, which the bench reads and
 * a unit test keeps equal to this generator (`npx tsx bench/text/eval-set.ts --write` after a change).
 * A comment is built from clauses of one half only, so the held-out half's wording was never tuned on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '#shared/platform/index.ts';
import type { IdentifierKind, Sentiment, ThemeId } from '#shared/text/index.ts';
import { address, email, hetu, iban, int, phone, pick, seeded, type Random } from '../../test/support/planted-identifiers.ts';
import {
  EN_CLAUSES,
  EN_DECOYS,
  EN_DEV_EXTRA,
  EN_ID_CLAUSES,
  EN_NAME_CLAUSES,
  FI_CLAUSES,
  FI_DECOYS,
  FI_DEV_EXTRA,
  FI_ID_CLAUSES,
  FI_NAME_CLAUSES,
  SV_CLAUSES,
  SV_DECOYS,
  SV_DEV_EXTRA,
  SV_ID_CLAUSES,
  SV_NAME_CLAUSES,
} from './clauses.ts';

/** Where the set is kept. */
export const EVAL_SET_FILE = join(import.meta.dirname, 'eval-set.json');

/** A labelled span of a comment. */
export interface GoldSpan {
  start: number;
  end: number;
  kind: IdentifierKind | 'name';
}

/** One comment of the set. */
export interface EvalItem {
  id: string;
  /** `dev`: built from clauses the lexicons were tuned on; `heldout`: from the others. */
  split: 'dev' | 'heldout';
  lang: Lang;
  nps?: number;
  text: string;
  themes: ThemeId[];
  sentiment: Sentiment;
  spans: GoldSpan[];
}

const THEME_CODES: Record<string, ThemeId> = {
  enc: 'encounter',
  ski: 'professional_skill',
  car: 'care_quality',
  boo: 'booking',
  pho: 'phone_service',
  wai: 'waiting',
  acc: 'access',
  inf: 'information',
  dig: 'digital_services',
  pre: 'premises',
  saf: 'safety',
  cos: 'costs',
  other: 'other',
};

interface Clause {
  text: string;
  themes: ThemeId[];
  sentiment: 'p' | 'n' | 'u' | 'm';
}

function parse(line: string): Clause {
  const [text, themes = '', sentiment = 'u'] = line.split('|');
  return {
    text: text!,
    themes: themes ? themes.split(',').map((t) => THEME_CODES[t]!) : [],
    sentiment: sentiment as Clause['sentiment'],
  };
}

/** Halves of a list: even positions dev, odd held out. */
function halves<T>(list: T[]): Record<EvalItem['split'], T[]> {
  return { dev: list.filter((_, i) => i % 2 === 0), heldout: list.filter((_, i) => i % 2 === 1) };
}

/** Names as planted, with the Finnish case forms the name clauses ask for (nominative, genitive, allative). */
const FI_FIRST = [
  ['Liisa', 'Liisan', 'Liisalle'],
  ['Mikko', 'Mikon', 'Mikolle'],
  ['Heikki', 'Heikin', 'Heikille'],
  ['Anne', 'Annen', 'Annelle'],
  ['Jukka', 'Jukan', 'Jukalle'],
  ['Sanna', 'Sannan', 'Sannalle'],
  ['Tuomas', 'Tuomaksen', 'Tuomakselle'],
  ['Päivi', 'Päivin', 'Päiville'],
  ['Marjatta', 'Marjatan', 'Marjatalle'],
  ['Vilja', 'Viljan', 'Viljalle'],
  ['Kirsi', 'Kirsin', 'Kirsille'],
  ['Timo', 'Timon', 'Timolle'],
  ['Hertta', 'Hertan', 'Hertalle'],
  ['Aleksi', 'Aleksin', 'Aleksille'],
];
const FI_LAST = [
  ['Virtanen', 'Virtasen', 'Virtaselle'],
  ['Korhonen', 'Korhosen', 'Korhoselle'],
  ['Mäkelä', 'Mäkelän', 'Mäkelälle'],
  ['Laaksonen', 'Laaksosen', 'Laaksoselle'],
  ['Salminen', 'Salmisen', 'Salmiselle'],
  ['Lindqvist', 'Lindqvistin', 'Lindqvistille'],
  ['Rantanen', 'Rantasen', 'Rantaselle'],
];
const SV_FIRST = ['Anna', 'Erik', 'Karin', 'Johan', 'Maria', 'Björn', 'Ulrika', 'Ebba', 'Sigrid', 'Henrik'];
const SV_LAST = ['Andersson', 'Lindholm', 'Holmberg', 'Sjöberg', 'Westerlund'];
const EN_FIRST = ['Sarah', 'James', 'Emily', 'Kate', 'Oliver', 'Priya', 'Ahmed', 'Laura'];
const EN_LAST = ['Smith', 'Brown', 'Jones', 'Walker', 'Okafor'];

const MATERIAL: Record<Lang, { clauses: Clause[]; names: Clause[]; ids: string[]; devExtra: Clause[] }> = {
  fi: { clauses: FI_CLAUSES.map(parse), names: FI_NAME_CLAUSES.map(parse), ids: FI_ID_CLAUSES, devExtra: FI_DEV_EXTRA.map(parse) },
  sv: { clauses: SV_CLAUSES.map(parse), names: SV_NAME_CLAUSES.map(parse), ids: SV_ID_CLAUSES, devExtra: SV_DEV_EXTRA.map(parse) },
  en: { clauses: EN_CLAUSES.map(parse), names: EN_NAME_CLAUSES.map(parse), ids: EN_ID_CLAUSES, devExtra: EN_DEV_EXTRA.map(parse) },
};

/** Builds the text of a clause with its slots filled, and the spans of what was planted. */
function fill(template: string, lang: Lang, rnd: Random): { text: string; spans: GoldSpan[] } {
  const f = lang === 'fi' ? pick(rnd, FI_FIRST) : [pick(rnd, lang === 'sv' ? SV_FIRST : EN_FIRST)];
  const s = lang === 'fi' ? pick(rnd, FI_LAST) : [pick(rnd, lang === 'sv' ? SV_LAST : EN_LAST)];
  const form = (forms: string[], c?: string) => forms[c === 'gen' ? 1 : c === 'all' ? 2 : 0] ?? forms[0]!;
  let text = '';
  const spans: GoldSpan[] = [];
  let at = 0;
  for (const m of template.matchAll(/\{(\w+)(?::(\w+))?\}/g)) {
    text += template.slice(at, m.index);
    const slot = m[1]!;
    const value =
      slot === 'F'
        ? form(f, m[2])
        : slot === 'S'
          ? form(s, m[2])
          : slot === 'hetu'
            ? hetu(rnd, { wrongCheck: rnd() < 0.2 })
            : slot === 'phone'
              ? phone(rnd)
              : slot === 'email'
                ? email(rnd)
                : slot === 'iban'
                  ? iban(rnd)
                  : address(rnd, lang === 'sv');
    const kind = slot === 'F' || slot === 'S' ? 'name' : (slot as IdentifierKind);
    const last = spans.at(-1);
    // "Liisa Virtanen" is one name.
    if (kind === 'name' && last?.kind === 'name' && last.end === text.length - 1 && text.endsWith(' '))
      last.end = text.length + value.length;
    else spans.push({ start: text.length, end: text.length + value.length, kind });
    text += value;
    at = m.index + m[0].length;
  }
  return { text: text + template.slice(at), spans };
}

/** A colloquial touch: sometimes no capital, no full stop, or an exclamation. */
function joinParts(parts: string[], rnd: Random): string {
  let out = '';
  parts.forEach((p, i) => {
    const sep = i === 0 ? '' : /[.!?]$/.test(out) ? ' ' : pick(rnd, ['. ', '. ', '. ', ', ', ' ', '! ']);
    let piece = p;
    if (i > 0 && sep !== '. ' && sep !== '! ' && /^\p{Lu}\p{Ll}/u.test(piece) && !/^\{/.test(piece))
      piece = piece[0]!.toLowerCase() + piece.slice(1);
    out += sep + piece;
  });
  return out + pick(rnd, ['.', '.', '', '!', '!!', ' :)']);
}

function npsFor(sentiment: Sentiment, rnd: Random): number | undefined {
  if (rnd() < 0.1) return undefined;
  if (sentiment === 'positive') return pick(rnd, [8, 9, 9, 10, 10, 10]);
  if (sentiment === 'negative') return pick(rnd, [0, 1, 2, 3, 4, 5, 6, 7]);
  if (sentiment === 'mixed') return int(rnd, 4, 9);
  return int(rnd, 5, 10);
}

function combine(sentiments: Clause['sentiment'][]): Sentiment {
  const pos = sentiments.includes('p');
  const neg = sentiments.includes('n');
  if (sentiments.includes('m') || (pos && neg)) return 'mixed';
  return pos ? 'positive' : neg ? 'negative' : 'neutral';
}

/** Comments per language; half of each is built from the held-out clauses. */
const COUNTS: Record<Lang, number> = { fi: 320, sv: 160, en: 160 };

/** More dev comments per language, built from the dev half and the dev-only clauses (clauses.ts, `*_DEV_EXTRA`). */
const EXTRA_COUNTS: Record<Lang, number> = { fi: 80, sv: 40, en: 40 };

/** One comment: 1–3 clauses of `pool`, perhaps a name clause and identifier clauses, joined as people write. */
function compose(lang: Lang, id: string, split: EvalItem['split'], pool: Clause[], rnd: Random): EvalItem {
  const m = MATERIAL[lang];
  const n = pick(rnd, [1, 1, 2, 2, 2, 3]);
  const chosen: Clause[] = [];
  while (chosen.length < n) {
    const c = pick(rnd, pool);
    if (!chosen.includes(c)) chosen.push(c);
  }
  if (rnd() < 0.35) chosen.splice(int(rnd, 0, chosen.length - 1), 1, pick(rnd, halves(m.names)[split]));
  // Identifier clauses are in both halves: the identifiers in them are drawn anew for each comment.
  const ids = rnd() < 0.45 ? [pick(rnd, m.ids)] : [];
  if (ids.length && rnd() < 0.25) ids.push(pick(rnd, m.ids));
  const parts: { text: string; spans: GoldSpan[] }[] = chosen.map((c) => fill(c.text, lang, rnd));
  for (const t of ids) parts.splice(int(rnd, 0, parts.length), 0, fill(t, lang, rnd));
  // Join, then move each part's spans by where it landed.
  const text = joinParts(
    parts.map((p) => p.text),
    rnd,
  );
  const spans: GoldSpan[] = [];
  let from = 0;
  for (const p of parts) {
    const lowered = p.text[0]!.toLowerCase() + p.text.slice(1);
    let at = text.indexOf(p.text, from);
    if (at < 0) at = text.indexOf(lowered, from);
    for (const s of p.spans) spans.push({ start: at + s.start, end: at + s.end, kind: s.kind });
    from = at + p.text.length;
  }
  const themes = [...new Set(chosen.flatMap((c) => c.themes))];
  const sentiment = combine(chosen.map((c) => c.sentiment));
  const nps = npsFor(sentiment, rnd);
  const named = themes.filter((t) => t !== 'other');
  return { id, split, lang, ...(nps === undefined ? {} : { nps }), text, themes: named.length ? named : ['other'], sentiment, spans };
}

/**
 * The evaluation set, built from the clauses with a fixed seed: per language, comments alternately of
 * the dev and the held-out half, then the extra dev comments with a seed of their own (so adding dev
 * material never changes a held-out comment).
 */
export function buildEvalSet(seed = 2026): EvalItem[] {
  const rnd = seeded(seed);
  const items: EvalItem[] = [];
  for (const lang of ['fi', 'sv', 'en'] as const) {
    for (let i = 0; i < COUNTS[lang]; i++) {
      const split = i % 2 === 0 ? 'dev' : 'heldout';
      items.push(compose(lang, `${lang}-${String(i + 1).padStart(3, '0')}`, split, halves(MATERIAL[lang].clauses)[split], rnd));
    }
  }
  const extra = seeded(seed + 1);
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const pool = [...halves(MATERIAL[lang].clauses).dev, ...MATERIAL[lang].devExtra];
    for (let i = 0; i < EXTRA_COUNTS[lang]; i++)
      items.push(compose(lang, `${lang}-x${String(i + 1).padStart(3, '0')}`, 'dev', pool, extra));
  }
  // Near misses for the redaction figures, with a seed of their own: about a third of the comments end with one.
  const decoys = seeded(seed + 2);
  const DECOYS: Record<Lang, string[]> = { fi: FI_DECOYS, sv: SV_DECOYS, en: EN_DECOYS };
  return items.map((item) =>
    decoys() < 0.3 ? { ...item, text: `${item.text.replace(/[\s:)!.]+$/, '')}. ${pick(decoys, DECOYS[item.lang])}.` } : item,
  );
}

/** The set as kept in the repository. */
export function readEvalSet(): EvalItem[] {
  return JSON.parse(readFileSync(EVAL_SET_FILE, 'utf8')) as EvalItem[];
}

/** The file's text for a set: one item a line, so a diff shows which comments changed. */
export function evalSetJson(items: EvalItem[]): string {
  return `[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]\n`;
}

if (process.argv.includes('--write')) {
  writeFileSync(EVAL_SET_FILE, evalSetJson(buildEvalSet()));
  console.error(`wrote ${EVAL_SET_FILE}`);
}
