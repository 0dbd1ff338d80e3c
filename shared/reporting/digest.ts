/**
 * The monthly digest of a node for managers (`GET /api/reports/digest`, the dashboard): the most
 * mentioned themes of a closed month and how they moved since the month before, the development
 * ideas (negative and mixed comments) by theme, and up to three representative comments per theme,
 * chosen by the code (extractive and deterministic: `representative`) with person names masked.
 *
 * It follows the suppression of every other cell: nothing when the node is hidden in the month, no
 * row (and so no comment) for a theme whose cell is hidden, comments only from units shown that month.
 */
import { addDays, helsinkiInstant, type Lang } from '../platform/index.ts';
import type { FeedbackStore, StoredAnswer } from '../feedback/index.ts';
import type { CaseLabelSource } from '../cases/index.ts';
import { maskNames, THEME_IDS, type Taxonomy, type ThemeId } from '../text/index.ts';
import { withCaseLabels } from './aggregate.ts';
import { sentimentCounts } from './counts.ts';
import { periodDays } from './periods.ts';
import { type ReportDeps, requireNode, summed, unitsUnder, viewsOver } from './report.ts';
import { themeHiddenInAny } from './themes-report.ts';
import { themeCell, type MonthView } from './visibility.ts';

/** Most themes the digest lists as the month's top themes. */
export const TOP_THEMES = 5;
/** Most comments shown per theme. */
export const COMMENTS_PER_THEME = 3;
/** Most characters of a comment shown in the digest (longer ones end in "…"). */
export const MAX_COMMENT_CHARS = 300;

/** What the digest reads: the snapshots (counts), the answers (comments) and the cases' labels. */
export interface DigestDeps extends ReportDeps {
  taxonomy: Taxonomy;
  feedback: Pick<FeedbackStore, 'listUnitAnswers'>;
  labels?: CaseLabelSource | undefined;
}

/** A top theme of the month. */
export interface DigestTheme {
  id: ThemeId;
  label: string;
  /** Comments with this theme in the month. */
  n: number;
  /** In the month before; null when that cell is hidden (then no change is shown either). */
  previous: number | null;
  change: number | null;
  positive: number;
  neutral: number;
  negative: number;
  mixed: number;
  /** Up to three representative comments, names masked. */
  comments: string[];
}

/** The development ideas of one theme: its negative and mixed comments. */
export interface DigestIdeas {
  id: ThemeId;
  label: string;
  /** Negative and mixed comments with this theme. */
  n: number;
  comments: string[];
}

/** The body of `GET /api/reports/digest`. */
export interface DigestReport {
  node: string;
  month: string;
  previousMonth: string;
  total: { n: number } | { suppressed: true };
  topThemes: DigestTheme[];
  developmentIdeas: DigestIdeas[];
}

const WORD = /[\p{L}\p{N}]{3,}/gu;
/** A crude stem: the first five letters, so inflected Finnish and Swedish forms of a word meet. */
const stem = (w: string) => w.toLowerCase().slice(0, 5);

/**
 * Up to `k` representative comments of one group: each scored by how common its stems are in the
 * group (the mean, over its distinct stems, of how many comments share the stem: closest to the
 * group's centroid of shared stems), ties to the shorter and then the alphabetically first. The
 * same comments always give the same choice; identical texts are shown once.
 */
export function representative(texts: readonly string[], k = COMMENTS_PER_THEME): string[] {
  const unique = [...new Set(texts.map((t) => t.trim()).filter(Boolean))];
  const stems = unique.map((t) => new Set((t.match(WORD) ?? []).map(stem)));
  const df = new Map<string, number>();
  for (const s of stems) for (const x of s) df.set(x, (df.get(x) ?? 0) + 1);
  const score = (i: number) => {
    const s = stems[i]!;
    if (!s.size) return 0;
    let sum = 0;
    for (const x of s) sum += df.get(x)!;
    return sum / s.size;
  };
  return unique
    .map((text, i) => ({ text, score: score(i) }))
    .sort((a, b) => b.score - a.score || a.text.length - b.text.length || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .slice(0, k)
    .map(({ text }) => (text.length > MAX_COMMENT_CHARS ? `${text.slice(0, MAX_COMMENT_CHARS - 1).trimEnd()}…` : text));
}

/** The month before `month` (YYYY-MM). */
export function monthBefore(month: string): string {
  return addDays(`${month}-01`, -1).slice(0, 7);
}

/** The commented answers of the node's units shown in the month, labelled as their cases say, names masked. */
async function commentsOf(deps: DigestDeps, nodeId: string, month: string, view: MonthView): Promise<{ a: StoredAnswer; text: string }[]> {
  const { first, last } = periodDays(month, 'month');
  const from = helsinkiInstant(first, '00:00').toISOString();
  const to = helsinkiInstant(addDays(last, 1), '00:00').toISOString();
  const units = unitsUnder(deps, nodeId).filter((u) => !view.hidden.has(u.id));
  const answers = (await Promise.all(units.map((u) => deps.feedback.listUnitAnswers(u.id, from, to)))).flat();
  const labelled = await withCaseLabels(
    deps.labels,
    answers.filter((a) => a.text && a.date >= first && a.date <= last),
  );
  return labelled
    .filter((a) => a.themes?.length && a.sentiment)
    .map((a) => ({ a, text: maskNames({ text: a.text ?? '', names: a.textNames ?? [] }, a.lang) }));
}

/** The digest of a node for one closed month, labels in `lang`. */
export async function digestReport(deps: DigestDeps, nodeId: string, month: string, lang: Lang): Promise<DigestReport> {
  requireNode(deps, nodeId);
  const previousMonth = monthBefore(month);
  const now = await viewsOver(deps, nodeId, `${month}-01`, periodDays(month, 'month').last, true);
  const before = await viewsOver(deps, nodeId, `${previousMonth}-01`, periodDays(previousMonth, 'month').last);
  const empty = { node: nodeId, month, previousMonth, topThemes: [], developmentIdeas: [] };
  if (themeHiddenInAny(now, nodeId, null)) return { ...empty, total: { suppressed: true } };
  const counts = summed(now, nodeId);
  const prior = summed(before, nodeId);
  const shown = THEME_IDS.filter((id) => !themeHiddenInAny(now, nodeId, id) && themeCell(counts, id) > 0);
  const comments = await commentsOf(deps, nodeId, month, now[0]!);
  const of = (id: ThemeId, sentiments?: readonly string[]) =>
    comments.filter(({ a }) => a.themes!.includes(id) && (!sentiments || sentiments.includes(a.sentiment!))).map((c) => c.text);
  const label = (id: ThemeId) => deps.taxonomy.labels[id][lang];
  const byCount = (a: { n: number; id: ThemeId }, b: { n: number; id: ThemeId }) =>
    b.n - a.n || THEME_IDS.indexOf(a.id) - THEME_IDS.indexOf(b.id);
  const topThemes = shown
    .map((id): DigestTheme => {
      const n = themeCell(counts, id);
      const previous = themeHiddenInAny(before, nodeId, id) ? null : themeCell(prior, id);
      return {
        id,
        label: label(id),
        n,
        previous,
        change: previous === null ? null : n - previous,
        ...sentimentCounts(counts.themes?.[id]),
        comments: [],
      };
    })
    .sort(byCount)
    .slice(0, TOP_THEMES)
    .map((t) => ({ ...t, comments: representative(of(t.id)) }));
  const developmentIdeas = shown
    .map((id) => {
      const t = sentimentCounts(counts.themes?.[id]);
      return { id, label: label(id), n: t.negative + t.mixed, comments: [] as string[] };
    })
    .filter((d) => d.n > 0)
    .sort(byCount)
    .map((d) => ({ ...d, comments: representative(of(d.id, ['negative', 'mixed'])) }));
  return { ...empty, total: { n: counts.labelled ?? 0 }, topThemes, developmentIdeas };
}
