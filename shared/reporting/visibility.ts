/**
 * What a closed month shows, decided once per month and shared by every report, the export and the
 * public page, so that no two of them can be subtracted from each other (issue 8, "nothing suppressed
 * is derivable across time").
 *
 * The design: **a calendar month is the smallest period anything is reported on, and a month is
 * reported only once it has closed.** Inside a month, suppression is tree-wide (`suppressTree` from
 * the region root down, by answers to the NPS question); every statement has its own tree, started
 * from the nodes the NPS tree hides; a unit's channels and roles are suppressed as children of the
 * unit. Anything longer than a month is built from month cells only: a node's total over several
 * months is shown only when the node is shown in every one of them, and then it is their sum, which
 * anyone could add up from the month series. Breakdown groups of a node above the units are sums of
 * its units' shown group cells. Every figure published is therefore a sum of shown month cells, and
 * a hidden month cell is protected by the month's own (tested) tree suppression; differencing two
 * ranges, a series against its total or a parent's breakdown against its children's yields nothing
 * new. Days and weeks are not reported: they cannot nest in months (a week straddles two), a unit's
 * day holds 0–4 answers nearly always (docs: a mid-size unit gets about one answer a day), and a
 * month still open would be differenced against itself the next morning.
 */
import type { AppConfig } from '../platform/index.ts';
import type { AggregateStore } from './aggregate-store.ts';
import { emptyCounts, type Counts, type GroupCounts, type GroupKey, type StatementTally } from './counts.ts';
import { npsN } from './nps.ts';
import { suppressCells, suppressCellTree, type CellTree } from './suppression.ts';

/** A node of the part of the org tree a report reads (see `skeleton`). */
export interface Skeleton {
  id: string;
  children: Skeleton[];
}

/**
 * The part of the org tree whose counts decide what `nodeId` and its surroundings show: the region
 * root, the children of every node on the path from the root to `nodeId`, `nodeId`'s children and,
 * with `subtree`, everything below `nodeId` (a breakdown sums its units). `suppressCellTree` decides a
 * node's children from the node's own visibility and the children's counts only, so on this pruned
 * tree it decides the path, the children and the subtree exactly as on the whole tree.
 */
export function skeleton(config: Pick<AppConfig, 'org'>, nodeId: string, subtree = false): { root: Skeleton; ids: string[] } {
  const { org } = config;
  const path = new Set([nodeId, ...org.ancestors(nodeId).map((n) => n.id)]);
  const ids: string[] = [];
  const build = (id: string, below: boolean): Skeleton => {
    ids.push(id);
    const inside = below || (subtree && id === nodeId);
    return { id, children: path.has(id) || inside ? org.children(id).map((c) => build(c.id, inside)) : [] };
  };
  return { root: build(org.regionId, false), ids };
}

/** One closed month as a report sees it: the counts of the nodes read, and what is hidden. */
export interface MonthView {
  month: string;
  /** The node's counts in the month (zero counts for a node without a snapshot). */
  counts(id: string): Counts;
  /** Nodes hidden tree-wide by their answers to the NPS question (internal threshold). */
  hidden: ReadonlySet<string>;
  /** Nodes whose row of this statement is hidden: the statement's own tree, from `hidden` on. */
  statementHidden(statementId: string): ReadonlySet<string>;
  /**
   * Nodes whose count of this theme's comments is hidden (`themeId`), or of all labelled comments
   * (`null`): the theme's own tree by its comments, from `hidden` on, like a statement's.
   */
  themeHidden(themeId: string | null): ReadonlySet<string>;
  /**
   * A unit's groups (channels or roles) hidden in the month: all of them when the unit is hidden,
   * else the small ones and their complements within the unit.
   */
  groupsHidden(unitId: string, by: GroupKey): ReadonlySet<string>;
}

/** The cell sizes a statement's row is hidden by: answers 1–5 with "can't say", and answers 1–5. */
export function statementCell(t: StatementTally | undefined): [number, number] {
  if (!t) return [0, 0];
  const n = t[0] + t[1] + t[2] + t[3] + t[4];
  return [n + t[5], n];
}

/** The comments of one theme in a node's counts (all labelled comments for `null`). */
export function themeCell(c: Counts, themeId: string | null): number {
  if (themeId === null) return c.labelled ?? 0;
  const t = c.themes?.[themeId];
  return t ? t[0] + t[1] + t[2] + t[3] : 0;
}

/** The month view over a skeleton, from the month's counts of its nodes. */
export function monthView(month: string, root: Skeleton, counts: ReadonlyMap<string, Counts>, threshold: number): MonthView {
  const countsOf = (id: string) => counts.get(id) ?? emptyCounts();
  const cells = (s: Skeleton, size: (c: Counts) => readonly number[]): CellTree => ({
    id: s.id,
    counts: size(countsOf(s.id)),
    children: s.children.map((c) => cells(c, size)),
  });
  const hidden = suppressCellTree(
    cells(root, (c) => [npsN(c.nps)]),
    threshold,
  );
  const byStatement = new Map<string, Set<string>>();
  const byTheme = new Map<string | null, Set<string>>();
  const byUnit = new Map<string, Set<string>>();
  return {
    month,
    counts: countsOf,
    hidden,
    statementHidden(statementId) {
      let h = byStatement.get(statementId);
      if (!h) {
        h = suppressCellTree(
          cells(root, (c) => statementCell(c.statements[statementId])),
          threshold,
          hidden,
        );
        byStatement.set(statementId, h);
      }
      return h;
    },
    themeHidden(themeId) {
      let h = byTheme.get(themeId);
      if (!h) {
        h = suppressCellTree(
          cells(root, (c) => [themeCell(c, themeId)]),
          threshold,
          hidden,
        );
        byTheme.set(themeId, h);
      }
      return h;
    },
    groupsHidden(unitId, by) {
      const key = `${by}:${unitId}`;
      let h = byUnit.get(key);
      if (!h) {
        const groups: [string, GroupCounts][] = Object.entries(countsOf(unitId)[by] ?? {});
        const all = hidden.has(unitId);
        const flags = all
          ? groups.map(() => true)
          : suppressCells(
              groups.map(([, g]) => [npsN(g)]),
              threshold,
            );
        h = new Set(groups.filter(([, g], i) => flags[i] && npsN(g) > 0).map(([k]) => k));
        byUnit.set(key, h);
      }
      return h;
    },
  };
}

/** Month views of a skeleton's nodes for each month, read with one batch per month. */
export async function monthViews(
  store: AggregateStore,
  sk: { root: Skeleton; ids: string[] },
  months: readonly string[],
  threshold: number,
): Promise<MonthView[]> {
  return Promise.all(
    months.map(async (m) => {
      const snaps = await store.many(sk.ids, 'month', m);
      return monthView(m, sk.root, new Map([...snaps].map(([id, s]) => [id, s.counts])), threshold);
    }),
  );
}
