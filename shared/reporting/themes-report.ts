/**
 * `GET /api/reports/themes`: a node's comments by theme and sentiment over whole closed months, from
 * the month snapshots, suppressed like every other cell (visibility.ts): a theme's row is hidden when
 * it is hidden in any month of the range by the theme's own tree (a small group, its complement
 * within its parent, or a node the NPS tree hides), and everything is hidden when the node is hidden
 * by the NPS tree in any month. The counts are those of the cases: a handler's correction counts.
 */
import type { Lang } from '../platform/index.ts';
import { THEME_IDS, type Sentiment, type Taxonomy, type ThemeId } from '../text/index.ts';
import { sentimentCounts } from './counts.ts';
import { hiddenInAny, type ReportDeps, requireNode, summed, viewsOver } from './report.ts';
import { themeCell, type MonthView } from './visibility.ts';

/** One theme's row: its comments and their sentiments, or only that it is hidden. */
export type ThemeRow =
  | ({ id: ThemeId; label: string; n: number } & Record<Sentiment, number>)
  | { id: ThemeId; label: string; suppressed: true };

/** The body of `GET /api/reports/themes`. */
export interface ThemesReport {
  node: string;
  from: string;
  to: string;
  /** Comments with themes over the range (a comment has one or more themes, so rows add up to more). */
  total: { n: number } | { suppressed: true };
  themes: ThemeRow[];
}

/** Whether `themeId`'s cell (`null`: all labelled comments) of the node is hidden in any month of the views. */
export function themeHiddenInAny(views: readonly MonthView[], nodeId: string, themeId: ThemeId | null): boolean {
  return hiddenInAny(views, nodeId) || views.some((v) => v.themeHidden(themeId).has(nodeId));
}

/** The themes report of a node over whole closed months from…to, labels in `lang`. */
export async function themesReport(
  deps: ReportDeps & { taxonomy: Taxonomy },
  nodeId: string,
  from: string,
  to: string,
  lang: Lang,
): Promise<ThemesReport> {
  requireNode(deps, nodeId);
  const views = await viewsOver(deps, nodeId, from, to);
  const counts = summed(views, nodeId);
  const themes = THEME_IDS.map((id): ThemeRow => {
    const label = deps.taxonomy.labels[id][lang];
    if (themeHiddenInAny(views, nodeId, id)) return { id, label, suppressed: true };
    return { id, label, n: themeCell(counts, id), ...sentimentCounts(counts.themes?.[id]) };
  });
  return {
    node: nodeId,
    from,
    to,
    total: themeHiddenInAny(views, nodeId, null) ? { suppressed: true } : { n: counts.labelled ?? 0 },
    themes,
  };
}
