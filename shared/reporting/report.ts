/**
 * The reporting use cases: NPS series and totals, statements, children and breakdowns of one org
 * node over whole closed months from…to, read from the month snapshots (never from the answers) and
 * suppressed by docs/domain.md#computations. The maths is in nps.ts and statements.ts; what a month
 * shows is decided in visibility.ts, once per month for every report; here only counts are summed.
 *
 * A figure over several months is shown only when its cell is shown in every one of them (then it is
 * their sum, which the month series shows anyway); breakdown groups are sums of the units' shown
 * group cells. So no two responses, however they overlap, can be subtracted to reveal a hidden cell.
 */
import {
  allExtraStatements,
  type AppConfig,
  extraStatementsFor,
  type OrgNode,
  type LocalizedText,
  NotFoundError,
} from '../platform/index.ts';
import { nps, npsN, type NpsCounts } from './nps.ts';
import { statementStats } from './statements.ts';
import { CHANNELS, VISIT_MODES } from '../feedback/index.ts';
import type { AggregateStore } from './aggregate-store.ts';
import { sumCounts, type GroupCounts, type GroupKey, type StatementTally } from './counts.ts';
import { periodsBetween } from './periods.ts';
import type { Breakdown, SeriesGranularity } from './api-contract.ts';
import { isSmall, type SuppressionThresholds } from './suppression.ts';
import { suppressionThresholds } from './settings.ts';
import { monthViews, skeleton, type MonthView } from './visibility.ts';

export { npsN };

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
/** Visit modes as counted (`unspecified`: not given). */
export const VISIT_MODE_GROUPS = [...VISIT_MODES, 'unspecified'] as const;

/** Each breakdown's counts and the groups it always lists, in order. */
const BREAKDOWN_GROUPS: Record<Breakdown, { key: GroupKey; known: readonly string[] }> = {
  channel: { key: 'channels', known: CHANNELS },
  role: { key: 'roles', known: ROLE_GROUPS },
  visitMode: { key: 'visitModes', known: VISIT_MODE_GROUPS },
};

/** The figures of docs/domain.md#computations from bucket counts. */
export function npsFigures(c: NpsCounts): NpsFigures {
  const r = nps({ promoters: c.promoters, passives: c.passives, detractors: c.detractors });
  return { n: r.n, promoters: r.promoters, passives: r.passives, detractors: r.detractors, nps: r.nps, ci95: r.ci95 };
}

/** A cell: figures, or `suppressed` when `hide` (or, if not given, when n is a small group). */
export function npsCell(period: string, c: NpsCounts, threshold: number, hide = isSmall(npsN(c), threshold)): NpsCell {
  return hide ? { period, suppressed: true } : { period, ...npsFigures(c) };
}

/** The suppression thresholds a report applies: the deps' own (tests), else the region config's. */
export function thresholds(deps: ReportDeps): SuppressionThresholds {
  return deps.thresholds ?? suppressionThresholds(deps.config.org);
}

/** The node, or NotFoundError naming `query.node`. */
export function requireNode(deps: Pick<ReportDeps, 'config'>, nodeId: string): OrgNode {
  const n = deps.config.org.node(nodeId);
  if (!n) throw new NotFoundError('No such organisation node.', [{ path: 'query.node', message: `unknown node "${nodeId}"` }]);
  return n;
}

/** The month views of whole months from…to around `nodeId` (with its whole subtree for a breakdown). */
export async function viewsOver(deps: ReportDeps, nodeId: string, from: string, to: string, subtree = false): Promise<MonthView[]> {
  return monthViews(deps.store, skeleton(deps.config, nodeId, subtree), periodsBetween(from, to, 'month'), thresholds(deps).internal);
}

/** Whether a node is hidden in any month of the views: then every figure over them hides it. */
export const hiddenInAny = (views: readonly MonthView[], id: string) => views.some((v) => v.hidden.has(id));

/** A node's counts summed over the views' months. */
export const summed = (views: readonly MonthView[], id: string) => sumCounts(views.map((v) => v.counts(id)));

/**
 * `GET /api/reports/nps`: the monthly series and the total over from…to (whole closed months). A
 * month's cell is hidden when the node is hidden tree-wide in that month; the total when it is
 * hidden in any of them.
 */
export async function npsReport(deps: ReportDeps, nodeId: string, from: string, to: string, granularity: SeriesGranularity = 'month') {
  requireNode(deps, nodeId);
  const t = thresholds(deps).internal;
  const views = await viewsOver(deps, nodeId, from, to);
  return {
    node: nodeId,
    granularity,
    from,
    to,
    series: views.map((v) => npsCell(v.month, v.counts(nodeId).nps, t, v.hidden.has(nodeId))),
    total: npsCell(`${from}..${to}`, summed(views, nodeId).nps, t, hiddenInAny(views, nodeId)),
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
 * Every statement the config knows, in report order: each survey's (in catalog order, versions
 * oldest first), then the nodes' own. Rows answered outside a node's default surveys — a variant
 * chosen with `?survey=`, the children's form — take their text and place from here, so a survey's
 * statements stay together and apart from another survey's (their ids differ by config rule).
 */
function configStatements(config: AppConfig): Map<string, LocalizedText> {
  const out = new Map<string, LocalizedText>();
  for (const sid of config.surveys.ids())
    for (const v of config.surveys.survey(sid)!.versions)
      for (const q of v.questions) if (q.type === 'statement' && !out.has(q.id)) out.set(q.id, q.text);
  for (const x of allExtraStatements(config.org)) if (!out.has(x.id)) out.set(x.id, x.text);
  return out;
}

/**
 * `GET /api/reports/statements`: per statement the counts of 1–5 and "can't say", n (answers 1–5),
 * share agreeing and mean over from…to. A row is hidden when it is hidden in any month of the range
 * by the statement's own tree (a small group, its complement, or a node the NPS tree hides), and every
 * row when the node is hidden by the NPS tree in any month of the range.
 */
export async function statementsReport(deps: ReportDeps, nodeId: string, from: string, to: string) {
  requireNode(deps, nodeId);
  const views = await viewsOver(deps, nodeId, from, to);
  const counts = summed(views, nodeId);
  const units = unitsUnder(deps, nodeId);
  const known: { id: string; text: LocalizedText | null }[] = statementsInForce(
    deps,
    units.map((u) => u.surveyId),
    from,
    to,
  );
  // Rows beyond the units' surveys are those answered: the units' own statements first, as on their
  // forms, then statements answered through a variant in the config's order, then any no longer in
  // the config (a survey retired) by id. An own statement nobody answered yet has no row, which keeps
  // a node's rows to what its answers hold (the monthly export lists the national statements only).
  const own = units.flatMap((u) => extraStatementsFor(deps.config.org, u.id, u.surveyId).map((x) => x.id));
  const everywhere = configStatements(deps.config);
  const order = [...new Set([...own, ...everywhere.keys()])];
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  for (const id of Object.keys(counts.statements)
    .filter((id) => !known.some((k) => k.id === id))
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1)))
    known.push({ id, text: everywhere.get(id) ?? null });
  const ids = known.map((k) => k.id);
  const statements: StatementRow[] = ids.map((id) => {
    const text = known.find((k) => k.id === id)?.text ?? null;
    // A node the NPS tree hides has every row hidden, zeros too (its statement tree leaves zeros shown,
    // as they protect nothing there): shown, they would tell which statements its few respondents skipped.
    if (views.some((v) => v.hidden.has(nodeId) || v.statementHidden(id).has(nodeId))) return { id, text, suppressed: true };
    const tally: StatementTally = counts.statements[id] ?? [0, 0, 0, 0, 0, 0];
    const s = statementStats({ values: [tally[0], tally[1], tally[2], tally[3], tally[4]], cantSay: tally[5] });
    return { id, text, values: s.values, cantSay: s.cantSay, n: s.n, shareAgreeing: s.shareAgreeing, mean: s.mean };
  });
  return { node: nodeId, from, to, statements };
}

/**
 * `GET /api/reports/children`: the node's total and each child's over from…to, each hidden when it
 * is hidden tree-wide in any month of the range (complementary suppression within the node, and a
 * hidden node's children never all shown).
 */
export async function childrenReport(deps: ReportDeps, nodeId: string, from: string, to: string) {
  requireNode(deps, nodeId);
  const t = thresholds(deps).internal;
  const kids = deps.config.org.children(nodeId);
  const views = await viewsOver(deps, nodeId, from, to);
  const period = `${from}..${to}`;
  const cell = (id: string) => npsCell(period, summed(views, id).nps, t, hiddenInAny(views, id));
  return {
    node: nodeId,
    from,
    to,
    total: cell(nodeId),
    children: kids.map((k) => ({ node: k.id, kind: k.kind, name: k.name, ...cell(k.id) })),
  };
}

const NO_GROUP: GroupCounts = { n: 0, promoters: 0, passives: 0, detractors: 0 };

/**
 * `GET /api/reports/breakdown`: the node's total and each channel's or role's over from…to. A group's
 * figures are the sum of the group's shown cells of the node's units, month by month (a unit's group
 * is hidden when small, as the complement of a small one, or when the unit is hidden), so a parent's
 * breakdown is never more than its units' shown cells added up. `hiddenN` counts the node's answers to
 * the NPS question in no shown cell; a group with answers but none shown is `suppressed`. Everything is
 * hidden when the node is hidden in any month of the range.
 */
export async function breakdownReport(deps: ReportDeps, nodeId: string, from: string, to: string, by: Breakdown) {
  requireNode(deps, nodeId);
  const t = thresholds(deps).internal;
  const views = await viewsOver(deps, nodeId, from, to, true);
  const { key, known } = BREAKDOWN_GROUPS[by];
  const total = summed(views, nodeId);
  const nodeHidden = hiddenInAny(views, nodeId);
  const shown = new Map<string, GroupCounts>();
  for (const v of views)
    for (const u of unitsUnder(deps, nodeId)) {
      const hidden = v.groupsHidden(u.id, key);
      for (const [g, c] of Object.entries(v.counts(u.id)[key] ?? {})) {
        if (hidden.has(g)) continue;
        const into = shown.get(g) ?? { ...NO_GROUP };
        into.n += c.n;
        into.promoters += c.promoters;
        into.passives += c.passives;
        into.detractors += c.detractors;
        shown.set(g, into);
      }
    }
  const keys = [
    ...known,
    ...Object.keys(total[key] ?? {})
      .filter((k) => !known.includes(k))
      .sort(),
  ];
  const period = `${from}..${to}`;
  const groups = keys.map((g) => {
    const s = shown.get(g) ?? NO_GROUP;
    const hide = nodeHidden || (npsN(s) === 0 && npsN(total[key]?.[g] ?? NO_GROUP) > 0);
    return { group: g, ...npsCell(period, s, t, hide) };
  });
  const inGroups = [...shown.values()].reduce((sum, g) => sum + npsN(g), 0);
  return {
    node: nodeId,
    from,
    to,
    by,
    total: npsCell(period, total.nps, t, nodeHidden),
    hiddenN: nodeHidden ? null : npsN(total.nps) - inGroups,
    groups,
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
