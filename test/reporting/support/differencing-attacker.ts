/**
 * The differencing attacker: given every response one reader can request, each turned into cells
 * whose numbers are known linear functions of unknown counts, it finds what the reader can work out
 * by adding and subtracting published numbers — across requests, nodes, ranges and breakdowns — with
 * exact linear algebra (row-space.ts). It knows nothing of how the reports suppress; it only reads
 * what they show.
 */
import { RowSpace, type SparseVec } from './row-space.ts';

/** One number of a cell: the linear function of the atoms it is, its true value, and what was shown. */
export interface Quantity {
  name: string;
  vec: SparseVec;
  /** The function's value on the world's atoms. */
  value: number;
  /** The number the response showed, when it showed one. */
  shown?: number;
}

/** A cell of a response (a period, a node, a group, a statement row, an export row): shown or hidden. */
export interface Cell {
  label: string;
  hidden: boolean;
  /** The numbers it shows, or would show. */
  quantities: Quantity[];
  /** The counts that make it a small group when one of them is 1 … threshold−1. */
  measures: Quantity[];
}

/** Who may read a response. */
export type Audience = 'staff' | 'public';

/** One response, turned into cells. */
export interface Publication {
  request: string;
  audience: Audience;
  /** The threshold the response was suppressed with. */
  threshold: number;
  cells: Cell[];
}

/** A reader: what they can read, and whose hidden cells must stay hidden from them. */
export interface Attacker {
  name: string;
  reads: readonly Audience[];
  /** The hidden cells of these responses are what the reader must not learn. */
  protects: Audience;
  threshold: number;
}

/** A figure of the world that any response could be about (a node, a range, a group): its measures. */
export interface UniverseCell {
  label: string;
  measures: Quantity[];
}

/** A parent figure that is exactly the sum of its parts (measure by measure). */
export interface Relation {
  label: string;
  parent: number;
  parts: number[];
}

/** Something the reader can work out that they should not. */
export interface Finding {
  kind: 'derivable' | 'shown-small' | 'small-derivable' | 'small-sum';
  /** Whether it exposes a small group (1 … threshold−1): the leaks the rule forbids outright. */
  small: boolean;
  text: string;
  /** For `derivable`: the response whose hidden cell follows. */
  request?: string;
  /** The vector derived, for `explain`. */
  vec?: SparseVec;
}

const keys = new WeakMap<SparseVec, string>();

/** A vector's key: equal vectors, equal keys (kept per vector object, which is never changed once made). */
export function vecKey(v: SparseVec): string {
  let key = keys.get(v);
  if (key === undefined) {
    const entries = [...v.entries()];
    // Vectors are mostly built in coordinate order; sort only those that are not.
    if (entries.some(([k], i) => i > 0 && k < entries[i - 1]![0])) entries.sort((a, b) => a[0] - b[0]);
    key = entries.map(([k, x]) => (x === 1 ? `${k}` : `${k}*${x}`)).join(',');
    keys.set(v, key);
  }
  return key;
}

const isSmall = (n: number, t: number) => n >= 1 && n < t;

/** A published number the reader knows, with where it was shown. */
interface Known {
  vec: SparseVec;
  value: number;
  where: string;
}

/** The row space of everything a reader can read, with each distinct shown vector's first sighting. */
export class Knowledge {
  readonly space = new RowSpace();
  readonly rows: Known[] = [];
  private readonly memo = new Map<string, boolean>();

  constructor(pubs: readonly Publication[], reads: readonly Audience[]) {
    const seen = new Map<string, Known>();
    const mismatches: string[] = [];
    for (const p of pubs) {
      if (!reads.includes(p.audience)) continue;
      for (const c of p.cells) {
        if (c.hidden) continue;
        for (const q of c.quantities) {
          // The model of what a response means must be right, or the attack proves nothing.
          if (q.shown !== q.value) mismatches.push(`${p.request} › ${c.label} › ${q.name}: shown ${q.shown}, the model says ${q.value}`);
          if (q.vec.size === 0) continue;
          const key = vecKey(q.vec);
          if (!seen.has(key)) seen.set(key, { vec: q.vec, value: q.value, where: `${p.request} › ${c.label} › ${q.name}` });
        }
      }
    }
    if (mismatches.length) throw new Error(`the test's model of the responses is wrong:\n${mismatches.slice(0, 10).join('\n')}`);
    // Small supports first: the unit-month figures become pivots and the big sums reduce onto them.
    this.rows = [...seen.values()].sort((a, b) => a.vec.size - b.vec.size);
    for (const r of this.rows) this.space.add(r.vec);
  }

  /** Whether the reader can work out this linear function of the atoms. */
  derives(vec: SparseVec): boolean {
    if (vec.size === 0) return true;
    const key = vecKey(vec);
    let r = this.memo.get(key);
    if (r === undefined) {
      r = this.space.contains(vec);
      this.memo.set(key, r);
    }
    return r;
  }

  /**
   * The fewest published numbers found that give `vec`, as "d × target = Σ w × shown (value)" lines:
   * the combination from the elimination, then every number dropped that is not needed.
   */
  explain(vec: SparseVec): string {
    const tracked = new RowSpace({ track: true });
    for (const r of this.rows) tracked.add(r.vec);
    const full = tracked.explain(vec);
    if (!full) return '(not derivable)';
    let used = [...full.weights.keys()].map((i) => this.rows[i]!);
    for (const r of [...used]) {
      const without = used.filter((u) => u !== r);
      const s = new RowSpace();
      for (const u of without) s.add(u.vec);
      if (s.contains(vec)) used = without;
    }
    const small = new RowSpace({ track: true });
    for (const u of used) small.add(u.vec);
    const e = small.explain(vec)!;
    // One line per cell and weight: "+ 1 × request › cell › promoters + passives (= 3 + 4)".
    const lines = new Map<string, { names: string[]; values: number[] }>();
    for (const [i, w] of e.weights) {
      const r = used[i]!;
      const cut = r.where.lastIndexOf(' › ');
      const head = `${w > 0 ? '+' : '−'} ${Math.abs(w)} × ${r.where.slice(0, cut)}`;
      const line = lines.get(head) ?? { names: [], values: [] };
      line.names.push(r.where.slice(cut + 3));
      line.values.push(r.value);
      lines.set(head, line);
    }
    return [
      `${e.denominator} × it =`,
      // Added terms first, then subtracted ones, each in the order the elimination met them.
      ...[...lines]
        .sort(([a], [b]) => Number(a.startsWith('−')) - Number(b.startsWith('−')))
        .map(([head, l]) => `  ${head} › ${l.names.join(' + ')} (= ${l.values.join(' + ')})`),
    ].join('\n');
  }
}

/** Sum of the values of quantities. */
const total = (qs: readonly Quantity[]) => qs.reduce((s, q) => s + q.value, 0);

/**
 * Everything `attacker` can work out that the rule forbids, over all of `pubs`:
 * - `shown-small`: a shown cell that is itself a small group;
 * - `derivable`: a number of a hidden cell (of the responses the attacker must not see through) that
 *   follows from the shown numbers (`small` when the cell is a small group);
 * - `small-derivable`: any figure of the universe that follows and is a small group;
 * - `small-sum`: a derivable parent whose parts the reader cannot work out hold together a small group.
 */
export function attack(
  pubs: readonly Publication[],
  attacker: Attacker,
  universe: readonly UniverseCell[] = [],
  relations: readonly Relation[] = [],
): { findings: Finding[]; knowledge: Knowledge } {
  const k = new Knowledge(pubs, attacker.reads);
  const t = attacker.threshold;
  const findings: Finding[] = [];
  for (const p of pubs) {
    if (!attacker.reads.includes(p.audience)) continue;
    for (const c of p.cells) {
      if (c.hidden) continue;
      const m = c.measures.find((q) => isSmall(q.value, p.threshold));
      if (m) findings.push({ kind: 'shown-small', small: true, text: `${p.request} › ${c.label} is shown with ${m.name} = ${m.value}` });
    }
  }
  for (const p of pubs) {
    if (p.audience !== attacker.protects) continue;
    for (const c of p.cells) {
      if (!c.hidden) continue;
      // A cell of 1 … t−1 answers is what the rule protects: any of its small non-zero numbers found
      // singles those answers out. A bigger cell hidden only as a complement exposes nothing by itself
      // (it would have been shown had its sibling been bigger); what it protects is checked below.
      const smallCell = c.measures.some((q) => isSmall(q.value, t));
      for (const q of new Set([...c.quantities, ...c.measures])) {
        if (q.vec.size === 0 || !k.derives(q.vec)) continue;
        findings.push({
          kind: 'derivable',
          small: smallCell && isSmall(q.value, t),
          request: p.request,
          text: `${p.request} › ${c.label} › ${q.name} = ${q.value} is hidden (${c.measures.map((m) => `${m.name} ${m.value}`).join(', ')}) but follows from what ${attacker.name} sees`,
          vec: q.vec,
        });
      }
    }
  }
  const derivable = universe.map((u) => u.measures.map((q) => q.vec.size > 0 && k.derives(q.vec)));
  for (const [i, u] of universe.entries()) {
    for (const [j, q] of u.measures.entries()) {
      if (derivable[i]![j] && isSmall(q.value, t)) {
        findings.push({ kind: 'small-derivable', small: true, text: `${u.label} › ${q.name} = ${q.value} follows`, vec: q.vec });
      }
    }
  }
  for (const r of relations) {
    const parent = universe[r.parent]!;
    for (const [j, q] of parent.measures.entries()) {
      if (!derivable[r.parent]![j]) continue;
      const unknown = r.parts.filter((i) => !derivable[i]![j]);
      const sum = total(unknown.map((i) => universe[i]!.measures[j]!));
      if (unknown.length > 1 && isSmall(sum, t)) {
        const vec: SparseVec = new Map();
        for (const i of unknown) for (const [a, v] of universe[i]!.measures[j]!.vec) vec.set(a, (vec.get(a) ?? 0) + v);
        findings.push({
          vec,
          kind: 'small-sum',
          small: true,
          text: `${r.label}: ${parent.label} › ${q.name} follows, and so does the sum of the parts the reader cannot work out, ${unknown.map((i) => universe[i]!.label).join(' + ')} = ${sum}`,
        });
      }
    }
  }
  return { findings, knowledge: k };
}
