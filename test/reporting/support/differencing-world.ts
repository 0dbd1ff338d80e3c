/**
 * A small world for the differencing attacker (test/reporting/unit/report-differencing.test.ts): an
 * org tree of six to eight units, four closed months, and counts per unit and month of every kind of answer
 * the reports distinguish ("atoms": channel × role × NPS bucket, and each statement's values). The
 * snapshots are written from the atoms, so every number a report shows is an exact linear function of
 * them; `publications` calls every report one region-level user (and the public) can request and turns
 * each response into cells of such functions, and `universe` lists every figure that could be asked
 * about, with the sums that tie them together.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseConfig, type AppConfig } from '#shared/config.ts';
import { SERIES_GRANULARITIES } from '#shared/reporting/api-contract.ts';
import { emptyCounts, sumCounts, type Counts } from '#shared/reporting/counts.ts';
import { monthlyExport } from '#shared/reporting/export.ts';
import { GRANULARITIES, periodDays, periodOf, type Granularity } from '#shared/reporting/periods.ts';
import type { Snapshot } from '#shared/reporting/aggregate-store.ts';
import { publicResults, publicWindow, type PublicRow } from '#shared/reporting/public-results.ts';
import { parseBreakdownQuery, parseMonthQuery, parseNpsQuery, parseRangeQuery } from '#shared/reporting/query.ts';
import { breakdownReport, childrenReport, npsReport, ROLE_GROUPS, statementsReport, type NpsCell } from '#shared/reporting/report.ts';
import { suppressionThresholds } from '#shared/reporting/settings.ts';
import { BOM, CSV_DELIMITER } from '#shared/reporting/csv.ts';
import type { Cell, Publication, Quantity, Relation, UniverseCell } from './differencing-attacker.ts';
import { MAX_LATE_DAYS } from '#shared/feedback/index.ts';
import { MemoryAggregateStore } from './memory-aggregate-store.ts';
import type { SparseVec } from './row-space.ts';
import { allNodes } from './org-nodes.ts';

/**
 * The months of the world, oldest first: the last four reported ones on `TODAY` (a month is reported
 * 30 days after it ends, once late paper answers can no longer change it). (Earlier closed months
 * can be asked for too, but they hold no answers: a range reaching into them is the same figure as
 * its part from June on.)
 */
export const MONTHS = ['2026-06', '2026-07', '2026-08', '2026-09'] as const;
/** The Helsinki date the requests are made on: every request is checked to be one the API accepts then. */
export const TODAY = '2026-11-15';
/** The channels answers arrive through in the world (the others stay empty). */
export const CHANNELS_USED = ['web', 'sms', 'paper'] as const;
/** Respondent roles, as the reports count them. */
export const ROLES = ROLE_GROUPS;
/** NPS buckets, `none` for answers that skipped the question. */
export const BUCKETS = ['promoters', 'passives', 'detractors', 'none'] as const;
/** The statements answered in the world (the survey's other statements stay empty). */
export const STATEMENTS = ['smooth', 'help'] as const;

const NPS_ATOMS = CHANNELS_USED.length * ROLES.length * BUCKETS.length;
/** Atoms per unit and month. */
export const ATOMS_PER_CELL = NPS_ATOMS + STATEMENTS.length * 6;

/** The day in each month all of that month's answers fall on (one day, so a month is one unknown per atom). */
const slotDay = (month: string) => `${month}-14`;

const name = (s: string) => ({ fi: s, sv: s, en: s });

/**
 * Shapes of the org tree, by service area then service: how many units each service has (2–4, six to
 * eight units in all). The first has a service area whose only service is the same figure as the
 * area; the second a service of four units beside two of two; the third the fewest units.
 */
export const SHAPES: readonly (readonly (readonly number[])[])[] = [
  [[3, 2], [3]],
  [[4], [2, 2]],
  [[2, 2], [2]],
];

/**
 * The world's org tree of one shape, through the repository's config loader: the real region
 * settings (thresholds included) with two service areas (`alue-a`, `alue-b`), their services
 * (`palvelu-a1` …) and units (`a1-x`, `a1-y` …).
 */
export function worldConfig(shape: (typeof SHAPES)[number] = SHAPES[0]!): AppConfig {
  const raw = JSON.parse(readFileSync('config/region.json', 'utf8')) as { serviceAreas: unknown };
  raw.serviceAreas = shape.map((services, a) => {
    const area = 'ab'[a]!;
    return {
      id: `alue-${area}`,
      name: name(`Alue ${area.toUpperCase()}`),
      services: services.map((units, s) => ({
        id: `palvelu-${area}${s + 1}`,
        name: name(`Palvelu ${area.toUpperCase()}${s + 1}`),
        units: Array.from({ length: units }, (_, u) => {
          const id = `${area}${s + 1}-${'xyzw'[u]}`;
          return { id, name: name(`Yksikkö ${id}`) };
        }),
      })),
    };
  });
  return parseConfig(raw);
}

/** The world: its config and the count of every atom, by `atomIndex`. */
export interface World {
  config: AppConfig;
  units: readonly string[];
  atoms: readonly number[];
}

/** Index of an atom: unit (by position), month (by position) and the atom within that unit-month. */
export function atomIndex(unit: number, month: number, local: number): number {
  return (unit * MONTHS.length + month) * ATOMS_PER_CELL + local;
}

const npsLocal = (c: number, r: number, b: number) => (c * ROLES.length + r) * BUCKETS.length + b;
const stmtLocal = (s: number, v: number) => NPS_ATOMS + s * 6 + v;

/**
 * Atoms of one kind of answer in one unit-month: mostly nothing, a few answers, a handful of small
 * groups, a busy month with some big groups, or answers only of the kind that counts for the total
 * and not for the figure (`sideways`: skipped NPS questions, statements answered "can't say"), so that
 * small cells, their complements, cells small by one count and not another, and big cells all occur.
 */
function someAtoms(length: number, sideways: readonly number[]): fc.Arbitrary<number[]> {
  const zero = fc.constant(0);
  const few = fc.oneof({ weight: 6, arbitrary: zero }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }) });
  const kinds = ['empty', 'tiny', 'tiny', 'small', 'small', 'small', 'busy', 'busy', 'sideways'] as const;
  return fc.constantFrom(...kinds).chain((kind) => {
    const atom = (i: number) =>
      kind === 'empty'
        ? zero
        : kind === 'tiny'
          ? fc.oneof({ weight: 25, arbitrary: zero }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) })
          : kind === 'small'
            ? few
            : kind === 'sideways'
              ? sideways.includes(i)
                ? fc.integer({ min: 0, max: 8 })
                : zero
              : fc.oneof(
                  { weight: 3, arbitrary: zero },
                  { weight: 2, arbitrary: fc.integer({ min: 1, max: 6 }) },
                  { weight: 1, arbitrary: fc.integer({ min: 10, max: 40 }) },
                );
    return fc.tuple(...Array.from({ length }, (_, i) => atom(i)));
  });
}

/**
 * Counts of one unit-month: its NPS atoms and each statement's drawn apart, so that a statement's tree
 * can differ from the NPS tree (a unit busy by NPS answers with a statement hardly answered, or the
 * other way round).
 */
const unitMonth = fc
  .tuple(
    someAtoms(
      NPS_ATOMS,
      Array.from({ length: NPS_ATOMS }, (_, i) => i).filter((i) => i % BUCKETS.length === BUCKETS.indexOf('none')),
    ),
    ...STATEMENTS.map(() => someAtoms(6, [5])),
  )
  .map((parts) => parts.flat());

/** Random atoms for the world's units and months (by `atomIndex`). */
export function atomsArbitrary(config: AppConfig): fc.Arbitrary<number[]> {
  const cells = config.org.units().length * MONTHS.length;
  return fc.array(unitMonth, { minLength: cells, maxLength: cells }).map((c) => c.flat());
}

/** The world of a config and its atoms. */
export function makeWorld(config: AppConfig, atoms: readonly number[]): World {
  return { config, units: config.org.units().map((u) => u.id), atoms };
}

/** Random worlds: one of the configs, random atoms. */
export function worldArbitrary(configs: readonly AppConfig[]): fc.Arbitrary<World> {
  return fc.constantFrom(...configs).chain((config) => atomsArbitrary(config).map((atoms) => makeWorld(config, atoms)));
}

/** The counts of one unit-month, as aggregation would store them for the answers the atoms stand for. */
function unitMonthCounts(w: World, u: number, m: number): Counts {
  const c = emptyCounts();
  const a = (local: number) => w.atoms[atomIndex(u, m, local)]!;
  for (const [ci, ch] of CHANNELS_USED.entries()) {
    for (const [ri, role] of ROLES.entries()) {
      for (const [bi, b] of BUCKETS.entries()) {
        const x = a(npsLocal(ci, ri, bi));
        if (!x) continue;
        c.n += x;
        for (const [key, into] of [
          [ch, c.channels],
          [role, c.roles],
        ] as const) {
          into[key] ??= { n: 0, promoters: 0, passives: 0, detractors: 0 };
          into[key].n += x;
          if (b !== 'none') into[key][b] += x;
        }
        if (b !== 'none') c.nps[b] += x;
      }
    }
  }
  for (const [si, s] of STATEMENTS.entries()) {
    const tally = [0, 1, 2, 3, 4, 5].map((v) => a(stmtLocal(si, v))) as Counts['statements'][string];
    if (tally.some((x) => x > 0)) c.statements[s] = tally;
  }
  return c;
}

/** Positions (in `World.units`) of the units at or below a node. */
function unitsOf(w: World, nodeId: string): number[] {
  const node = w.config.org.node(nodeId)!;
  if (node.kind === 'unit') return [w.units.indexOf(nodeId)];
  return w.config.org.children(nodeId).flatMap((c) => unitsOf(w, c.id));
}

/** Freezes an object and everything in it, so a report that changed what it read would throw. */
function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

/**
 * The in-memory snapshot store, answering a read it has answered before with the same (frozen)
 * snapshots instead of fresh copies: the reports read the same few months of the same few nodes a
 * thousand times per world, and copying them was most of the test's time.
 */
class WorldStore extends MemoryAggregateStore {
  private readonly reads = new Map<string, Promise<unknown>>();

  override async put(s: Snapshot): Promise<boolean> {
    this.reads.clear();
    return super.put(s);
  }

  override range(nodeId: string, g: Granularity, fromPeriod: string, toPeriod: string): Promise<Snapshot[]> {
    return this.once(`range|${nodeId}|${g}|${fromPeriod}|${toPeriod}`, () => super.range(nodeId, g, fromPeriod, toPeriod));
  }

  override many(nodeIds: readonly string[], g: Granularity, period: string): Promise<Map<string, Snapshot>> {
    return this.once(`many|${nodeIds.join(',')}|${g}|${period}`, () => super.many(nodeIds, g, period));
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let r = this.reads.get(key) as Promise<T> | undefined;
    if (!r) {
      r = read().then((v) => {
        // A Map cannot be frozen; the snapshots in it can.
        if (v instanceof Map) for (const snap of v.values()) deepFreeze(snap);
        else deepFreeze(v);
        return v;
      });
      this.reads.set(key, r);
    }
    return r;
  }
}

/** The snapshots aggregation would write for the world: every node, every granularity. */
export async function worldStore(w: World): Promise<MemoryAggregateStore> {
  const store = new WorldStore();
  const unitCounts = w.units.map((_, u) => MONTHS.map((_, m) => unitMonthCounts(w, u, m)));
  for (const node of allNodes(w.config)) {
    const us = unitsOf(w, node.id);
    const perMonth = MONTHS.map((_, m) => sumCounts(us.map((u) => unitCounts[u]![m]!)));
    for (const g of GRANULARITIES) {
      const periods = new Map<string, Counts[]>();
      for (const [m, month] of MONTHS.entries()) {
        const p = periodOf(slotDay(month), g);
        periods.set(p, [...(periods.get(p) ?? []), perMonth[m]!]);
      }
      for (const [period, list] of periods) {
        await store.put({ nodeId: node.id, granularity: g, period, counts: sumCounts(list), asOf: '2026-10-01T00:00:00.000Z' });
      }
    }
  }
  return store;
}

/** What a figure counts: NPS answers or a bucket, all answers, or a statement's values. */
export type Feature =
  | { kind: 'nps'; q: 'n' | 'promoters' | 'passives' | 'detractors' | 'answers'; group?: { channel: string } | { role: string } }
  | { kind: 'stmt'; statement: string; values: readonly number[] };

/** The atoms a feature counts, within one unit-month. */
function locals(f: Feature): number[] {
  const out: number[] = [];
  if (f.kind === 'stmt') {
    const s = STATEMENTS.indexOf(f.statement as (typeof STATEMENTS)[number]);
    if (s >= 0) for (const v of f.values) out.push(stmtLocal(s, v));
    return out;
  }
  const buckets = f.q === 'n' ? [0, 1, 2] : f.q === 'answers' ? [0, 1, 2, 3] : [BUCKETS.indexOf(f.q)];
  for (const [ci, ch] of CHANNELS_USED.entries()) {
    if (f.group && 'channel' in f.group && f.group.channel !== ch) continue;
    for (const [ri, role] of ROLES.entries()) {
      if (f.group && 'role' in f.group && f.group.role !== role) continue;
      for (const b of buckets) out.push(npsLocal(ci, ri, b));
    }
  }
  return out;
}

/** Month positions whose answers fall in the days from…to. */
function monthsIn(from: string, to: string): number[] {
  return MONTHS.flatMap((m, i) => (slotDay(m) >= from && slotDay(m) <= to ? [i] : []));
}

/** Which unit-months a figure adds up (all of them unless a response says otherwise). */
type Include = (unit: number, month: number) => boolean;

/** Vectors of figures by config and semantic key: the same in every world of a config. */
const vectors = new WeakMap<AppConfig, Map<string, SparseVec>>();

/** A feature's key for the vector cache. */
const featureKey = (f: Feature) =>
  f.kind === 'stmt' ? `stmt ${f.statement} ${f.values.join()}` : `nps ${f.q} ${f.group ? JSON.stringify(f.group) : ''}`;

/** The atoms a figure adds up: a feature's atoms over a node's units and some months (those `include` names). */
function vectorOf(w: World, nodeId: string, months: readonly number[], f: Feature, include?: Include): SparseVec {
  const cache = vectors.get(w.config) ?? vectors.set(w.config, new Map()).get(w.config)!;
  const key = `${nodeId}|${months.join(',')}|${featureKey(f)}`;
  let all = cache.get(key);
  if (!all) {
    all = new Map();
    const ls = locals(f);
    for (const u of unitsOf(w, nodeId)) for (const m of months) for (const l of ls) all.set(atomIndex(u, m, l), 1);
    cache.set(key, all);
  }
  // Filtered figures depend on what a response showed; the unfiltered ones are the same in every world.
  if (!include) return all;
  const vec: SparseVec = new Map();
  for (const k of all.keys()) {
    const cell = Math.floor(k / ATOMS_PER_CELL);
    if (include(Math.floor(cell / MONTHS.length), cell % MONTHS.length)) vec.set(k, 1);
  }
  return vec;
}

/** A vector's value on the world's atoms. */
function valueIn(w: World, vec: SparseVec): number {
  let value = 0;
  for (const [k, v] of vec) value += w.atoms[k]! * v;
  return value;
}

/** A figure as a quantity: its vector, its value in the world, and what a response showed. */
function quantity(
  w: World,
  name: string,
  nodeId: string,
  months: readonly number[],
  f: Feature,
  shown?: number,
  include?: Include,
): Quantity {
  const vec = vectorOf(w, nodeId, months, f, include);
  return { name, vec, value: valueIn(w, vec), ...(shown === undefined ? {} : { shown }) };
}

/** The sum of several quantities, under a new name. */
function sumOf(name: string, qs: readonly Quantity[], shown?: number): Quantity {
  const vec: SparseVec = new Map();
  for (const q of qs) for (const [k, v] of q.vec) vec.set(k, (vec.get(k) ?? 0) + v);
  return { name, vec, value: qs.reduce((s, q) => s + q.value, 0), ...(shown === undefined ? {} : { shown }) };
}

type Group = { channel: string } | { role: string } | undefined;

/**
 * An NPS cell of a response: n and the three buckets, shown or hidden. A shown cell is the sum over
 * the unit-months `include` names (a breakdown adds up only its units' shown cells); a hidden one
 * stands for the whole figure it is about, the thing it protects.
 */
function npsCellOf(
  w: World,
  label: string,
  nodeId: string,
  months: readonly number[],
  group: Group,
  cell: NpsCell,
  include?: Include,
): Cell {
  const figures = 'suppressed' in cell ? undefined : cell;
  const qs = (['n', 'promoters', 'passives', 'detractors'] as const).map((q) =>
    quantity(w, q, nodeId, months, { kind: 'nps', q, ...(group ? { group } : {}) }, figures?.[q], figures ? include : undefined),
  );
  return { label, hidden: !figures, quantities: qs, measures: [qs[0]!] };
}

function publicCell(w: World, label: string, month: number, row: PublicRow): Cell {
  const qs = (['n', 'promoters', 'passives', 'detractors'] as const).map((q) =>
    quantity(w, q, row.id, [month], { kind: 'nps', q }, row.figures?.[q]),
  );
  return { label, hidden: row.suppressed, quantities: qs, measures: [qs[0]!] };
}

/** The measures of a statement row: answers 1–5, and with "can't say". */
function statementMeasures(w: World, nodeId: string, months: readonly number[], s: string): Quantity[] {
  return [
    quantity(w, 'n', nodeId, months, { kind: 'stmt', statement: s, values: [0, 1, 2, 3, 4] }),
    quantity(w, 'n + cantSay', nodeId, months, { kind: 'stmt', statement: s, values: [0, 1, 2, 3, 4, 5] }),
  ];
}

/** Splits the export's CSV into header and rows (RFC 4180 as csv.ts writes it). */
function parseCsv(csv: string): { header: string[]; rows: string[][] } {
  if (!csv.startsWith(BOM)) throw new Error('export without a BOM');
  const lines: string[][] = [];
  let field = '';
  let line: string[] = [];
  let quoted = false;
  const text = csv.slice(BOM.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += ch;
    } else if (ch === CSV_DELIMITER) {
      line.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      line.push(field);
      lines.push(line);
      field = '';
      line = [];
      i++;
    } else {
      field += ch;
    }
  }
  return { header: lines[0]!, rows: lines.slice(1) };
}

const range = (i: number, j: number) => ({ from: periodDays(MONTHS[i]!, 'month').first, to: periodDays(MONTHS[j]!, 'month').last });

/**
 * Every response one region-level user can request in the world, and the public pages: for every
 * node and every range of whole closed months, the NPS series at every granularity the API offers
 * with its total, the children, the statements and both breakdowns; the public page of every month;
 * the national export of every month. Each response becomes cells of linear functions of the atoms.
 */
export async function publications(w: World): Promise<Publication[]> {
  const store = await worldStore(w);
  const deps = { config: w.config, store };
  const t = suppressionThresholds(w.config.org);
  const out: Publication[] = [];
  const staff = (request: string, cells: Cell[]) => out.push({ request, audience: 'staff', threshold: t.internal, cells });

  // A breakdown above a unit adds up its units' shown group cells month by month; which those are,
  // every reader sees in each unit's breakdown for each month.
  const shownGroups = new Map<string, boolean[]>(); // `${by} ${group}` → shown, by unit-month
  for (const [u, unit] of w.units.entries()) {
    for (let m = 0; m < MONTHS.length; m++) {
      for (const by of ['channel', 'role'] as const) {
        const { from, to } = range(m, m);
        for (const g of (await breakdownReport(deps, unit, from, to, by)).groups) {
          const flags = shownGroups.get(`${by} ${g.group}`) ?? shownGroups.set(`${by} ${g.group}`, []).get(`${by} ${g.group}`)!;
          flags[u * MONTHS.length + m] = !('suppressed' in g);
        }
      }
    }
  }
  const shownIn = (by: string, group: string) => {
    const flags = shownGroups.get(`${by} ${group}`) ?? [];
    return (u: number, m: number) => flags[u * MONTHS.length + m] === true;
  };

  for (const node of allNodes(w.config)) {
    for (let i = 0; i < MONTHS.length; i++) {
      for (let j = i; j < MONTHS.length; j++) {
        const { from, to } = range(i, j);
        const all = monthsIn(from, to);
        const args = `${node.id}, ${from}..${to}`;
        // Every request is one the API accepts today (a whole closed month range); it throws otherwise.
        parseRangeQuery({ node: node.id, from, to }, TODAY);
        for (const g of SERIES_GRANULARITIES) {
          parseNpsQuery({ node: node.id, from, to, granularity: g }, TODAY);
          const r = await npsReport(deps, node.id, from, to, g);
          staff(`npsReport(${args}, ${g})`, [
            ...r.series.map((c) => {
              const days = periodDays(c.period, g);
              return npsCellOf(w, `series[${c.period}]`, node.id, monthsIn(days.first, days.last), undefined, c);
            }),
            npsCellOf(w, 'total', node.id, all, undefined, r.total),
          ]);
        }
        const ch = await childrenReport(deps, node.id, from, to);
        staff(`childrenReport(${args})`, [
          npsCellOf(w, 'total', node.id, all, undefined, ch.total),
          ...ch.children.map((c) => npsCellOf(w, `children[${c.node}]`, c.node, all, undefined, c)),
        ]);
        for (const by of ['channel', 'role'] as const) {
          parseBreakdownQuery({ node: node.id, from, to, by }, TODAY);
          const b = await breakdownReport(deps, node.id, from, to, by);
          const groupOf = (g: string) => (by === 'channel' ? { channel: g } : { role: g });
          const groups = b.groups.map((g) => npsCellOf(w, `groups[${g.group}]`, node.id, all, groupOf(g.group), g, shownIn(by, g.group)));
          // The node's answers to the NPS question that are in no shown group cell of its units.
          const inHidden = sumOf(
            'hiddenN',
            b.groups.map((g) =>
              quantity(
                w,
                'n',
                node.id,
                all,
                { kind: 'nps', q: 'n', group: groupOf(g.group) },
                undefined,
                (u, m) => !shownIn(by, g.group)(u, m),
              ),
            ),
            b.hiddenN ?? undefined,
          );
          staff(`breakdownReport(${args}, ${by})`, [
            npsCellOf(w, 'total', node.id, all, undefined, b.total),
            ...groups,
            { label: 'hiddenN', hidden: b.hiddenN === null, quantities: [inHidden], measures: [inHidden] },
          ]);
        }
        const st = await statementsReport(deps, node.id, from, to);
        staff(
          `statementsReport(${args})`,
          st.statements.map((row) => {
            const shown = 'suppressed' in row ? undefined : row;
            const f = (values: number[]): Feature => ({ kind: 'stmt', statement: row.id, values });
            return {
              label: `statements[${row.id}]`,
              hidden: !shown,
              quantities: [
                ...[0, 1, 2, 3, 4].map((v) => quantity(w, `values[${v + 1}]`, node.id, all, f([v]), shown?.values[v])),
                quantity(w, 'cantSay', node.id, all, f([5]), shown?.cantSay),
                quantity(w, 'n', node.id, all, f([0, 1, 2, 3, 4]), shown?.n),
              ],
              measures: statementMeasures(w, node.id, all, row.id),
            };
          }),
        );
      }
    }
  }

  for (const [m, month] of MONTHS.entries()) {
    // Each month's page was public from the day it was first reported; the page of `TODAY` is the last one.
    const shownOn = month === publicWindow(TODAY).month ? TODAY : firstReportedOn(month);
    const page = await publicResults(deps, shownOn);
    if (page.month !== month) throw new Error(`the public page of ${shownOn} shows ${page.month}, not ${month}`);
    out.push({
      request: `publicResults(${page.month})`,
      audience: 'public',
      threshold: page.threshold,
      cells: [
        publicCell(w, `region[${page.region.id}]`, m, page.region),
        ...page.serviceAreas.flatMap((a) => [
          publicCell(w, `serviceAreas[${a.id}]`, m, a),
          ...a.units.map((u) => publicCell(w, `serviceAreas[${a.id}].units[${u.id}]`, m, u)),
        ]),
      ],
    });

    // The export: per unit a row of NPS figures, each statement's values and each channel's answers,
    // any of which may be blank (a cell of its own); `suppressed` blanks the whole row.
    parseMonthQuery({ month }, TODAY);
    const { csv } = await monthlyExport(deps, month);
    const { header, rows } = parseCsv(csv);
    const cells: Cell[] = [];
    for (const row of rows) {
      const unit = row[header.indexOf('unit_id')]!;
      const text = (c: string) => row[header.indexOf(c)]!;
      const num = (c: string) => (text(c) === '' ? undefined : Number(text(c)));
      const blank = (cols: readonly string[]) => cols.some((c) => text(c) === '');
      const figures = (['answers', 'n', 'promoters', 'passives', 'detractors'] as const).map((c) =>
        quantity(w, c, unit, [m], { kind: 'nps', q: c }, num(c)),
      );
      cells.push({
        label: `row[${unit}]`,
        hidden: text('suppressed') === '1' || blank(figures.map((q) => q.name)),
        quantities: figures,
        measures: [figures[0]!, figures[1]!],
      });
      for (const s of STATEMENTS) {
        const cols = header.filter((h) => h.startsWith(`${s}_`));
        cells.push({
          label: `row[${unit}] ${s}`,
          hidden: blank(cols),
          quantities: cols.map((h) => {
            const v = h.slice(s.length + 1);
            return quantity(w, h, unit, [m], { kind: 'stmt', statement: s, values: [v === 'cant_say' ? 5 : Number(v) - 1] }, num(h));
          }),
          measures: statementMeasures(w, unit, [m], s),
        });
      }
      for (const h of header.filter((c) => c.startsWith('channel_'))) {
        const q = quantity(w, h, unit, [m], { kind: 'nps', q: 'answers', group: { channel: h.slice('channel_'.length) } }, num(h));
        cells.push({ label: `row[${unit}] ${h}`, hidden: blank([h]), quantities: [q], measures: [q] });
      }
    }
    staff(`monthlyExport(${month})`, cells);
  }
  return out;
}

/** The first day of the month after `month`: the day its public page is current. */
function firstReportedOn(month: string): string {
  const last = periodDays(month, 'month').last;
  const d = new Date(`${last}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + MAX_LATE_DAYS + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Every figure a response could be about — each node over each range of whole months: NPS answers
 * overall, by channel and by role; all answers overall and by channel; each statement's answers —
 * and the sums that tie them: a node is the sum of its children and of its units, a range the sum of
 * any split into shorter ranges, a node's NPS answers the sum of its channels' and of its roles'.
 */
function universeOf(w: World): { cells: UniverseCell[]; relations: Relation[] } {
  const cells: UniverseCell[] = [];
  const index = new Map<string, number>();
  const groups: { key: string; group: Group; kinds: ('nps' | 'answers')[] }[] = [
    { key: '', group: undefined, kinds: ['nps', 'answers'] },
    ...CHANNELS_USED.map((c) => ({ key: `channel ${c}`, group: { channel: c }, kinds: ['nps', 'answers'] as ('nps' | 'answers')[] })),
    ...ROLES.map((r) => ({ key: `role ${r}`, group: { role: r }, kinds: ['nps'] as ('nps' | 'answers')[] })),
  ];
  const kinds = (g: (typeof groups)[number]) => [
    ...g.kinds.map((k) => ({ kind: k as string, q: k === 'nps' ? ('n' as const) : ('answers' as const) })),
    ...(g.group ? [] : STATEMENTS.map((s) => ({ kind: `statement ${s}`, q: s }))),
  ];
  const key = (node: string, i: number, j: number, g: string, kind: string) => `${node}|${i}|${j}|${g}|${kind}`;
  const nodes = allNodes(w.config);
  for (const node of nodes) {
    for (let i = 0; i < MONTHS.length; i++) {
      for (let j = i; j < MONTHS.length; j++) {
        const months = Array.from({ length: j - i + 1 }, (_, k) => i + k);
        for (const g of groups) {
          for (const { kind, q } of kinds(g)) {
            const label = `${node.id} ${MONTHS[i]}..${MONTHS[j]}${g.key ? ` ${g.key}` : ''} ${kind}`;
            const measures = kind.startsWith('statement')
              ? statementMeasures(w, node.id, months, q)
              : [quantity(w, q, node.id, months, { kind: 'nps', q: q as 'n' | 'answers', ...(g.group ? { group: g.group } : {}) })];
            index.set(key(node.id, i, j, g.key, kind), cells.length);
            cells.push({ label, measures });
          }
        }
      }
    }
  }
  const relations: Relation[] = [];
  const relate = (label: string, parent: string, parts: string[]) => {
    const p = index.get(parent)!;
    const ps = parts.map((k) => index.get(k)!);
    // A relation is only a relation if the parent really is the sum of the parts.
    for (const [m, q] of cells[p]!.measures.entries()) {
      const sum = new Map<number, number>();
      for (const x of ps) for (const [k, v] of cells[x]!.measures[m]!.vec) sum.set(k, (sum.get(k) ?? 0) + v);
      if (sum.size !== q.vec.size || [...q.vec].some(([k, v]) => sum.get(k) !== v)) throw new Error(`not a sum: ${label}`);
    }
    relations.push({ label, parent: p, parts: ps });
  };
  /** Every way to split months i…j into two or more consecutive ranges. */
  const splits = (i: number, j: number): [number, number][][] => {
    const out: [number, number][][] = [];
    const rec = (start: number, acc: [number, number][]) => {
      if (start > j) {
        if (acc.length > 1) out.push(acc);
        return;
      }
      for (let end = start; end <= j; end++) rec(end + 1, [...acc, [start, end]]);
    };
    rec(i, []);
    return out;
  };
  for (const node of nodes) {
    const children = w.config.org.children(node.id).map((c) => c.id);
    const units = w.config.org
      .units()
      .filter((u) => unitsOf(w, node.id).includes(w.units.indexOf(u.id)))
      .map((u) => u.id);
    for (let i = 0; i < MONTHS.length; i++) {
      for (let j = i; j < MONTHS.length; j++) {
        for (const g of groups) {
          for (const { kind } of kinds(g)) {
            const here = key(node.id, i, j, g.key, kind);
            if (children.length)
              relate(
                'children',
                here,
                children.map((c) => key(c, i, j, g.key, kind)),
              );
            if (children.length && units.join() !== children.join())
              relate(
                'units',
                here,
                units.map((u) => key(u, i, j, g.key, kind)),
              );
            for (const s of splits(i, j))
              relate(
                'ranges',
                here,
                s.map(([a, b]) => key(node.id, a, b, g.key, kind)),
              );
          }
        }
        relate(
          'channels',
          key(node.id, i, j, '', 'nps'),
          CHANNELS_USED.map((c) => key(node.id, i, j, `channel ${c}`, 'nps')),
        );
        relate(
          'roles',
          key(node.id, i, j, '', 'nps'),
          ROLES.map((r) => key(node.id, i, j, `role ${r}`, 'nps')),
        );
        relate(
          'channels',
          key(node.id, i, j, '', 'answers'),
          CHANNELS_USED.map((c) => key(node.id, i, j, `channel ${c}`, 'answers')),
        );
      }
    }
  }
  return { cells, relations };
}

const universes = new WeakMap<AppConfig, { cells: UniverseCell[]; relations: Relation[] }>();

/**
 * Every figure a response could be about, with the sums that tie them (see `universeOf`), valued in
 * the world: the figures and sums are those of its config, built and checked once per config.
 */
export function universe(w: World): { cells: UniverseCell[]; relations: Relation[] } {
  const shape = universes.get(w.config) ?? universes.set(w.config, universeOf(w)).get(w.config)!;
  return {
    cells: shape.cells.map((c) => ({
      label: c.label,
      measures: c.measures.map((m) => ({ name: m.name, vec: m.vec, value: valueIn(w, m.vec) })),
    })),
    relations: shape.relations,
  };
}
