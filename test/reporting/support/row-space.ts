/**
 * Exact linear algebra for the differencing attacker (test/reporting/unit/report-differencing.test.ts):
 * the row space of published figures, each an integer vector over the unknown counts ("atoms"), and
 * whether a hidden figure lies in it, i.e. follows from the published ones by adding and subtracting.
 *
 * Exactness: the rows are kept over the rationals, each scaled to a primitive integer vector (entries
 * divided by their gcd), in reduced echelon form. Every product and difference is checked to be a
 * safe integer and an overflow throws instead of rounding, so an answer is either exact or the test
 * fails loudly; no answer is ever wrong. (Elimination modulo a prime would be faster still, but it is
 * wrong, in both directions, whenever the prime divides a pivot; here the published vectors are 0/1
 * sums over org subtrees, month ranges and channel or role marginals, whose pivots stay tiny, so the
 * exact form costs little.)
 */

/** A sparse integer vector: coordinate → non-zero value. */
export type SparseVec = Map<number, number>;

/** a·x − b·y, exactly, or a RangeError when any step leaves the safe integers. */
function mulSub(a: number, x: number, b: number, y: number): number {
  const p = a * x;
  const q = b * y;
  const r = p - q;
  if (!Number.isSafeInteger(p) || !Number.isSafeInteger(q) || !Number.isSafeInteger(r)) {
    throw new RangeError(`row-space: integer overflow in ${a}·${x} − ${b}·${y}; the elimination cannot stay exact`);
  }
  return r;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * A row being reduced: its vector and, when combinations are tracked, which published rows (by index)
 * it is the sum of with which integer weights; `self` is the weight of the vector asked about.
 */
interface Row {
  vec: SparseVec;
  origin?: SparseVec;
}

/** Divides a row (vector and origin together) by the gcd of all its entries, so entries stay small. */
function primitive(r: Row): void {
  let g = 0;
  for (const v of r.vec.values()) g = gcd(g, v);
  if (r.origin) for (const v of r.origin.values()) g = gcd(g, v);
  if (g > 1) {
    for (const [k, v] of r.vec) r.vec.set(k, v / g);
    if (r.origin) for (const [k, v] of r.origin) r.origin.set(k, v / g);
  }
}

/** into := a·into − b·from, on one map, dropping zeros. */
function combine(into: SparseVec, a: number, b: number, from: SparseVec): void {
  if (a !== 1) for (const [k, v] of into) into.set(k, mulSub(a, v, 0, 0));
  for (const [k, v] of from) {
    const r = mulSub(1, into.get(k) ?? 0, b, v);
    if (r === 0) into.delete(k);
    else into.set(k, r);
  }
}

/** row := a·row − b·other, vector and origin alike. */
function combineRows(row: Row, a: number, b: number, other: Row): void {
  combine(row.vec, a, b, other.vec);
  if (row.origin && other.origin) combine(row.origin, a, b, other.origin);
}

/**
 * The row space of the vectors added so far, in reduced echelon form over the rationals: every basis
 * row has a pivot coordinate where it alone of the basis is non-zero. With `track`, every basis row
 * also knows which added vectors it combines, so `explain` can name them.
 */
export class RowSpace {
  /** Basis rows by pivot coordinate. */
  private readonly basis = new Map<number, Row>();
  private readonly track: boolean;
  /** Vectors added, by index (kept only with `track`). */
  private added = 0;

  constructor(opts: { track?: boolean } = {}) {
    this.track = opts.track ?? false;
  }

  /** Dimension of the space. */
  get rank(): number {
    return this.basis.size;
  }

  /** Eliminates every pivot coordinate from `row` (mutating it). */
  private reduce(row: Row): void {
    // A basis row is zero at every other pivot, so eliminating one pivot never changes another
    // pivot's entry except by the common scale: one pass over the pivots present suffices.
    const pivots = [...row.vec.keys()].filter((k) => this.basis.has(k));
    for (const q of pivots) {
      const x = row.vec.get(q);
      if (x === undefined) continue;
      const b = this.basis.get(q)!;
      const d = b.vec.get(q)!;
      const g = gcd(d, x);
      combineRows(row, d / g, x / g, b);
      // Only a scaled row can have grown a common factor.
      if (d !== g) primitive(row);
    }
  }

  /** Adds a vector; returns whether it was independent of those before (it raised the rank). */
  add(vec: SparseVec): boolean {
    const index = this.added++;
    const row: Row = { vec: new Map(vec), ...(this.track ? { origin: new Map([[index, 1]]) } : {}) };
    this.reduce(row);
    if (row.vec.size === 0) return false;
    // A pivot of value ±1, when there is one, keeps the other rows' entries from growing.
    let q = -1;
    for (const [k, v] of row.vec) if (q < 0 || (Math.abs(v) < Math.abs(row.vec.get(q)!) && Math.abs(v) >= 1)) q = k;
    if (row.vec.get(q)! < 0) combineRows(row, -1, 0, row);
    const d = row.vec.get(q)!;
    for (const b of this.basis.values()) {
      const x = b.vec.get(q);
      if (x === undefined) continue;
      const g = gcd(d, x);
      combineRows(b, d / g, x / g, row);
      if (d !== g) primitive(b);
    }
    this.basis.set(q, row);
    return true;
  }

  /** Whether a vector lies in the space: a linear combination of the added vectors equals it. */
  contains(vec: SparseVec): boolean {
    const row: Row = { vec: new Map(vec) };
    this.reduce(row);
    return row.vec.size === 0;
  }

  /**
   * With `track`: weights w_i and a positive denominator d with d·vec = Σ w_i·(added vector i), or
   * undefined when the vector is not in the space.
   */
  explain(vec: SparseVec): { denominator: number; weights: Map<number, number> } | undefined {
    if (!this.track) throw new Error('RowSpace.explain needs { track: true }');
    // Origin key −1 stands for the vector asked about: the row is always self·vec − Σ (its origin).
    const row: Row = { vec: new Map(vec), origin: new Map([[-1, 1]]) };
    this.reduce(row);
    if (row.vec.size !== 0) return undefined;
    const self = row.origin!.get(-1)!;
    const sign = self > 0 ? 1 : -1;
    const weights = new Map<number, number>();
    for (const [k, v] of row.origin!) if (k !== -1) weights.set(k, -sign * v);
    return { denominator: Math.abs(self), weights };
  }
}
