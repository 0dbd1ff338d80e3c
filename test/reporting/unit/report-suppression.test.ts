/**
 * Small-number suppression (docs/domain.md#computations): cells of 1 … threshold−1 hidden, zero shown; complementary
 * suppression within one parent, checked exhaustively over every small vector of children and as
 * a fast-check property that nothing hidden can be recovered from the parent's total.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  isSmall,
  suppressCells,
  suppressChildren,
  suppressTree,
  SUPPRESSION_DEFAULTS,
  type CountTree,
} from '#shared/reporting/suppression.ts';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** Every vector of `length` values in 0…max. */
function* vectors(length: number, max: number): Generator<number[]> {
  if (length === 0) {
    yield [];
    return;
  }
  for (const rest of vectors(length - 1, max)) for (let v = 0; v <= max; v++) yield [...rest, v];
}

describe('thresholds', () => {
  it('defaults to 5 internally and 10 in public, as docs/domain.md#computations says', () => {
    expect(SUPPRESSION_DEFAULTS).toEqual({ internal: 5, public: 10 });
  });
  it('treats 1…4 as small and 0 and 5 as not, so zero is shown as zero', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => isSmall(n, 5))).toEqual([false, true, true, true, true, false, false]);
  });
});

describe('suppressChildren by example', () => {
  it.each([
    ['nothing small: nothing hidden', [7, 12, 30], [false, false, false]],
    ['zeros are never hidden', [0, 0, 9], [false, false, false]],
    ['one small child takes the next smallest non-zero one with it', [3, 40, 9, 0], [true, false, true, false]],
    ['the next smallest skips zeros', [0, 2, 0, 6, 7], [false, true, false, true, false]],
    ['a tie goes to the earlier child', [1, 8, 8], [true, true, false]],
    ['two small children that together reach the threshold are enough', [2, 3, 50], [true, true, false]],
    ['two small children that together stay small take the next one too (1 + 1 would be recoverable)', [1, 1, 100], [true, true, true]],
    ['a lone non-zero child stays hidden (its parent is the same small group, hidden too)', [0, 3, 0], [false, true, false]],
    ['several small children may need several more', [1, 1, 1, 5, 6], [true, true, true, true, false]],
    ['no children, nothing to hide', [], []],
  ])('%s', (_why, children, expected) => {
    expect(suppressChildren(children, 5)).toEqual(expected);
  });

  it('uses the given threshold, so public pages can hide more', () => {
    expect(suppressChildren([9, 12, 30], 10)).toEqual([true, true, false]);
    expect(suppressChildren([9, 12, 30], 5)).toEqual([false, false, false]);
  });

  it('refuses negative or fractional counts and a bad threshold rather than hiding the wrong cells', () => {
    expect(() => suppressChildren([1, -1], 5)).toThrow(RangeError);
    expect(() => suppressChildren([1.5], 5)).toThrow(RangeError);
    expect(() => suppressChildren([1], 0)).toThrow(RangeError);
  });
});

describe('suppressChildren exhaustively (every vector of 1–4 children with 0…12 answers, thresholds 3, 5, 10)', () => {
  for (const t of [3, 5, 10]) {
    it(`keeps every rule at threshold ${t}, so no combination slips through`, () => {
      const failures: string[] = [];
      let checked = 0;
      for (let len = 1; len <= 4; len++) {
        for (const v of vectors(len, 12)) {
          const check = (ok: boolean, rule: string) => ok || failures.length > 20 || failures.push(`${JSON.stringify(v)}: ${rule}`);
          const hidden = suppressChildren(v, t);
          const primary = v.map((n) => isSmall(n, t));
          const hiddenSum = sum(v.filter((_, i) => hidden[i]));
          const parentVisible = !isSmall(sum(v), t);
          // Small cells hidden; zeros never.
          v.forEach((n, i) => {
            if (primary[i]) check(hidden[i] === true, `small child ${i} shown`);
            if (n === 0) check(hidden[i] === false, `zero child ${i} hidden`);
          });
          // The literal rule (docs/domain.md#suppression): exactly one small child → the next smallest non-zero child is hidden too.
          if (primary.filter(Boolean).length === 1) {
            const others = v.map((n, i) => ({ n, i })).filter(({ n, i }) => !primary[i] && n > 0);
            if (others.length) {
              const next = others.reduce((a, b) => (b.n < a.n ? b : a));
              check(hidden[next.i] === true, `next smallest child ${next.i} shown`);
            }
          }
          // Nothing recoverable: with the parent visible, the hidden children are none, or several holding ≥ t.
          if (parentVisible) {
            check(hidden.filter(Boolean).length !== 1, 'one child hidden under a visible parent');
            check(!isSmall(hiddenSum, t), `hidden children hold ${hiddenSum} < ${t}`);
          }
          // Minimal: the extra cells are the smallest non-zero ones, and only as many as needed.
          const extra = v.map((n, i) => ({ n, i })).filter(({ i }) => hidden[i] && !primary[i]);
          const visibleNonZero = v.filter((n, i) => !hidden[i] && n > 0);
          for (const e of extra) for (const w of visibleNonZero) check(e.n <= w, `extra ${e.n} hidden while smaller ${w} shown`);
          if (extra.length) {
            const largest = extra.reduce((a, b) => (b.n > a.n || (b.n === a.n && b.i > a.i) ? b : a));
            check(isSmall(hiddenSum - largest.n, t), 'more extra cells hidden than needed');
          } else if (primary.some(Boolean)) {
            check(!isSmall(hiddenSum, t) || visibleNonZero.length === 0, 'too few cells hidden');
          }
          checked++;
        }
      }
      expect(failures).toEqual([]);
      expect(checked).toBe(13 + 13 ** 2 + 13 ** 3 + 13 ** 4);
    });
  }
});

describe('suppressCells with several counts per cell', () => {
  it('hides a cell when any of its counts is small, e.g. 12 answers of which 3 to the NPS question', () => {
    expect(
      suppressCells(
        [
          [12, 3],
          [40, 40],
          [30, 28],
        ],
        5,
      ),
    ).toEqual([true, false, true]);
  });
  it('keeps hiding until every count of the hidden cells together reaches the threshold', () => {
    // Hidden [12,3] + [9,2] hold 5 NPS answers together: enough.
    expect(
      suppressCells(
        [
          [12, 3],
          [9, 2],
          [40, 40],
        ],
        5,
      ),
    ).toEqual([true, true, false]);
    // Hidden [12,1] + [9,2] hold only 3: one more.
    expect(
      suppressCells(
        [
          [12, 1],
          [9, 2],
          [40, 40],
          [50, 50],
        ],
        5,
      ),
    ).toEqual([true, true, true, false]);
  });
  it('refuses cells of different widths', () => {
    expect(() => suppressCells([[1, 2], [3]], 5)).toThrow(RangeError);
  });
});

describe('property: nothing hidden can be derived by subtraction', () => {
  it('for any children and threshold, the visible parent minus the visible children is 0 or at least the threshold, never one child', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 60 }), { maxLength: 12 }), fc.integer({ min: 2, max: 15 }), (children, t) => {
        const hidden = suppressChildren(children, t);
        const parent = sum(children);
        if (isSmall(parent, t)) return; // the parent itself is hidden: nothing to subtract from
        const visibleSum = sum(children.filter((_, i) => !hidden[i]));
        const derived = parent - visibleSum;
        expect(isSmall(derived, t)).toBe(false);
        expect(hidden.filter(Boolean).length).not.toBe(1);
        for (const [i, n] of children.entries()) if (isSmall(n, t)) expect(hidden[i]).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('holds for every count of multi-count cells (answers and NPS answers) too', () => {
    const cell = fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 40 })).map(([a, b]) => [a + b, b]);
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 10 }), fc.integer({ min: 2, max: 12 }), (cells, t) => {
        const hidden = suppressCells(cells, t);
        const parents = [0, 1].map((k) => sum(cells.map((c) => c[k]!)));
        if (parents.some((p) => isSmall(p, t))) return; // the parent row itself is hidden
        for (const k of [0, 1]) {
          const parent = parents[k]!;
          const derived = parent - sum(cells.filter((_, i) => !hidden[i]).map((c) => c[k]!));
          expect(isSmall(derived, t)).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

/** A tree whose inner counts are the sums of its leaves, as the org tree's roll-ups are. */
function tree(id: string, children: (CountTree | number)[]): CountTree {
  const kids = children.map((c, i) => (typeof c === 'number' ? { id: `${id}.${i}`, n: c, children: [] } : c));
  return { id, n: sum(kids.map((k) => k.n)), children: kids };
}

/**
 * What a reader of the whole published tree can work out: starting from the visible counts, any
 * parent-equals-sum-of-children relation with one unknown member gives that member, repeatedly.
 * Returns the hidden ids so derived, and every sum of several unknowns a visible parent reveals.
 */
function attack(root: CountTree, hidden: Set<string>): { derived: string[]; sums: number[] } {
  const nodes: CountTree[] = [];
  const collect = (n: CountTree): void => {
    nodes.push(n);
    for (const c of n.children) collect(c);
  };
  collect(root);
  const known = new Set(nodes.filter((n) => !hidden.has(n.id)).map((n) => n.id));
  let changed = true;
  while (changed) {
    changed = false;
    for (const p of nodes.filter((n) => n.children.length)) {
      const unknown = [p, ...p.children].filter((m) => !known.has(m.id));
      if (unknown.length === 1) {
        known.add(unknown[0]!.id);
        changed = true;
      }
    }
  }
  const sums = nodes
    .filter((p) => p.children.length && known.has(p.id))
    .map((p) => sum(p.children.filter((c) => !known.has(c.id)).map((c) => c.n)))
    .filter((x) => x > 0);
  return { derived: [...hidden].filter((id) => known.has(id)), sums };
}

describe('suppressTree (a whole tree on one page)', () => {
  it('hides a unit of a service area hidden only to protect its sibling, so the area is not the sum of its units', () => {
    // Social services (6) is small; ageing services (10 + 15) is hidden as its complement. Were both
    // of its units visible, 25 would follow, and with it the small area from the region's total.
    const t = tree('region', [tree('health', [30, 40]), tree('social', [6, 0]), tree('ageing', [10, 15])]);
    const hidden = suppressTree(t, 10);
    expect([...hidden].sort()).toEqual(['ageing', 'ageing.0', 'social', 'social.0']);
    expect(attack(t, hidden).derived).toEqual([]);
  });
  it('shows everything when nothing is small', () => {
    expect(suppressTree(tree('r', [tree('a', [10, 20]), tree('b', [0, 30])]), 10).size).toBe(0);
  });
  it('hides a small root and everything non-zero under it', () => {
    expect([...suppressTree(tree('r', [tree('a', [3, 0]), tree('b', [4])]), 10)].sort()).toEqual(['a', 'a.0', 'b', 'b.0', 'r']);
  });

  it('property: a reader of the whole tree derives no hidden count and no small sum of hidden counts', () => {
    const leaf = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 60 }));
    const area = fc.array(leaf, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(area, { minLength: 1, maxLength: 6 }), fc.integer({ min: 2, max: 12 }), (areas, t) => {
        const root = tree(
          'r',
          areas.map((units, i) => tree(`a${i}`, units)),
        );
        const hidden = suppressTree(root, t);
        const { derived, sums } = attack(root, hidden);
        expect(derived).toEqual([]);
        for (const s of sums) expect(isSmall(s, t)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});
