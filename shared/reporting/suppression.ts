/**
 * Small-number suppression (docs/domain.md#suppression). A cell with 1 … threshold−1 answers is hidden; zero is shown as
 * zero. Complementary suppression: within one parent, hidden children must not be recoverable by
 * subtracting the visible children from the parent's total, so when exactly one child is hidden the
 * next smallest non-zero child is hidden too.
 *
 * This module applies the rule in the slightly stronger form that also covers its purpose when
 * several children are hidden: the children hidden within one parent must together hold at least
 * `threshold` answers. With children 1, 1 and 100 the rule's literal form (docs/domain.md#suppression) hides the two ones, yet the
 * parent minus the visible 100 leaves 2 answers in two hidden cells of at least one answer each — so
 * each is exactly 1, and the parent's promoter count minus the visible one tells how both answered.
 * Whenever exactly one child is hidden its total is below the threshold, so the stronger form always
 * does what the literal rule asks as well.
 */

/** Thresholds: a cell with fewer answers (but at least one) is suppressed. */
export interface SuppressionThresholds {
  /** Internal reports, the export and breakdowns for staff (docs/domain.md#suppression default 5). */
  internal: number;
  /** Public pages (docs/domain.md#suppression default 10). */
  public: number;
}

/**
 * The defaults of docs/domain.md#suppression, used where `config/region.json` sets no `region.reporting.suppression`
 * (the deployment's values: `suppressionThresholds` in settings.ts).
 */
export const SUPPRESSION_DEFAULTS: Readonly<SuppressionThresholds> = Object.freeze({ internal: 5, public: 10 });

/** Whether a count is a small group: 1 … threshold−1 (zero is not: it is shown as zero). */
export function isSmall(n: number, threshold: number): boolean {
  return n >= 1 && n < threshold;
}

/**
 * Which children of one parent to hide, for children measured by one count each (e.g. answers to
 * the NPS question). Returns a flag per child, in the input order.
 */
export function suppressChildren(counts: readonly number[], threshold: number): boolean[] {
  return suppressCells(
    counts.map((n) => [n]),
    threshold,
  );
}

/**
 * Which cells of one parent to hide, for cells with several counts that are shown together (e.g. a
 * unit's answers and its answers to the NPS question): a cell is hidden when any of its counts is a
 * small group; then, while the hidden cells together hold a small group by any count, the next
 * smallest non-zero visible cell (by the first count, the earlier one on a tie) is hidden too.
 * Every cell must have the same number of counts, at least one. `forced` flags cells hidden for a
 * reason decided elsewhere (e.g. a node hidden by its NPS answers, for a statement's tree); they
 * count as hidden from the start.
 */
export function suppressCells(cells: readonly (readonly number[])[], threshold: number, forced?: readonly boolean[]): boolean[] {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`threshold must be a positive integer, got ${threshold}`);
  const width = cells[0]?.length ?? 0;
  for (const c of cells) {
    if (c.length !== width || width === 0) throw new RangeError('every cell needs the same, non-zero number of counts');
    for (const v of c) if (!Number.isInteger(v) || v < 0) throw new RangeError(`counts must be non-negative integers, got ${v}`);
  }
  const hidden = cells.map((c, i) => forced?.[i] === true || c.some((v) => isSmall(v, threshold)));
  const hiddenSumIsSmall = () => {
    for (let k = 0; k < width; k++) {
      let sum = 0;
      for (const [i, c] of cells.entries()) if (hidden[i]) sum += c[k]!;
      if (isSmall(sum, threshold)) return true;
    }
    return false;
  };
  const hideNext = () => {
    let next = -1;
    cells.forEach((c, i) => {
      if (!hidden[i] && c.some((v) => v > 0) && (next < 0 || c[0]! < cells[next]![0]!)) next = i;
    });
    if (next >= 0) hidden[next] = true;
    return next >= 0;
  };
  // When nothing is left to hide, every non-zero child is hidden, so the parent's own total is the
  // hidden sum, a small group, and the parent is itself suppressed wherever it is shown.
  while (hidden.some(Boolean) && hiddenSumIsSmall() && hideNext());
  return hidden;
}

/** A node of a published tree: its count and its children as they are shown under it. */
export interface CountTree {
  id: string;
  n: number;
  children: CountTree[];
}

/** A node of a published tree whose cells show several counts (see `suppressCells`). */
export interface CellTree {
  id: string;
  counts: readonly number[];
  children: CellTree[];
}

/**
 * Suppression for a whole tree shown at once (the public page: region, service areas, units). Top
 * down: the root by its own count; the children of each node by `suppressChildren`; and a hidden
 * node with non-zero children always gets at least one hidden child, because a hidden total whose
 * children are all visible is their sum — with it, its hidden sibling would follow from the parent.
 * Returns the ids of the hidden nodes.
 */
export function suppressTree(root: CountTree, threshold: number): Set<string> {
  const cells = (t: CountTree): CellTree => ({ id: t.id, counts: [t.n], children: t.children.map(cells) });
  return suppressCellTree(cells(root), threshold);
}

/**
 * `suppressTree` for cells of several counts, with nodes `forced` hidden from the start (a statement's
 * tree starts from the nodes the NPS tree hides, so the two never disagree in a way a reader could
 * subtract). Zero is never hidden: a node whose counts are all zero stays shown.
 */
export function suppressCellTree(root: CellTree, threshold: number, forced: ReadonlySet<string> = new Set()): Set<string> {
  const hidden = new Set<string>();
  const nonZero = (c: CellTree) => c.counts.some((v) => v > 0);
  if ((forced.has(root.id) && nonZero(root)) || root.counts.some((v) => isSmall(v, threshold))) hidden.add(root.id);
  const walk = (node: CellTree) => {
    if (!node.children.length) return;
    const flags = suppressCells(
      node.children.map((c) => c.counts),
      threshold,
      node.children.map((c) => forced.has(c.id) && nonZero(c)),
    );
    if (hidden.has(node.id)) {
      // A hidden node's children must not add back up to it in any of its counts: while the hidden
      // children hold less of some count than both the threshold and the node itself, hide the
      // smallest visible child holding that count. (Counting one number only, this is "hide the
      // smallest non-zero child when none is hidden"; with several, a child hidden by one count may
      // hold none of another, which would then follow from the visible children.)
      for (;;) {
        const k = node.counts.findIndex((total, j) => {
          let sum = 0;
          for (const [i, c] of node.children.entries()) if (flags[i]) sum += c.counts[j]!;
          return sum < Math.min(threshold, total);
        });
        if (k < 0) break;
        let next = -1;
        for (const [i, c] of node.children.entries())
          if (!flags[i] && c.counts[k]! > 0 && (next < 0 || c.counts[k]! < node.children[next]!.counts[k]!)) next = i;
        if (next < 0) break;
        flags[next] = true;
      }
    }
    for (const [i, c] of node.children.entries()) if (flags[i]) hidden.add(c.id);
    node.children.forEach(walk);
  };
  walk(root);
  return hidden;
}
