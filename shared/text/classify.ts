/**
 * The offline comment classifier: themes and sentiment from the (masked) text, its language and the
 * answer's NPS score as a prior. Runs inside the Lambda with no network: the language by function
 * words (language.ts), words by Snowball stems (@orama/stemmers, one module per language, ~14 KB for
 * the three) and the lexicons of lexicon.ts, with negation flipping the next words of a clause.
 */
import { stemmer as stemEn } from '@orama/stemmers/english';
import { stemmer as stemFi } from '@orama/stemmers/finnish';
import { stemmer as stemSv } from '@orama/stemmers/swedish';
import type { Lang } from '../platform/index.ts';
import { detectLanguage } from './language.ts';
import { LEXICONS, type LexiconSource } from './lexicon.ts';
import { type Classification, type Sentiment, THEME_IDS, type ThemeId } from './taxonomy.ts';

/** One comment to classify. `text` must already have its names masked. */
export interface ClassifyInput {
  text: string;
  lang: Lang;
  /** The answer's 0–10 recommendation score, if given. */
  nps?: number;
}

const STEMMERS: Record<Lang, (word: string) => string> = { fi: stemFi, sv: stemSv, en: stemEn };

/** One compiled lexicon entry (see lexicon.ts for the notation). */
interface Entry {
  how: 'prefix' | 'infix' | 'exact' | 'pair';
  a: string;
  b: string;
  weight: number;
}

function compile(spec: string): { entries: Entry[]; excluded: string[] } {
  const entries: Entry[] = [];
  const excluded: string[] = [];
  for (let word of spec.split(/\s+/).filter(Boolean)) {
    if (word.startsWith('-')) {
      excluded.push(word.slice(1));
      continue;
    }
    const weight = word.startsWith('~') ? 0.5 : 1;
    word = word.replace(/^~/, '');
    if (word.includes('_')) {
      const [a, b] = word.split('_');
      entries.push({ how: 'pair', a: a!, b: b!, weight });
    } else if (word.startsWith('*')) entries.push({ how: 'infix', a: word.slice(1), b: '', weight });
    else if (word.endsWith('.')) entries.push({ how: 'exact', a: word.slice(0, -1), b: '', weight });
    else entries.push({ how: 'prefix', a: word, b: '', weight });
  }
  return { entries, excluded };
}

/**
 * The entries of one weight as a few native tests instead of a loop over every entry per word: one
 * anchored alternation for the prefixes (tried on the token and its stem), one for the infixes, a set
 * for the exact words, and the few pairs by hand. A comment meets every lexicon list once per word, so
 * this is most of the classifier's time.
 */
interface Part {
  prefix: RegExp | undefined;
  infix: RegExp | undefined;
  exact: ReadonlySet<string>;
  pairs: { a: string; b: string }[];
}

/** A lexicon list split by weight: a strong hit weighs 1, a weak one (`~`) 0.5. */
interface Matcher {
  strong: Part;
  weak: Part;
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function part(entries: Entry[]): Part {
  const of = (how: Entry['how']) => entries.filter((e) => e.how === how).map((e) => e.a);
  const prefixes = of('prefix');
  const infixes = of('infix');
  return {
    prefix: prefixes.length ? new RegExp(`^(?:${prefixes.map(literal).join('|')})`) : undefined,
    infix: infixes.length ? new RegExp(infixes.map(literal).join('|')) : undefined,
    exact: new Set(of('exact')),
    pairs: entries.filter((e) => e.how === 'pair').map(({ a, b }) => ({ a, b })),
  };
}

function matcher(entries: Entry[]): Matcher {
  return { strong: part(entries.filter((e) => e.weight === 1)), weak: part(entries.filter((e) => e.weight !== 1)) };
}

interface Compiled {
  themes: { id: ThemeId; matcher: Matcher; excluded: string[] }[];
  positive: Matcher;
  negative: Matcher;
  neutral: Matcher;
  negators: ReadonlySet<string>;
  contrast: ReadonlySet<string>;
}

function compileLexicon(src: LexiconSource): Compiled {
  return {
    themes: Object.entries(src.themes).map(([id, spec]) => {
      const { entries, excluded } = compile(spec);
      return { id: id as ThemeId, matcher: matcher(entries), excluded };
    }),
    positive: matcher(compile(src.positive).entries),
    negative: matcher(compile(src.negative).entries),
    neutral: matcher(compile(src.neutral).entries),
    negators: new Set(src.negators.split(' ')),
    contrast: new Set(src.contrast.split(' ')),
  };
}

const COMPILED: Partial<Record<Lang, Compiled>> = {};
const compiled = (lang: Lang) => (COMPILED[lang] ??= compileLexicon(LEXICONS[lang]));

/** A word of the comment: lower case, its stem, the clause it is in. */
interface Word {
  token: string;
  stem: string;
  clause: number;
}

/** Words by clause; placeholders (`[puhelin]`, `[nimi]`) dropped, `n't` spelled out. */
function wordsOf(text: string, lang: Lang): Word[] {
  const stem = STEMMERS[lang];
  const clean = text
    .toLowerCase()
    .replace(/\[[^\]]{1,40}\]/g, ' ')
    .replace(/n[’']t\b/g, ' not');
  const words: Word[] = [];
  let clause = 0;
  for (const m of clean.matchAll(/[\p{L}\p{N}€]+(?:-[\p{L}]+)?|[.!?,;:]+/gu)) {
    if (/^[.!?,;:]/.test(m[0])) clause++;
    else words.push({ token: m[0], stem: stem(m[0]), clause });
  }
  return words;
}

function hits(p: Part, w: Word, next: Word | undefined): boolean {
  if (p.exact.has(w.token)) return true;
  if (p.prefix && (p.prefix.test(w.token) || p.prefix.test(w.stem))) return true;
  if (p.infix?.test(w.token)) return true;
  if (next === undefined || next.clause !== w.clause) return false;
  return p.pairs.some((e) => (w.token.startsWith(e.a) || w.stem.startsWith(e.a)) && next.token.startsWith(e.b));
}

/** The largest weight of the entries a word matches, 0 for none. */
function weightOf(m: Matcher, w: Word, next: Word | undefined): number {
  return hits(m.strong, w, next) ? 1 : hits(m.weak, w, next) ? 0.5 : 0;
}

/** How many times one side must outweigh the other for a comment with both to be one-sided, not `mixed`. */
const DOMINANCE = 4;
/** The NPS prior: how much the score adds to each side before sentiment is decided. */
function prior(nps: number | undefined): { pos: number; neg: number } {
  if (nps === undefined) return { pos: 0, neg: 0 };
  if (nps >= 9) return { pos: 0.5, neg: 0 };
  if (nps <= 3) return { pos: 0, neg: 0.75 };
  if (nps <= 6) return { pos: 0, neg: 0.5 };
  return { pos: 0, neg: 0 };
}

/**
 * Sentiment from the polarity found in the text and the NPS prior: praise and criticism both present
 * (neither four times the other, or joined by "mutta"/"men"/"but") is `mixed`; weak evidence is
 * `neutral` unless the prior tips it; no evidence at all follows the score (≥ 9 positive, ≤ 6 negative).
 */
function decide(pos: number, neg: number, contrast: boolean, nps: number | undefined): Sentiment {
  const p = prior(nps);
  if (pos >= 1 && neg >= 1) {
    const P = pos + p.pos;
    const N = neg + p.neg;
    if (!contrast && P >= DOMINANCE * N) return 'positive';
    if (!contrast && N >= DOMINANCE * P) return 'negative';
    return 'mixed';
  }
  // No words either way: the score alone speaks (a promoter's or a detractor's comment).
  if (pos === 0 && neg === 0) return p.pos > 0 ? 'positive' : p.neg > 0 ? 'negative' : 'neutral';
  const P = pos + p.pos;
  const N = neg + p.neg;
  if (Math.max(P, N) < 0.9 || P === N) return 'neutral';
  return P > N ? 'positive' : 'negative';
}

/** Classifies one comment offline. */
export function classifyComment(input: ClassifyInput): Classification {
  const lang = detectLanguage(input.text, input.lang);
  const lex = compiled(lang);
  const words = wordsOf(input.text, lang);
  const found = new Set<ThemeId>();
  const themeScore = new Map<ThemeId, number>();
  let pos = 0;
  let neg = 0;
  let contrast = false;
  // The open negation: until which word, in which clause, whether it denied a word of the lexicons.
  let negation: { until: number; clause: number; hit: boolean } | undefined;
  const closeNegation = () => {
    // A negation that denied no word of the lexicons is a complaint of its own ("ingen uppföljning",
    // "no service in English", "could not get through", "ei tullut mitään tietoa").
    if (negation && !negation.hit) neg += 1;
    negation = undefined;
  };
  words.forEach((w, i) => {
    const next = words[i + 1];
    for (const t of lex.themes) {
      if (found.has(t.id) || t.excluded.some((x) => w.token.startsWith(x))) continue;
      const weight = weightOf(t.matcher, w, next);
      if (weight === 0) continue;
      const score = (themeScore.get(t.id) ?? 0) + weight;
      themeScore.set(t.id, score);
      if (score >= 1) found.add(t.id);
    }
    if (lex.contrast.has(w.token)) contrast = true;
    if (negation && (i > negation.until || w.clause !== negation.clause)) closeNegation();
    if (lex.negators.has(w.token)) {
      negation = { until: i + 3, clause: w.clause, hit: negation?.hit ?? false };
      return;
    }
    const p = weightOf(lex.positive, w, next);
    const n = weightOf(lex.negative, w, next);
    if (negation && (p > 0 || n > 0 || weightOf(lex.neutral, w, next) > 0)) negation.hit = true;
    // A denied good ("ei toiminut", "en saanut aikaa", "kom aldrig fram") is a full complaint, a denied
    // bad ("ei tarvinnut odottaa", "no queue") full praise, even when the word alone is weak.
    const [plus, minus] = negation ? [n > 0 ? 1 : 0, p > 0 ? 1 : 0] : [p, n];
    pos += plus;
    neg += minus;
  });
  closeNegation();
  const themes = THEME_IDS.filter((id) => found.has(id));
  return { themes: themes.length ? themes : ['other'], sentiment: decide(pos, neg, contrast, input.nps) };
}

/** A classifier behind a port, so an optional remote model (Bedrock) can stand in for the offline one. */
export interface CommentClassifier {
  classify(input: ClassifyInput): Promise<Classification>;
}

/** The offline classifier as a port. */
export const offlineClassifier: CommentClassifier = { classify: async (input) => classifyComment(input) };

export { detectLanguage } from './language.ts';
