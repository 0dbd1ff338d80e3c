/**
 * The reporting use cases: NPS series and totals, statements, children and breakdowns of one org
 * node over Helsinki days from…to, read from the snapshots (never from the answers) and suppressed
 * by docs/domain.md#computations. The maths is in nps.ts and statements.ts; here only counts are summed and cells hidden.
 *
 * Periods at the edges: a week or month series lists every whole period that overlaps from…to, read
 * from that period's snapshot, so its first and last points may include days outside the range (a
 * chart of weeks shows whole weeks). The `total` is always exact over from…to: whole months inside
 * the range come from month snapshots and the days around them from day snapshots.
 *
 * Suppression is tree-wide, not per endpoint: whether a node is shown over a span (the range, or one
 * period of a series) is decided by `suppressTree` from the region root down, over that span's
 * counts. A node hidden in its parent's view — a small group, or the complement protecting a small
 * sibling — is then hidden on every endpoint for that span (its total, series cell, statements,
 * breakdowns), and enough of its own children are hidden that they do not sum back to it. Only the
 * nodes that decide it are read: the root, the children of every node from the root down to the
 * node asked about, and that node's children.
 */
import { type AppConfig, type OrgNode, type LocalizedText, NotFoundError, addDays } from '../platform/index.ts';
import { nps, type NpsCounts } from './nps.ts';
import { statementStats } from './statements.ts';
import { CHANNELS } from '../feedback/index.ts';
import type { AggregateStore } from './aggregate-store.ts';
import { emptyCounts, sumCounts, type Counts, type GroupCounts, type StatementTally } from './counts.ts';
import { periodDays, periodOf, periodsBetween } from './periods.ts';
import type { Breakdown, SeriesGranularity } from './api-contract.ts';
import { isSmall, suppressChildren, suppressTree, type CountTree, type SuppressionThresholds } from './suppression.ts';
import { suppressionThresholds } from './settings.ts';

/** What the reports read. */
export interface ReportDeps {
  config: AppConfig;
  store: AggregateStore;
  thresholds?: SuppressionThresholds;
}

/** NPS figures of one cell (a period, a node, a group). */
export interface NpsFigures {
  /** Answers to the NPS question: promoters + passives + detractors. */
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** NPS rounded to an integer; null when n is 0. */
  nps: number | null;
  /** 95 % interval in NPS points; null when n is 0. */
  ci95: [number, number] | null;
}

/** A cell of a report: its figures, or only that it is hidden. */
export type NpsCell = ({ period: string } & NpsFigures) | { period: string; suppressed: true };

/** Respondent roles as counted (`unspecified`: the question was not answered). */
export const ROLE_GROUPS = ['client', 'relative', 'unspecified'] as const;

/** Answers to the NPS question in a set of counts. */
export function npsN(c: NpsCounts): number {
  return c.promoters + c.passives + c.detractors;
}

/** The figures of docs/domain.md#computations from bucket counts. */
export function npsFigures(c: NpsCounts): NpsFigures {
  const r = nps({ promoters: c.promoters, passives: c.passives, detractors: c.detractors });
  return { n: r.n, promoters: r.promoters, passives: r.passives, detractors: r.detractors, nps: r.nps, ci95: r.ci95 };
}

/** A cell: figures, or `suppressed` when `hide` (or, if not given, when n is a small group). */
export function npsCell(period: string, c: NpsCounts, threshold: number, hide = isSmall(npsN(c), threshold)): NpsCell {
  return hide ? { period, suppressed: true } : { period, ...npsFigures(c) };
}

function thresholds(deps: ReportDeps): SuppressionThresholds {
  return deps.thresholds ?? suppressionThresholds(deps.config.org);
}

/** The node, or NotFoundError naming `query.node`. */
export function requireNode(deps: Pick<ReportDeps, 'config'>, nodeId: string): OrgNode {
  const n = deps.config.org.node(nodeId);
  if (!n) throw new NotFoundError('No such organisation node.', [{ path: 'query.node', message: `unknown node "${nodeId}"` }]);
  return n;
}

/**
 * The counts of a node over the Helsinki days from…to: whole months from month snapshots, the days
 * before and after them from day snapshots; at most three queries whatever the range's length.
 */
export async function countsOver(store: AggregateStore, nodeId: string, from: string, to: string): Promise<Counts> {
  const firstMonth = from.endsWith('-01') ? from.slice(0, 7) : periodOf(addDays(periodDays(from.slice(0, 7), 'month').last, 1), 'month');
  const lastMonth =
    periodDays(to.slice(0, 7), 'month').last === to ? to.slice(0, 7) : periodOf(addDays(`${to.slice(0, 7)}-01`, -1), 'month');
  if (firstMonth > lastMonth) return sumCounts((await store.range(nodeId, 'day', from, to)).map((s) => s.counts));
  const headEnd = addDays(`${firstMonth}-01`, -1);
  const tailStart = addDays(periodDays(lastMonth, 'month').last, 1);
  const parts = await Promise.all([
    store.range(nodeId, 'month', firstMonth, lastMonth),
    from <= headEnd ? store.range(nodeId, 'day', from, headEnd) : [],
    tailStart <= to ? store.range(nodeId, 'day', tailStart, to) : [],
  ]);
  return sumCounts(parts.flat().map((s) => s.counts));
}

/** A node of the part of the org tree that decides a node's visibility (see `visibilityTree`). */
interface Skeleton {
  id: string;
  children: Skeleton[];
}

/**
 * The part of the org tree whose counts decide the tree-wide visibility of `nodeId` and of its
 * children: the region root, the children of every node on the path from the root to `nodeId`, and
 * `nodeId`'s children. `suppressTree` decides a node's children from the node's own visibility and
 * the children's counts only, so on this pruned tree it decides the path and the children exactly as
 * on the whole tree; the nodes off the path are left without children and never asked about.
 */
function visibilityTree(deps: Pick<ReportDeps, 'config'>, nodeId: string): { root: Skeleton; ids: string[] } {
  const { org } = deps.config;
  const path = new Set([nodeId, ...org.ancestors(nodeId).map((n) => n.id)]);
  const ids: string[] = [];
  const build = (id: string): Skeleton => {
    ids.push(id);
    return { id, children: path.has(id) ? org.children(id).map((c) => build(c.id)) : [] };
  };
  return { root: build(org.regionId), ids };
}

/** The nodes hidden tree-wide over one span, given each decider's counts over it. */
function hiddenOver(root: Skeleton, countsOf: (id: string) => Counts, threshold: number): Set<string> {
  const tree = (s: Skeleton): CountTree => ({ id: s.id, n: npsN(countsOf(s.id).nps), children: s.children.map(tree) });
  return suppressTree(tree(root), threshold);
}

/**
 * The counts of a node over from…to and the nodes hidden tree-wide over that range (docs/domain.md#suppression with the
 * internal threshold), read for every node that decides the visibility of `nodeId` and its children.
 */
export async function rangeVisibility(
  deps: ReportDeps,
  nodeId: string,
  from: string,
  to: string,
): Promise<{ counts: Map<string, Counts>; hidden: Set<string> }> {
  const { root, ids } = visibilityTree(deps, nodeId);
  const counts = new Map(await Promise.all(ids.map(async (id) => [id, await countsOver(deps.store, id, from, to)] as const)));
  return { counts, hidden: hiddenOver(root, (id) => counts.get(id)!, thresholds(deps).internal) };
}

/**
 * `GET /api/reports/nps`: the series by day, week or month and the exact total over from…to. Each
 * cell is hidden when the node is hidden tree-wide over that period (the total: over from…to).
 */
export async function npsReport(deps: ReportDeps, nodeId: string, from: string, to: string, granularity: SeriesGranularity) {
  requireNode(deps, nodeId);
  const t = thresholds(deps).internal;
  const periods = periodsBetween(from, to, granularity);
  const { root, ids } = visibilityTree(deps, nodeId);
  const seriesIsExact =
    granularity === 'day' ||
    (granularity === 'month' &&
      periodDays(periods[0]!, 'month').first === from &&
      periodDays(periods[periods.length - 1]!, 'month').last === to);
  const perNode = new Map(
    await Promise.all(
      ids.map(async (id) => {
        const snaps = await deps.store.range(id, granularity, periods[0]!, periods[periods.length - 1]!);
        const byPeriod = new Map(snaps.map((s) => [s.period, s.counts]));
        const series = periods.map((p) => byPeriod.get(p) ?? emptyCounts());
        const total = seriesIsExact ? sumCounts(series) : await countsOver(deps.store, id, from, to);
        return [id, { series, total }] as const;
      }),
    ),
  );
  const mine = perNode.get(nodeId)!;
  const hiddenTotal = hiddenOver(root, (id) => perNode.get(id)!.total, t);
  return {
    node: nodeId,
    granularity,
    from,
    to,
    series: periods.map((p, i) => npsCell(p, mine.series[i]!.nps, t, hiddenOver(root, (id) => perNode.get(id)!.series[i]!, t).has(nodeId))),
    total: npsCell(`${from}..${to}`, mine.total.nps, t, hiddenTotal.has(nodeId)),
  };
}

/** One statement's row: counts, share agreeing and mean, or hidden. */
export type StatementRow =
  | {
      id: string;
      text: LocalizedText | null;
      values: [number, number, number, number, number];
      cantSay: number;
      n: number;
      shareAgreeing: number | null;
      mean: number | null;
    }
  | { id: string; text: LocalizedText | null; suppressed: true };

/** Every unit at or below a node. */
export function unitsUnder(deps: Pick<ReportDeps, 'config'>, nodeId: string): OrgNode[] {
  const { org } = deps.config;
  const node = org.node(nodeId);
  if (!node) return [];
  if (node.kind === 'unit') return [node];
  return org.children(nodeId).flatMap((c) => unitsUnder(deps, c.id));
}

/**
 * The statements asked at a node's units during from…to, in survey order: the statements of every
 * survey version in force on some day of the range, for the surveys of the node's units.
 */
export function statementsInForce(
  deps: Pick<ReportDeps, 'config'>,
  surveyIds: readonly string[],
  from: string,
  to: string,
): { id: string; text: LocalizedText }[] {
  const out = new Map<string, LocalizedText>();
  for (const sid of new Set(surveyIds)) {
    const survey = deps.config.surveys.survey(sid);
    if (!survey) continue;
    const atStart = deps.config.surveys.current(sid, from);
    for (const v of survey.versions) {
      if (v !== atStart && !(v.publishedOn > from && v.publishedOn <= to)) continue;
      for (const q of v.questions) if (q.type === 'statement' && !out.has(q.id)) out.set(q.id, q.text);
    }
  }
  return [...out].map(([id, text]) => ({ id, text }));
}

/**
 * `GET /api/reports/statements`: per statement the counts of 1–5 and "can't say", n (answers 1–5),
 * share agreeing and mean; hidden when n, or n with "can't say", is a small group, and every row hidden
 * when the node is hidden tree-wide over from…to.
 */
export async function statementsReport(deps: ReportDeps, nodeId: string, from: string, to: string) {
  requireNode(deps, nodeId);
  const t = thresholds(deps).internal;
  const { counts: all, hidden } = await rangeVisibility(deps, nodeId, from, to);
  const counts = all.get(nodeId)!;
  const known = statementsInForce(
    deps,
    unitsUnder(deps, nodeId).map((u) => u.surveyId),
    from,
    to,
  );
  // Statements answered but no longer in the config (a survey retired) are still reported.
  const ids = [
    ...known.map((k) => k.id),
    ...Object.keys(counts.statements)
      .filter((id) => !known.some((k) => k.id === id))
      .sort(),
  ];
  const statements: StatementRow[] = ids.map((id) => {
    const text = known.find((k) => k.id === id)?.text ?? null;
    const tally: StatementTally = counts.statements[id] ?? [0, 0, 0, 0, 0, 0];
    const s = statementStats({ values: [tally[0], tally[1], tally[2], tally[3], tally[4]], cantSay: tally[5] });
    if (hidden.has(nodeId) || isSmall(s.n, t) || isSmall(s.n + s.cantSay, t)) return { id, text, suppressed: true };
    return { id, text, values: s.values, cantSay: s.cantSay, n: s.n, shareAgreeing: s.shareAgreeing, mean: s.mean };
  });
  return { node: nodeId, from, to, statements };
}

/**
 * `GET /api/reports/children`: the node's total and each child's, hidden as the tree-wide rule decides
 * over from…to — complementary suppression within the node, and a hidden node's children never all
 * shown.
 */
export async function childrenReport(deps: ReportDeps, nodeId: string, from: string, to: string) {
  requireNode(deps, nodeId);
  const t = thresholds(deps).internal;
  const kids = deps.config.org.children(nodeId);
  const { counts, hidden } = await rangeVisibility(deps, nodeId, from, to);
  const period = `${from}..${to}`;
  return {
    node: nodeId,
    from,
    to,
    total: npsCell(period, counts.get(nodeId)!.nps, t, hidden.has(nodeId)),
    children: kids.map((k) => ({ node: k.id, kind: k.kind, name: k.name, ...npsCell(period, counts.get(k.id)!.nps, t, hidden.has(k.id)) })),
  };
}

/**
 * `GET /api/reports/breakdown`: the node's total and each channel's or role's, suppressed as children;
 * everything hidden when the node is hidden tree-wide over from…to.
 */
export async function breakdownReport(deps: ReportDeps, nodeId: string, from: string, to: string, by: Breakdown) {
  requireNode(deps, nodeId);
  const t = thresholds(deps).internal;
  const { counts: all, hidden: treeHidden } = await rangeVisibility(deps, nodeId, from, to);
  const counts = all.get(nodeId)!;
  const nodeHidden = treeHidden.has(nodeId);
  const source: Record<string, GroupCounts> = by === 'channel' ? counts.channels : counts.roles;
  const known: readonly string[] = by === 'channel' ? CHANNELS : ROLE_GROUPS;
  const keys = [
    ...known,
    ...Object.keys(source)
      .filter((k) => !known.includes(k))
      .sort(),
  ];
  const groups = keys.map((k) => source[k] ?? { n: 0, promoters: 0, passives: 0, detractors: 0 });
  const period = `${from}..${to}`;
  const hidden = nodeHidden ? groups.map(() => true) : suppressChildren(groups.map(npsN), t);
  return {
    node: nodeId,
    from,
    to,
    by,
    total: npsCell(period, counts.nps, t, nodeHidden),
    groups: keys.map((k, i) => ({ group: k, ...npsCell(period, groups[i]!, t, hidden[i]) })),
  };
}

/** The body of `GET /api/reports/nps`, as the handler sends it and the dashboard's script reads it. */
export type NpsReport = Awaited<ReturnType<typeof npsReport>>;
/** The body of `GET /api/reports/statements`. */
export type StatementsReport = Awaited<ReturnType<typeof statementsReport>>;
/** The body of `GET /api/reports/children`. */
export type ChildrenReport = Awaited<ReturnType<typeof childrenReport>>;
/** The body of `GET /api/reports/breakdown`. */
export type BreakdownReport = Awaited<ReturnType<typeof breakdownReport>>;
