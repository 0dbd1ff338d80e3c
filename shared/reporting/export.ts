/**
 * The national monthly export: one row per unit of the region with its NPS figures, counts per
 * statement value and per channel for one month, read from the month snapshots. A unit whose counts
 * are a small group is marked and its counts left blank; complementary suppression runs within each
 * service (the units' parent), so a hidden unit cannot be recovered from the service's total. A unit
 * the reporting API hides for that month (the tree-wide rule over the month's snapshots, e.g. a unit
 * of a service area hidden as a complement) is blanked too, so the export never shows what the API
 * hides and the two cannot be combined. Within a shown row, a statement's columns are blank where the
 * API hides that statement's row, and a channel's where its answers are a small group (or the
 * complement of one) within the unit.
 */
import type { AppConfig } from '../platform/index.ts';
import { CHANNELS } from '../feedback/index.ts';
import type { AggregateStore } from './aggregate-store.ts';
import { csvDocument, type CsvValue } from './csv.ts';
import { periodDays } from './periods.ts';
import { npsFigures, npsN, statementsInForce } from './report.ts';
import { suppressCells, type SuppressionThresholds } from './suppression.ts';
import { monthView, skeleton } from './visibility.ts';
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

  // What the reporting API shows of the month (visibility.ts): the export never shows more.
  const view = monthView(
    month,
    skeleton(deps.config, org.regionId, true).root,
    new Map([...snaps].map(([id, s]) => [id, s.counts])),
    threshold,
  );

  // Complementary suppression within each service by both counts a row shows, from the API's hidden units.
  const hidden = new Map<string, boolean>();
  const byService = new Map<string, string[]>();
  for (const u of units) byService.set(u.parentId!, [...(byService.get(u.parentId!) ?? []), u.id]);
  for (const ids of byService.values()) {
    const flags = suppressCells(
      ids.map((id) => {
        const c = view.counts(id);
        return [c.n, npsN(c.nps)];
      }),
      threshold,
      ids.map((id) => view.hidden.has(id)),
    );
    for (const [i, id] of ids.entries()) hidden.set(id, flags[i]!);
  }

  const rows = units.map((u): CsvValue[] => {
    const c = view.counts(u.id);
    const service = org.node(u.parentId!)!;
    const head: CsvValue[] = [org.regionId, service.parentId!, service.id, u.id, u.name.fi, month];
    if (hidden.get(u.id))
      return [
        ...head,
        ...exportColumns(statements)
          .slice(head.length, -1)
          .map(() => ''),
        1,
      ];
    const f = npsFigures(c.nps);
    // A statement's columns are blank where the API hides its row; channels (answers in each) are
    // suppressed as children of the unit's answers, starting from the channel cells the API hides.
    const hiddenStatements = statements.map((id) => view.statementHidden(id).has(u.id));
    const apiChannels = view.groupsHidden(u.id, 'channels');
    const channelFlags = suppressCells(
      CHANNELS.map((ch) => [c.channels[ch]?.n ?? 0]),
      threshold,
      CHANNELS.map((ch) => apiChannels.has(ch)),
    );
    return [
      ...head,
      c.n,
      f.n,
      f.promoters,
      f.passives,
      f.detractors,
      f.nps,
      ...statements.flatMap((id, i): CsvValue[] =>
        hiddenStatements[i] ? STATEMENT_VALUES.map(() => '') : (c.statements[id] ?? [0, 0, 0, 0, 0, 0]),
      ),
      ...CHANNELS.map((ch, i) => (channelFlags[i] ? '' : (c.channels[ch]?.n ?? 0))),
      0,
    ];
  });
  return { filename: `palaute-${org.regionId}-${month}.csv`, csv: csvDocument(exportColumns(statements), rows), rows: rows.length };
}
