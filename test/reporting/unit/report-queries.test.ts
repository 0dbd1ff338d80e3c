/**
 * The reporting use cases over the in-memory snapshot store (test/reporting/support): query
 * validation naming `query.x` (whole closed months only), monthly series and totals shown only when
 * every month is, suppressed cells, children and breakdowns (sums of the units' shown cells),
 * statements of every survey version in force, and RFC 4180 CSV fields.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseConfig, SURVEY_FILES } from '#shared/config.ts';
import { ValidationError } from '#shared/platform/errors.ts';
import { emptyCounts, type Counts } from '#shared/reporting/counts.ts';
import { periodDays, periodOf, type Granularity } from '#shared/reporting/periods.ts';
import { parseBreakdownQuery, parseMonthQuery, parseNpsQuery, parseRangeQuery } from '#shared/reporting/query.ts';
import { breakdownReport, childrenReport, npsReport, statementsInForce, statementsReport } from '#shared/reporting/report.ts';
import { csvDocument, csvField } from '#shared/reporting/csv.ts';
import {
  breakdownQuerySchema,
  digestQuerySchema,
  monthQuerySchema,
  npsQuerySchema,
  rangeQuerySchema,
  reportingContracts,
  themesQuerySchema,
} from '#shared/reporting/contracts.ts';
import { MemoryAggregateStore } from '../support/memory-aggregate-store.ts';

const config = parseConfig();

/** The in-memory snapshot store, recording which granularities and periods were read. */
class MemoryStore extends MemoryAggregateStore {
  readonly reads: string[] = [];
  override async range(nodeId: string, g: Granularity, from: string, to: string) {
    this.reads.push(`range ${g}`);
    return super.range(nodeId, g, from, to);
  }
  override async many(nodeIds: readonly string[], g: Granularity, period: string) {
    this.reads.push(`many ${g} ${period}`);
    return super.many(nodeIds, g, period);
  }
}

/**
 * The Helsinki date the queries are parsed on: October 2026 is the newest month reported, 30 days
 * after it ended (late paper answers may be typed in for 30 days).
 */
const TODAY = '2026-12-01';

/** Counts with `p` promoters, `d` detractors and everyone answering `smooth` 4 via `channel`. */
function counts(p: number, d: number, channel = 'web'): Counts {
  const c = emptyCounts();
  const n = p + d;
  c.n = n;
  c.nps = { promoters: p, passives: 0, detractors: d };
  c.statements.smooth = [0, 0, 0, n, 0, 0];
  c.channels[channel] = { n, promoters: p, passives: 0, detractors: d };
  c.roles.client = { n, promoters: p, passives: 0, detractors: d };
  return c;
}

/** Stores day snapshots for a node and derives its week and month snapshots, as aggregation does. */
async function seed(store: MemoryStore, nodeId: string, days: Record<string, Counts>) {
  const add = (a: Counts, b: Counts) => {
    const out = counts(a.nps.promoters + b.nps.promoters, a.nps.detractors + b.nps.detractors);
    return out;
  };
  const periods = new Map<string, Counts>();
  for (const [d, c] of Object.entries(days)) {
    await store.put({ nodeId, granularity: 'day', period: d, counts: c, asOf: 'x' });
    for (const g of ['week', 'month'] as const) {
      const key = `${g}|${periodOf(d, g)}`;
      periods.set(key, add(periods.get(key) ?? counts(0, 0), c));
    }
  }
  for (const [key, c] of periods) {
    const [g, period] = key.split('|') as ['week' | 'month', string];
    await store.put({ nodeId, granularity: g, period, counts: c, asOf: 'x' });
  }
}

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error('did not throw');
}

// The reporting handlers (reports, digest, export-monthly) parse with the query schemas alone, so their
// bundles leave the contracts' response schemas out; they must be the very schemas the contracts document.
describe("the reporting handlers' query schemas", () => {
  it("are their routes' contract query schemas", () => {
    expect(reportingContracts['GET /api/reports/digest'].request.query).toBe(digestQuerySchema);
    expect(reportingContracts['GET /api/exports/monthly'].request.query).toBe(monthQuerySchema);
    expect(reportingContracts['GET /api/reports/nps'].request.query).toBe(npsQuerySchema);
    expect(reportingContracts['GET /api/reports/statements'].request.query).toBe(rangeQuerySchema);
    expect(reportingContracts['GET /api/reports/children'].request.query).toBe(rangeQuerySchema);
    expect(reportingContracts['GET /api/reports/breakdown'].request.query).toBe(breakdownQuerySchema);
    expect(reportingContracts['GET /api/reports/themes'].request.query).toBe(themesQuerySchema);
  });
});

describe('query validation', () => {
  it('accepts a well-formed query and defaults the granularity to month', () => {
    expect(parseNpsQuery({ node: 'terveys', from: '2026-01-01', to: '2026-01-31' }, TODAY)).toEqual({
      node: 'terveys',
      from: '2026-01-01',
      to: '2026-01-31',
      granularity: 'month',
    });
  });
  it.each([
    ['a missing node', { from: '2026-01-01', to: '2026-01-31' }, 'query.node'],
    ['an impossible date', { node: 'a', from: '2026-02-30', to: '2026-03-31' }, 'query.from'],
    ['a date in another format', { node: 'a', from: '1.1.2026', to: '2026-03-31' }, 'query.from'],
    ['to before from', { node: 'a', from: '2026-03-01', to: '2026-02-28' }, 'query.to'],
    ['a range over three years', { node: 'a', from: '2023-01-01', to: '2026-01-31' }, 'query.to'],
    ['a from that is not the first of a month', { node: 'a', from: '2026-03-02', to: '2026-03-31' }, 'query.from'],
    ['a to that is not the last day of a month', { node: 'a', from: '2026-03-01', to: '2026-03-30' }, 'query.to'],
    ['a to in the month still open', { node: 'a', from: '2026-10-01', to: '2026-11-30' }, 'query.to'],
  ])('names the parameter for %s', (_name, q, path) => {
    expect(issuesOf(() => parseRangeQuery(q, TODAY)).map((i) => i.path)).toContain(path);
  });
  it('says which day is the last one reported and why', () => {
    expect(issuesOf(() => parseRangeQuery({ node: 'a', from: '2026-11-01', to: '2026-11-30' }, TODAY))).toEqual([
      {
        path: 'query.to',
        message: 'must not be after 2026-10-31: a month is reported once it has closed and late paper answers can no longer change it',
      },
    ]);
    expect(issuesOf(() => parseRangeQuery({ node: 'a', from: '2026-03-02', to: '2026-03-31' }, TODAY))).toEqual([
      { path: 'query.from', message: 'must be the first day of a month: reports cover whole months' },
    ]);
  });
  it('reports a month only once the 30 days for typing in late answers given in it have passed', () => {
    const october = { node: 'a', from: '2026-10-01', to: '2026-10-31' };
    expect(issuesOf(() => parseRangeQuery(october, '2026-11-30'))).toEqual([
      {
        path: 'query.to',
        message: 'must not be after 2026-09-30: a month is reported once it has closed and late paper answers can no longer change it',
      },
    ]);
    expect(parseRangeQuery(october, '2026-12-01')).toEqual(october);
    expect(issuesOf(() => parseMonthQuery({ month: '2026-10' }, '2026-11-30'))[0]!.path).toBe('query.month');
  });
  it('names query.granularity and query.by for values outside their lists: days and weeks are not reported', () => {
    for (const g of ['year', 'day', 'week'])
      expect(issuesOf(() => parseNpsQuery({ node: 'a', from: '2026-01-01', to: '2026-01-31', granularity: g }, TODAY))[0]!.path).toBe(
        'query.granularity',
      );
    expect(issuesOf(() => parseBreakdownQuery({ node: 'a', from: '2026-01-01', to: '2026-01-31', by: 'age' }, TODAY))[0]!.path).toBe(
      'query.by',
    );
    expect(issuesOf(() => parseBreakdownQuery({ node: 'a', from: '2026-01-01', to: '2026-01-31' }, TODAY))[0]!.path).toBe('query.by');
  });
  it('accepts the longest range exactly, the last closed month, and a closed month YYYY-MM', () => {
    expect(() => parseRangeQuery({ node: 'a', from: '2023-11-01', to: '2026-10-31' }, TODAY)).not.toThrow();
    expect(() => parseRangeQuery({ node: 'a', from: '2024-02-01', to: '2024-02-29' }, TODAY)).not.toThrow();
    expect(parseMonthQuery({ month: '2026-10' }, TODAY)).toEqual({ month: '2026-10' });
    expect(issuesOf(() => parseMonthQuery({ month: '2026-11' }, TODAY))).toEqual([
      { path: 'query.month', message: 'must be a closed month that late answers can no longer change, at most 2026-10' },
    ]);
    expect(issuesOf(() => parseMonthQuery({ month: '2026-13' }, TODAY))[0]!.path).toBe('query.month');
    expect(issuesOf(() => parseMonthQuery({}, TODAY))[0]!.path).toBe('query.month');
  });
});

describe('npsReport', () => {
  it('lists every month of the range, a month without answers as n 0, and totals them', async () => {
    const store = new MemoryStore();
    await seed(store, 'keskusta-ta', { '2026-01-05': counts(10, 0), '2026-01-07': counts(3, 3), '2026-03-20': counts(6, 0) });
    const r = await npsReport({ config, store }, 'keskusta-ta', '2026-01-01', '2026-03-31');
    expect(r.granularity).toBe('month');
    expect(r.series.map((s) => s.period)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(r.series[0]).toMatchObject({ period: '2026-01', n: 16, promoters: 13, detractors: 3 });
    expect(r.series[1]).toEqual({ period: '2026-02', n: 0, promoters: 0, passives: 0, detractors: 0, nps: null, ci95: null });
    expect(r.series[2]).toMatchObject({ period: '2026-03', n: 6 });
    expect(r.total).toMatchObject({ period: '2026-01-01..2026-03-31', n: 22, promoters: 19, detractors: 3, nps: 73 });
  });
  it('hides a small month, and the total of every range that holds it; a range without it shows', async () => {
    const store = new MemoryStore();
    await seed(store, 'rantala-ta', { '2026-02-02': counts(2, 1), '2026-03-03': counts(20, 0) });
    const r = await npsReport({ config, store }, 'rantala-ta', '2026-02-01', '2026-03-31');
    expect(r.series).toEqual([
      { period: '2026-02', suppressed: true },
      { period: '2026-03', n: 20, promoters: 20, passives: 0, detractors: 0, nps: 100, ci95: expect.any(Array) },
    ]);
    // 23 answers over the two months would show 23 − 20 = the hidden February.
    expect(r.total).toEqual({ period: '2026-02-01..2026-03-31', suppressed: true });
    const march = await npsReport({ config, store }, 'rantala-ta', '2026-03-01', '2026-03-31');
    expect(march.total).toMatchObject({ n: 20 });
  });
  it('reads each month once, in one batch for every node that decides what shows', async () => {
    const store = new MemoryStore();
    await seed(store, 'rantala-ta', { '2026-02-02': counts(20, 1), '2026-03-03': counts(7, 0) });
    store.reads.length = 0;
    const r = await npsReport({ config, store }, 'rantala-ta', '2026-02-01', '2026-03-31');
    expect(store.reads.sort()).toEqual(['many month 2026-02', 'many month 2026-03']);
    expect(r.total).toMatchObject({ n: 28, promoters: 27, detractors: 1 });
  });
  it('throws not found naming query.node for an unknown node', async () => {
    await expect(npsReport({ config, store: new MemoryStore() }, 'nowhere', '2026-01-01', '2026-01-31')).rejects.toMatchObject({
      code: 'not_found',
      issues: [{ path: 'query.node' }],
    });
  });
});

describe('children and breakdowns', () => {
  it('hides a small child and the next smallest, with names in three languages', async () => {
    const store = new MemoryStore();
    await seed(store, 'keskusta-ta', { '2026-04-01': counts(3, 0) });
    await seed(store, 'rantala-ta', { '2026-04-01': counts(20, 5) });
    await seed(store, 'metsakyla-ta', { '2026-04-01': counts(6, 2) });
    await seed(store, 'terveysasemat', { '2026-04-01': counts(29, 7) });
    const r = await childrenReport({ config, store }, 'terveysasemat', '2026-04-01', '2026-04-30');
    expect(r.total).toMatchObject({ n: 36 });
    expect(r.children.map((c) => [c.node, 'suppressed' in c])).toEqual([
      ['keskusta-ta', true],
      ['rantala-ta', false],
      ['metsakyla-ta', true],
    ]);
    expect(r.children[0]).toEqual({
      node: 'keskusta-ta',
      kind: 'unit',
      name: config.org.node('keskusta-ta')!.name,
      period: '2026-04-01..2026-04-30',
      suppressed: true,
    });
  });
  it('gives a unit no children', async () => {
    const r = await childrenReport({ config, store: new MemoryStore() }, 'rantala-ta', '2026-04-01', '2026-04-30');
    expect(r.children).toEqual([]);
    expect(r.total).toMatchObject({ n: 0 });
  });
  it('breaks down by every channel and role in a fixed order, hiding small groups with their complement', async () => {
    const store = new MemoryStore();
    const c = counts(30, 0, 'web');
    c.channels.sms = { n: 2, promoters: 2, passives: 0, detractors: 0 };
    c.channels.kiosk = { n: 8, promoters: 0, passives: 0, detractors: 8 };
    c.nps = { promoters: 32, passives: 0, detractors: 8 };
    await store.put({ nodeId: 'keskusta-ta', granularity: 'month', period: '2026-04', counts: c, asOf: 'x' });
    const r = await breakdownReport({ config, store }, 'keskusta-ta', '2026-04-01', '2026-04-30', 'channel');
    expect(r.groups.map((g) => [g.group, 'suppressed' in g ? 'hidden' : g.n])).toEqual([
      ['web', 30],
      ['qr', 0],
      ['sms', 'hidden'],
      ['kiosk', 'hidden'],
      ['paper', 0],
      ['oral', 0],
    ]);
    expect(r.hiddenN).toBe(10);
    const roles = await breakdownReport({ config, store }, 'keskusta-ta', '2026-04-01', '2026-04-30', 'role');
    expect(roles.groups.map((g) => g.group)).toEqual(['client', 'relative', 'unspecified']);
  });
  it("breaks a parent down as the sum of its units' shown cells, so no unit's hidden cell follows from it", async () => {
    const store = new MemoryStore();
    const unit = (channels: Record<string, [number, number]>): Counts => {
      const c = emptyCounts();
      for (const [ch, [p, d]] of Object.entries(channels)) {
        c.channels[ch] = { n: p + d, promoters: p, passives: 0, detractors: d };
        c.nps.promoters += p;
        c.nps.detractors += d;
        c.n += p + d;
      }
      return c;
    };
    const units = {
      'keskusta-ta': unit({ web: [30, 0], sms: [2, 0], kiosk: [0, 8] }),
      'rantala-ta': unit({ web: [15, 5] }),
      'metsakyla-ta': unit({ web: [6, 0], sms: [3, 3] }),
    };
    const parent = unit({ web: [51, 5], sms: [5, 3], kiosk: [0, 8] });
    for (const [nodeId, c] of Object.entries({ ...units, terveysasemat: parent }))
      await store.put({ nodeId, granularity: 'month', period: '2026-04', counts: c, asOf: 'x' });
    const r = await breakdownReport({ config, store }, 'terveysasemat', '2026-04-01', '2026-04-30', 'channel');
    expect(r.total).toMatchObject({ n: 72 });
    // keskusta-ta's sms (2) and its complement kiosk (8) are hidden in the unit, so the parent's sms
    // counts metsakyla-ta's 6 only and its kiosk, with nothing shown, is hidden.
    expect(r.groups.map((g) => [g.group, 'suppressed' in g ? 'hidden' : [g.n, g.promoters, g.detractors]])).toEqual([
      ['web', [56, 51, 5]],
      ['qr', [0, 0, 0]],
      ['sms', [6, 3, 3]],
      ['kiosk', 'hidden'],
      ['paper', [0, 0, 0]],
      ['oral', [0, 0, 0]],
    ]);
    expect(r.hiddenN).toBe(10);
  });
});

describe('statements', () => {
  it('reports counts, share agreeing and mean of each statement in survey order, hiding small ones', async () => {
    const store = new MemoryStore();
    const c = counts(10, 0);
    c.statements.smooth = [1, 1, 2, 3, 3, 4];
    c.statements.help = [0, 0, 0, 1, 1, 0];
    c.statements.safe = [0, 0, 0, 0, 0, 3];
    await store.put({ nodeId: 'keskusta-ta', granularity: 'month', period: '2026-04', counts: c, asOf: 'x' });
    const r = await statementsReport({ config, store }, 'keskusta-ta', '2026-04-01', '2026-04-30');
    expect(r.statements.map((s) => s.id)).toEqual(['smooth', 'help', 'safe', 'useful', 'info', 'together', 'respect']);
    expect(r.statements[0]).toMatchObject({ id: 'smooth', values: [1, 1, 2, 3, 3], cantSay: 4, n: 10, shareAgreeing: 0.6, mean: 3.6 });
    expect(r.statements[1]).toEqual({ id: 'help', text: expect.any(Object), suppressed: true });
    // Three "can't say" answers only are a small group too.
    expect(r.statements[2]).toEqual({ id: 'safe', text: expect.any(Object), suppressed: true });
    expect(r.statements[3]).toMatchObject({ id: 'useful', n: 0, shareAgreeing: null, mean: null });
  });

  it('includes the statements of every survey version in force during the range', () => {
    const raw = structuredClone(SURVEY_FILES[0]!.data) as {
      versions: {
        version: number;
        publishedOn: string;
        questions: { id: string; type: string; origin: string; text: Record<string, string> }[];
      }[];
    };
    const v2 = structuredClone(raw.versions[0]!);
    v2.version = 2;
    v2.publishedOn = '2026-06-01';
    v2.questions = v2.questions.filter((q) => q.id !== 'together');
    v2.questions.push({ id: 'parking', type: 'statement', origin: 'region', text: { fi: 'P', sv: 'P', en: 'P' } });
    raw.versions.push(v2);
    const cfg = parseConfig(undefined, [{ file: 'x.json', data: raw }]);
    const ids = (from: string, to: string) => statementsInForce({ config: cfg }, ['thl-aikuiset'], from, to).map((s) => s.id);
    expect(ids('2026-05-01', '2026-05-31')).not.toContain('parking');
    expect(ids('2026-06-01', '2026-06-30')).not.toContain('together');
    expect(ids('2026-05-15', '2026-06-15')).toEqual(expect.arrayContaining(['together', 'parking']));
  });
});

describe('csv', () => {
  it.each([
    ['plain text', 'Keskusta', 'Keskusta'],
    ['the delimiter', 'a;b', '"a;b"'],
    ['a comma, for tools that guess the delimiter', 'a,b', '"a,b"'],
    ['quotes doubled', 'say "hi"', '"say ""hi"""'],
    ['a line break', 'a\nb', '"a\nb"'],
    ['a formula guarded', '=SUM(A1)', "'=SUM(A1)"],
    ['a negative number kept a number', -12, '-12'],
    ['empty', null, ''],
  ])('writes %s per RFC 4180', (_name, v, out) => {
    expect(csvField(v)).toBe(out);
  });
  it('starts with a UTF-8 BOM and ends every line with CRLF', () => {
    expect(csvDocument(['a', 'b'], [[1, 'ä']])).toBe('\uFEFFa;b\r\n1;ä\r\n');
  });
});

it('periodDays and periodOf agree on the edge weeks the series uses', () => {
  // 2026-01-01 is a Thursday: ISO week 2026-W01 starts on Monday 2025-12-29.
  expect(periodOf('2025-12-29', 'week')).toBe('2026-W01');
  expect(periodDays('2026-W01', 'week')).toEqual({ first: '2025-12-29', last: '2026-01-04' });
});

/**
 * Whether a hidden node's count follows from the others: the org tree's relations (each node's count
 * is the sum of its children's) with the known counts substituted leave a linear system in the
 * unknown ones; an unknown is derivable by some linear combination of those relations exactly when
 * its unit vector lies in the system's row space. Returns the derivable unknowns.
 */
function derivable(parents: readonly { id: string; children: readonly string[] }[], unknown: readonly string[]): string[] {
  const col = new Map(unknown.map((id, i) => [id, i]));
  const rows: number[][] = [];
  for (const p of parents) {
    if (!p.children.length) continue; // a unit: no relation
    const row = unknown.map(() => 0);
    if (col.has(p.id)) row[col.get(p.id)!]! += 1;
    for (const c of p.children) if (col.has(c)) row[col.get(c)!]! -= 1;
    if (row.some((v) => v !== 0)) rows.push(row);
  }
  // Reduced row echelon form (entries are small integers; a tolerance guards the float arithmetic).
  const basis: { pivot: number; row: number[] }[] = [];
  const reduce = (r: number[]) => {
    const v = [...r];
    for (const b of basis) {
      const f = v[b.pivot]!;
      if (Math.abs(f) > 1e-9) for (let j = 0; j < v.length; j++) v[j]! -= f * b.row[j]!;
    }
    return v;
  };
  for (const r of rows) {
    const v = reduce(r);
    const pivot = v.findIndex((x) => Math.abs(x) > 1e-9);
    if (pivot < 0) continue;
    const scaled = v.map((x) => x / v[pivot]!);
    for (const b of basis) {
      const f = b.row[pivot]!;
      if (Math.abs(f) > 1e-9) for (let j = 0; j < scaled.length; j++) b.row[j]! -= f * scaled[j]!;
    }
    basis.push({ pivot, row: scaled });
  }
  return unknown.filter((_, i) => reduce(unknown.map((__, j) => (j === i ? 1 : 0))).every((x) => Math.abs(x) < 1e-9));
}

describe('tree-wide suppression across every endpoint (a region manager querying every node)', () => {
  const D1 = '2026-04';
  const D2 = '2026-05';
  const SPANS = [D1, D2, `${D1}..${D2}`] as const;
  const FROM = '2026-04-01';
  const TO = '2026-05-31';
  type Span = (typeof SPANS)[number];
  const nodes: { id: string; children: string[] }[] = [];
  const walk = (id: string) => {
    nodes.push({ id, children: config.org.children(id).map((c) => c.id) });
    for (const c of config.org.children(id)) walk(c.id);
  };
  walk(config.org.regionId);
  const units = config.org.units().map((u) => u.id);
  const unitsUnder = (id: string): string[] => (units.includes(id) ? [id] : config.org.children(id).flatMap((c) => unitsUnder(c.id)));

  /** Stores month snapshots of every node for both months, rolled up from the units. */
  async function store(perUnit: Map<string, [number, number]>): Promise<MemoryStore> {
    const s = new MemoryStore();
    for (const { id } of nodes)
      for (const [k, period] of [D1, D2].entries()) {
        const n = unitsUnder(id).reduce((sum, u) => sum + perUnit.get(u)![k]!, 0);
        await s.put({ nodeId: id, granularity: 'month', period, counts: counts(n - (n % 3), n % 3), asOf: 'x' });
      }
    return s;
  }

  /** Everything the API returns for every node, as the counts it reveals per span. */
  async function read(s: MemoryStore, t: number): Promise<Map<Span, Map<string, number>>> {
    const deps = { config, store: s, thresholds: { internal: t, public: 10 } };
    const known = new Map<Span, Map<string, number>>(SPANS.map((sp) => [sp, new Map()]));
    const learn = (span: Span, id: string, cell: object) => {
      if ('suppressed' in cell) return;
      const n = (cell as { n: number }).n;
      const seen = known.get(span)!;
      expect(seen.get(id) ?? n, `${id} over ${span} shown with two values`).toBe(n);
      seen.set(id, n);
    };
    for (const { id, children } of nodes) {
      const months = await npsReport(deps, id, FROM, TO);
      learn(D1, id, months.series[0]!);
      learn(D2, id, months.series[1]!);
      learn(`${D1}..${D2}`, id, months.total);
      for (const [span, from, to] of [
        [D1, FROM, '2026-04-30'],
        [D2, '2026-05-01', TO],
        [`${D1}..${D2}`, FROM, TO],
      ] as const) {
        const r = await childrenReport(deps, id, from, to);
        learn(span, id, r.total);
        for (const [i, c] of r.children.entries()) learn(span, children[i]!, c);
      }
      const b = await breakdownReport(deps, id, FROM, TO, 'channel');
      learn(`${D1}..${D2}`, id, b.total);
      if ('suppressed' in b.total)
        expect(
          b.groups.every((g) => 'suppressed' in g),
          `${id}: groups of a hidden node`,
        ).toBe(true);
      // In this data everyone answers `smooth`, so a shown statement row shows the node's n.
      const st = await statementsReport(deps, id, FROM, TO);
      const smooth = st.statements.find((r) => r.id === 'smooth')!;
      if (!('suppressed' in smooth)) learn(`${D1}..${D2}`, id, smooth);
    }
    return known;
  }

  const unitCounts = fc.tuple(
    ...units.map(() =>
      fc.tuple(...[0, 1].map(() => fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 40 })))),
    ),
  ) as fc.Arbitrary<[number, number][]>;

  it('property: no hidden count, nor a small sum of hidden counts, follows from any linear combination of parent and children sums', async () => {
    await fc.assert(
      fc.asyncProperty(unitCounts, fc.integer({ min: 3, max: 8 }), async (perUnitList, t) => {
        const perUnit = new Map(units.map((u, i) => [u, perUnitList[i]!]));
        const truth = (span: Span, id: string) =>
          unitsUnder(id).reduce(
            (sum, u) =>
              sum + (span === D1 ? perUnit.get(u)![0] : span === D2 ? perUnit.get(u)![1] : perUnit.get(u)![0] + perUnit.get(u)![1]),
            0,
          );
        const known = await read(await store(perUnit), t);
        for (const span of SPANS) {
          const seen = known.get(span)!;
          for (const [id, n] of seen) {
            expect(n, `${id} over ${span}`).toBe(truth(span, id));
            expect(n >= 1 && n < t, `small ${id} shown over ${span}`).toBe(false);
          }
          const unknown = nodes.map((n) => n.id).filter((id) => !seen.has(id));
          expect(derivable(nodes, unknown), `derivable over ${span}`).toEqual([]);
          for (const p of nodes) {
            if (!seen.has(p.id)) continue;
            const hiddenSum = p.children.filter((c) => !seen.has(c)).reduce((sum, c) => sum + truth(span, c), 0);
            expect(hiddenSum >= 1 && hiddenSum < t, `hidden children of ${p.id} hold ${hiddenSum} over ${span}`).toBe(false);
          }
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('the linear reader finds what per-endpoint suppression used to leak: a complement node shown on its own', () => {
    // region = a + b + c with b small and c its complement: c shown on its own endpoint gives b.
    const tree = [
      { id: 'r', children: ['a', 'b', 'c'] },
      { id: 'c', children: ['c1', 'c2'] },
    ];
    expect(derivable(tree, ['b', 'c1'])).toEqual(['b', 'c1']);
    expect(derivable(tree, ['b', 'c', 'c1'])).toEqual([]);
    // Leaves carry no relation of their own.
    expect(derivable([...tree, { id: 'b', children: [] }], ['b', 'c', 'c1'])).toEqual([]);
  });
});
