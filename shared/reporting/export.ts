/**
 * The national monthly export: one row per unit of the region with its NPS figures, counts per
 * statement value and per channel for one month, read from the month snapshots. A unit whose counts
 * are a small group is marked and its counts left blank; complementary suppression runs within each
 * service (the units' parent), so a hidden unit cannot be recovered from the service's total. A unit
 * the reporting API hides for that month (the tree-wide rule over the month's snapshots, e.g. a unit
 * of a service area hidden as a complement) is blanked too, so the export never shows what the API
 * hides and the two cannot be combined.
 */
import type { AppConfig } from '../platform/index.ts';
import { CHANNELS } from '../feedback/index.ts';
import type { AggregateStore } from './aggregate-store.ts';
import { emptyCounts } from './counts.ts';
import { csvDocument, type CsvValue } from './csv.ts';
import { periodDays } from './periods.ts';
import { npsFigures, npsN, statementsInForce } from './report.ts';
import { suppressCells, suppressTree, type CountTree, type SuppressionThresholds } from './suppression.ts';
import { suppressionThresholds } from './settings.ts';

/** What the export reads. */
export interface ExportDeps {
  config: AppConfig;
  store: AggregateStore;
  thresholds?: SuppressionThresholds;
}

const STATEMENT_VALUES = ['1', '2', '3', '4', '5', 'cant_say'] as const;

/** Column names in order: the README documents the same list. */
export function exportColumns(statementIds: readonly string[]): string[] {
  return [
    'region',
    'service_area',
    'service',
    'unit_id',
    'unit_name',
    'month',
    'answers',
    'n',
    'promoters',
    'passives',
    'detractors',
    'nps',
    ...statementIds.flatMap((id) => STATEMENT_VALUES.map((v) => `${id}_${v}`)),
    ...CHANNELS.map((c) => `channel_${c}`),
    'suppressed',
  ];
}

/**
 * The CSV of one month (YYYY-MM) and its file name. A row is hidden when the unit's answers or its
 * answers to the NPS question are a small group (internal threshold), or to protect another hidden
 * unit of the same service.
 */
export async function monthlyExport(deps: ExportDeps, month: string): Promise<{ filename: string; csv: string; rows: number }> {
  const { org } = deps.config;
  const threshold = (deps.thresholds ?? suppressionThresholds(deps.config.org)).internal;
  const units = org.units();
  const nodeIds: string[] = [];
  const collect = (id: string): void => {
    nodeIds.push(id);
    for (const c of org.children(id)) collect(c.id);
  };
  collect(org.regionId);
  const snaps = await deps.store.many(nodeIds, 'month', month);
  const { first, last } = periodDays(month, 'month');
  const statements = statementsInForce(
    deps,
    units.map((u) => u.surveyId),
    first,
    last,
  ).map((s) => s.id);

  // What the reporting API hides for the month, tree-wide by answers to the NPS question.
  const tree = (id: string): CountTree => ({
    id,
    n: npsN((snaps.get(id)?.counts ?? emptyCounts()).nps),
    children: org.children(id).map((c) => tree(c.id)),
  });
  const apiHidden = suppressTree(tree(org.regionId), threshold);

  // Complementary suppression within each service, by both counts a row shows.
  const hidden = new Map<string, boolean>();
  const byService = new Map<string, string[]>();
  for (const u of units) byService.set(u.parentId!, [...(byService.get(u.parentId!) ?? []), u.id]);
  for (const ids of byService.values()) {
    const flags = suppressCells(
      ids.map((id) => {
        const c = snaps.get(id)?.counts ?? emptyCounts();
        return [c.n, npsN(c.nps)];
      }),
      threshold,
    );
    for (const [i, id] of ids.entries()) hidden.set(id, flags[i]! || apiHidden.has(id));
  }

  const rows = units.map((u): CsvValue[] => {
    const c = snaps.get(u.id)?.counts ?? emptyCounts();
    const service = org.node(u.parentId!)!;
    const head: CsvValue[] = [org.regionId, service.parentId!, service.id, u.id, u.name.fi, month];
    const counts: CsvValue[] = [
      c.n,
      ...(() => {
        const f = npsFigures(c.nps);
        return [f.n, f.promoters, f.passives, f.detractors, f.nps];
      })(),
      ...statements.flatMap((id) => c.statements[id] ?? [0, 0, 0, 0, 0, 0]),
      ...CHANNELS.map((ch) => c.channels[ch]?.n ?? 0),
    ];
    return hidden.get(u.id) ? [...head, ...counts.map(() => ''), 1] : [...head, ...counts, 0];
  });
  return { filename: `palaute-${org.regionId}-${month}.csv`, csv: csvDocument(exportColumns(statements), rows), rows: rows.length };
}
