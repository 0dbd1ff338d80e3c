/**
 * Nothing suppressed is derivable across requests (issue 8). A fast-check property over random small
 * worlds (test/reporting/support/differencing-world.ts): a region-level user collects every response
 * they can request — every node × every range of whole closed months × the NPS series at every
 * granularity the API offers with its total, the children, the statements, the breakdowns by channel
 * and by role — plus every month's public page and national export; an exact linear-algebra attacker
 * (support/differencing-attacker.ts, support/row-space.ts) works out everything that follows from them
 * by adding and subtracting, and must find no small group. The public is attacked the same way with
 * the public pages alone and the public threshold. The attacker itself is tested first, on hand-made
 * published sets where the answer is known.
 *
 * What the property asserts, in two forms:
 * - no small group follows, anywhere: no number of 1 … threshold−1 of a hidden cell that is itself a
 *   small group, no figure of the world that is a small group, and no derivable parent whose parts
 *   the reader cannot work out hold 1 … threshold−1 together;
 * - no hidden NPS cell of the reports and the public page follows at all (the strict form: its vector
 *   is not in the row space of what the reader sees).
 * The strict form does not hold for statement rows and export cells, and need not: a cell hidden only
 * as the complement of a sibling may follow once that sibling is protected otherwise (a statement row
 * hidden beside a sibling that has no answers to that statement; an export row hidden to protect a
 * sibling's small count of answers, whose NPS figures the API shows), and such a cell holds at least
 * the threshold: it would have been shown had its sibling been bigger.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suppressionThresholds } from '#shared/reporting/settings.ts';
import { suppressTree } from '#shared/reporting/suppression.ts';
import {
  attack,
  type Attacker,
  type Cell,
  type Finding,
  type Knowledge,
  type Publication,
  type UniverseCell,
} from '../support/differencing-attacker.ts';
import { publications, SHAPES, universe, worldArbitrary, worldConfig, type World } from '../support/differencing-world.ts';
import { RowSpace, type SparseVec } from '../support/row-space.ts';

/** A count over some atoms: its vector and its value in a hand-made world. */
function count(name: string, atoms: readonly number[], values: readonly number[], shown: boolean) {
  const value = atoms.reduce((s, a) => s + values[a]!, 0);
  return { name, vec: new Map(atoms.map((a) => [a, 1])) as SparseVec, value, ...(shown ? { shown: value } : {}) };
}

/** A cell showing or hiding one count, measured by it. */
function cell(label: string, atoms: readonly number[], values: readonly number[], hidden: boolean): Cell {
  const q = count('n', atoms, values, !hidden);
  return { label, hidden, quantities: [q], measures: [q] };
}

const staff = (request: string, cells: Cell[]): Publication => ({ request, audience: 'staff', threshold: 5, cells });
const reader: Attacker = { name: 'the reader', reads: ['staff'], protects: 'staff', threshold: 5 };

describe('the attacker itself, on hand-made published sets', () => {
  it('decides membership in the row space exactly, fractions included', () => {
    const s = new RowSpace({ track: true });
    s.add(
      new Map([
        [0, 1],
        [1, 1],
      ]),
    ); // x0 + x1
    s.add(
      new Map([
        [0, 1],
        [1, -1],
      ]),
    ); // x0 − x1
    expect(s.rank).toBe(2);
    expect(s.contains(new Map([[0, 1]]))).toBe(true);
    // 2·x0 = (x0 + x1) + (x0 − x1)
    expect(s.explain(new Map([[0, 1]]))).toEqual({
      denominator: 2,
      weights: new Map([
        [0, 1],
        [1, 1],
      ]),
    });
    expect(s.contains(new Map([[2, 1]]))).toBe(false);
    expect(s.add(new Map([[1, 3]]))).toBe(false);
  });

  it('finds 40 − 39 = 1: the total of 1–31 March minus the shown total of 2–31 March leaves the hidden 1 March', () => {
    // Atom 0: the answers of 1 March (1); atom 1: those of 2–31 March (39).
    const v = [1, 39];
    const { findings, knowledge } = attack(
      [
        staff('npsReport(unit, 2026-03-01..2026-03-31)', [cell('total', [0, 1], v, false)]),
        staff('npsReport(unit, 2026-03-02..2026-03-31)', [cell('total', [1], v, false)]),
        staff('npsReport(unit, 2026-03-01..2026-03-01)', [cell('total', [0], v, true)]),
      ],
      reader,
    );
    expect(findings.map((f) => [f.kind, f.small])).toEqual([['derivable', true]]);
    expect(findings[0]!.text).toBe(
      'npsReport(unit, 2026-03-01..2026-03-01) › total › n = 1 is hidden (n 1) but follows from what the reader sees',
    );
    expect(knowledge.explain(findings[0]!.vec!)).toBe(
      [
        '1 × it =',
        '  + 1 × npsReport(unit, 2026-03-01..2026-03-31) › total › n (= 40)',
        '  − 1 × npsReport(unit, 2026-03-02..2026-03-31) › total › n (= 39)',
      ].join('\n'),
    );
  });

  it('finds a group of a unit from its parent’s breakdown minus the other units’ breakdowns', () => {
    // Atoms: unit a on the web (3) and by SMS (9), unit b on the web (9) and by SMS (11).
    const v = [3, 9, 9, 11];
    const { findings, knowledge } = attack(
      [
        staff('breakdownReport(service, channel)', [cell('groups[web]', [0, 2], v, false), cell('groups[sms]', [1, 3], v, false)]),
        staff('breakdownReport(a, channel)', [cell('groups[web]', [0], v, true), cell('groups[sms]', [1], v, true)]),
        staff('breakdownReport(b, channel)', [cell('groups[web]', [2], v, false), cell('groups[sms]', [3], v, false)]),
      ],
      reader,
    );
    expect(findings.map((f) => [f.text, f.small])).toEqual([
      ['breakdownReport(a, channel) › groups[web] › n = 3 is hidden (n 3) but follows from what the reader sees', true],
      ['breakdownReport(a, channel) › groups[sms] › n = 9 is hidden (n 9) but follows from what the reader sees', false],
    ]);
    expect(knowledge.explain(findings[0]!.vec!)).toContain('+ 1 × breakdownReport(service, channel) › groups[web] › n (= 12)');
  });

  it('finds what suppressing each range on its own leaves open: one month from two overlapping ranges', () => {
    // A service of units u and v over June and July; atoms: u June, u July, v June, v July.
    const v = [3, 20, 30, 25];
    const ranges: [string, number[]][] = [
      ['2026-06', [0]],
      ['2026-07', [1]],
      ['2026-06..07', [0, 1]],
    ];
    const sum = (atoms: readonly number[]) => atoms.reduce((s, a) => s + v[a]!, 0);
    const pubs = ranges.map(([range, u]) => {
      const w = u.map((a) => a + 2);
      const hidden = suppressTree(
        {
          id: 'service',
          n: sum([...u, ...w]),
          children: [
            { id: 'u', n: sum(u), children: [] },
            { id: 'v', n: sum(w), children: [] },
          ],
        },
        5,
      );
      return staff(`childrenReport(service, ${range})`, [
        cell('total', [...u, ...w], v, hidden.has('service')),
        cell('children[u]', u, v, hidden.has('u')),
        cell('children[v]', w, v, hidden.has('v')),
      ]);
    });
    const { findings, knowledge } = attack(pubs, reader);
    const leak = findings.find((f) => f.small)!;
    expect(leak.text).toBe('childrenReport(service, 2026-06) › children[u] › n = 3 is hidden (n 3) but follows from what the reader sees');
    expect(knowledge.explain(leak.vec!)).toBe(
      [
        '1 × it =',
        '  + 1 × childrenReport(service, 2026-06..07) › children[u] › n (= 23)',
        '  − 1 × childrenReport(service, 2026-07) › children[u] › n (= 20)',
      ].join('\n'),
    );
  });

  it('finds a small sum of hidden parts under a shown parent (1 + 1), and lets a sum at the threshold (2 + 3) pass', () => {
    for (const [small, big, expected] of [
      [1, 1, ['small-sum']],
      [2, 3, []],
    ] as const) {
      // Atoms: three children of one parent; the first two hidden, the third shown.
      const v = [small, big, 48];
      const pubs = [
        staff('childrenReport(parent)', [
          cell('total', [0, 1, 2], v, false),
          cell('children[a]', [0], v, true),
          cell('children[b]', [1], v, true),
          cell('children[c]', [2], v, false),
        ]),
      ];
      const universeCells: UniverseCell[] = [[0, 1, 2], [0], [1], [2]].map((atoms, i) => ({
        label: ['parent', 'a', 'b', 'c'][i]!,
        measures: [count('n', atoms, v, false)],
      }));
      const { findings } = attack(pubs, reader, universeCells, [{ label: 'children', parent: 0, parts: [1, 2, 3] }]);
      expect(findings.filter((f) => f.small).map((f) => f.kind)).toEqual(expected);
    }
  });
});

const configs = SHAPES.map((shape) => worldConfig(shape));
const thresholds = suppressionThresholds(configs[0]!.org);
/** The readers: a region-level user sees every staff response and the public pages; the public, the pages. */
const READERS: Attacker[] = [
  { name: 'a region-level user', reads: ['staff', 'public'], protects: 'staff', threshold: thresholds.internal },
  { name: 'the public', reads: ['public'], protects: 'public', threshold: thresholds.public },
];
/** Responses whose hidden cells must not follow at all (the strict form). */
const STRICT = /^(npsReport|childrenReport|breakdownReport|publicResults)\(/;
/** Worlds tried; each is about 1,000 report calls and an elimination over some 1,500 unknowns. */
const RUNS = 40;

/** The leaks a reader found, readably: what follows and, for the first few, from which published numbers. */
function describeLeaks(who: Attacker, leaks: readonly Finding[], knowledge: Knowledge): string {
  const lines = [`${who.name} works out ${leaks.length} thing(s) hidden from them:`];
  for (const [i, f] of leaks.slice(0, 12).entries()) {
    lines.push(`- ${f.text}`);
    if (i < 3 && f.vec) lines.push(knowledge.explain(f.vec).replace(/^/gm, '    '));
  }
  return lines.join('\n');
}

/** The org tree of a world, in one line: service areas, their services and their units. */
function shapeOf(w: World): string {
  const { org } = w.config;
  const below = (id: string): string => {
    const kids = org.children(id);
    return kids.length ? `${id} (${kids.map((k) => below(k.id)).join(', ')})` : id;
  };
  return `org tree: ${below(org.regionId)}`;
}

describe('property: nothing hidden follows from everything one reader can request', () => {
  it(`finds no small group and no hidden NPS cell in ${RUNS} random worlds, for a region-level user or the public`, async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary(configs), async (world) => {
        const pubs = await publications(world);
        const { cells, relations } = universe(world);
        for (const who of READERS) {
          const { findings, knowledge } = attack(pubs, who, cells, relations);
          const leaks = findings.filter((f) => f.small || (f.kind === 'derivable' && STRICT.test(f.request!)));
          if (leaks.length) throw new Error(`${shapeOf(world)}\n${describeLeaks(who, leaks, knowledge)}`);
        }
      }),
      {
        seed: 8,
        numRuns: RUNS,
        // Shrinking would rerun whole worlds for minutes; the message already names the requests.
        endOnFailure: true,
        reporter: (run) => {
          if (run.failed) {
            throw new Error(
              `world ${run.numRuns} of seed ${run.seed} (replay: { seed: ${run.seed}, path: "${run.counterexamplePath}" }):\n${
                run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance)
              }`,
            );
          }
        },
      },
    );
  }, 120_000);
});
