/**
 * Property-based (fast-check) over real HTTP on the local stack: random answers across units, days
 * (both 2026 DST days and the month ends around them), times near Helsinki midnight and in the DST
 * hour, channels, roles and statements arrive in batches; after each batch two aggregation runs
 * overlap. Then every figure the API reports for every node — months, the total over the closed
 * months, children per month, breakdowns by channel and role, statements — equals a direct
 * computation from all raw answers so far, and is suppressed exactly where the rule says: tree-wide in
 * each month (small groups, their complements, and enough children of a hidden node), a range hidden
 * where any of its months is, breakdowns as sums of the units' shown cells, each statement its own
 * tree. November is not yet reported on the clock's date, so its answers (those just after the October DST
 * night's month end) must appear nowhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import { CHANNELS, type StoredAnswer } from '#shared/feedback/answer.ts';
import { suppressCellTree, suppressChildren, type CellTree } from '#shared/reporting/suppression.ts';
import { startTestStack } from '../../support/local-stack.ts';
import {
  allNodes,
  answersOf,
  bucketsOf,
  expectedCell,
  getJson,
  lastDay,
  startAggregationAt,
  STATEMENTS,
  storedAnswer,
  token,
  treeHidden,
  unitsUnder,
  writeAnswers,
} from './report-data.ts';

const config = parseConfig();
let stack: LocalStack;
let bearer: string;
const all: StoredAnswer[] = [];
// On 10 December October is the newest month reported (30 days after it ended); November is not.
const T0 = Date.parse('2026-12-10T10:00:00Z');
const T = 5; // internal threshold

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set(new Date(T0).toISOString());
  await startAggregationAt(stack, new Date(T0 - 3_600_000).toISOString());
  bearer = await token(stack, [config.org.regionId]);
});
afterAll(() => stack?.close());

/** Days with data: the DST days, their neighbours and the month ends next to them. */
const DAYS = [
  '2026-03-28',
  '2026-03-29',
  '2026-03-30',
  '2026-03-31',
  '2026-04-01',
  '2026-10-24',
  '2026-10-25',
  '2026-10-26',
  '2026-10-31',
  '2026-11-01',
];
const MONTHS = ['2026-03', '2026-04', '2026-10'];
/** The closed months the reports cover on the clock's date (November 2026 is still open). */
const FROM = '2026-03-01';
const TO = '2026-10-31';
const SPAN = `${FROM}..${TO}`;
const BUSY = ['keskusta-ta', 'rantala-ta', 'fysioterapia', 'kotihoito-ita'];

/** An instant on or around a day: anywhere in it, within minutes of a Helsinki midnight, or in the DST hour. */
const instant = fc
  .record({
    day: fc.constantFrom(...DAYS),
    kind: fc.constantFrom('any', 'midnight', 'dst'),
    seconds: fc.integer({ min: -180, max: 180 }),
    minute: fc.integer({ min: 0, max: 26 * 60 }),
    edge: fc.constantFrom(-3, -2, 21, 22),
  })
  .map(({ day, kind, seconds, minute, edge }) => {
    const base = Date.parse(`${day}T00:00:00Z`);
    // Helsinki midnight is 22:00 or 21:00 UTC the day before (EET / EEST); the switch is at 01:00 UTC.
    if (kind === 'midnight') return new Date(base + edge * 3_600_000 + seconds * 1000).toISOString();
    if (kind === 'dst') return new Date(base + 3_600_000 + seconds * 30_000).toISOString();
    return new Date(base - 3 * 3_600_000 + minute * 60_000).toISOString();
  });

const answer = fc.record({
  unitId: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...BUSY) },
    { weight: 2, arbitrary: fc.constantFrom(...config.org.units().map((u) => u.id)) },
  ),
  submittedAt: instant,
  channel: fc.constantFrom(...CHANNELS),
  nps: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 8, nil: undefined }),
  role: fc.option(fc.constantFrom('client' as const, 'relative' as const), { freq: 3, nil: undefined }),
  statements: fc.dictionary(fc.constantFrom(...STATEMENTS), fc.constantFrom<1 | 2 | 3 | 4 | 5 | 'cant_say'>(1, 2, 3, 4, 5, 'cant_say'), {
    maxKeys: 7,
  }),
  lag: fc.integer({ min: 0, max: 600 }),
});

const get = async (path: string) => {
  const r = await getJson<Record<string, unknown>>(stack, path, bearer);
  if (r.status !== 200) throw new Error(`${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/** Checks every report of every node against the raw answers so far. */
async function checkEverything(): Promise<void> {
  const monthPeriods = ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
  const inMonth = (id: string, m: string) => answersOf(config, all, id, `${m}-01`, lastDay(m));
  // What the tree-wide rule hides in each month.
  const hiddenMonth = new Map(monthPeriods.map((m) => [m, treeHidden(config, (id) => inMonth(id, m), T)]));
  const hiddenSpan = (id: string) => monthPeriods.some((m) => hiddenMonth.get(m)!.has(id));
  for (const node of allNodes(config)) {
    // Months, and the total over them: shown only where every month is.
    const months = await get(`/api/reports/nps?node=${node.id}&from=${FROM}&to=${TO}&granularity=month`);
    expect(months.series, node.id).toEqual(
      monthPeriods.map((m) => expectedCell(m, inMonth(node.id, m), T, hiddenMonth.get(m)!.has(node.id))),
    );
    expect(months.total, node.id).toEqual(expectedCell(SPAN, answersOf(config, all, node.id, FROM, TO), T, hiddenSpan(node.id)));

    // Children per month, suppressed exactly where the tree-wide rule puts it.
    const kids = config.org.children(node.id);
    for (const m of MONTHS) {
      const from = `${m}-01`;
      const to = lastDay(m);
      const period = `${from}..${to}`;
      const hidden = hiddenMonth.get(m)!;
      const r = await get(`/api/reports/children?node=${node.id}&from=${from}&to=${to}`);
      const direct = kids.map((k) => answersOf(config, all, k.id, from, to));
      expect(r.total, `${node.id} ${m}`).toEqual(expectedCell(period, answersOf(config, all, node.id, from, to), T, hidden.has(node.id)));
      expect(r.children, `${node.id} ${m}`).toEqual(
        kids.map((k, i) => ({ node: k.id, kind: k.kind, name: k.name, ...expectedCell(period, direct[i]!, T, hidden.has(k.id)) })),
      );
    }

    // Breakdowns by channel and role over the closed months: each group the sum of the units' shown
    // cells month by month (a unit's groups suppressed within the unit, all of them when the unit is
    // hidden); everything hidden when the node is hidden in some month.
    const span = answersOf(config, all, node.id, FROM, TO);
    for (const [by, groups, keyOf] of [
      ['channel', CHANNELS, (a: StoredAnswer) => a.channel],
      ['role', ['client', 'relative', 'unspecified'], (a: StoredAnswer) => a.role ?? 'unspecified'],
    ] as const) {
      const r = await get(`/api/reports/breakdown?node=${node.id}&from=${FROM}&to=${TO}&by=${by}`);
      const shown = new Map<string, StoredAnswer[]>(groups.map((g) => [g, []]));
      for (const m of monthPeriods)
        for (const u of unitsUnder(config, node.id)) {
          const direct = groups.map((g) => inMonth(u.id, m).filter((a) => keyOf(a) === g));
          const hidden = hiddenMonth.get(m)!.has(u.id)
            ? direct.map(() => true)
            : suppressChildren(
                direct.map((a) => nOf(a)),
                T,
              );
          for (const [i, g] of groups.entries()) if (!hidden[i]) shown.get(g)!.push(...direct[i]!);
        }
      const nodeHidden = hiddenSpan(node.id);
      expect(r.groups, `${node.id} by ${by}`).toEqual(
        groups.map((g) => {
          const hide = nodeHidden || (nOf(shown.get(g)!) === 0 && nOf(span.filter((a) => keyOf(a) === g)) > 0);
          return { group: g, ...expectedCell(SPAN, shown.get(g)!, T, hide) };
        }),
      );
      const inGroups = [...shown.values()].reduce((sum, a) => sum + nOf(a), 0);
      expect(r.hiddenN, `${node.id} by ${by}`).toBe(nodeHidden ? null : nOf(span) - inGroups);
    }

    // Statements over the closed months: a row hidden where the statement's own tree hides the node
    // in some month (started from the NPS tree's hidden nodes), every row where the NPS tree does.
    const st = await get(`/api/reports/statements?node=${node.id}&from=${FROM}&to=${TO}`);
    const rows = (st.statements as Record<string, unknown>[]).map(({ text: _t, ...rest }) => rest);
    expect(rows, node.id).toEqual(
      STATEMENTS.map((id) => {
        if (monthPeriods.some((m) => hiddenMonth.get(m)!.has(node.id) || statementHidden(id, m, hiddenMonth.get(m)!).has(node.id)))
          return { id, suppressed: true };
        const values = [1, 2, 3, 4, 5].map((v) => span.filter((a) => a.answers[id] === v).length) as [
          number,
          number,
          number,
          number,
          number,
        ];
        const cantSay = span.filter((a) => a.answers[id] === 'cant_say').length;
        const n = values.reduce((s, v) => s + v, 0);
        return {
          id,
          values,
          cantSay,
          n,
          shareAgreeing: n ? (values[3] + values[4]) / n : null,
          mean: n ? values.reduce((s, v, i) => s + v * (i + 1), 0) / n : null,
        };
      }),
    );
  }
}

/** The nodes whose row of a statement is hidden in a month: the statement's tree, counted directly. */
function statementHidden(statementId: string, month: string, forced: ReadonlySet<string>): Set<string> {
  const build = (id: string): CellTree => {
    const answers = answersOf(config, all, id, `${month}-01`, lastDay(month));
    const n = answers.filter((a) => typeof a.answers[statementId] === 'number').length;
    const cantSay = answers.filter((a) => a.answers[statementId] === 'cant_say').length;
    return { id, counts: [n + cantSay, n], children: config.org.children(id).map((c) => build(c.id)) };
  };
  return suppressCellTree(build(config.org.regionId), T, forced);
}

/** Answers to the NPS question. */
function nOf(answers: readonly StoredAnswer[]): number {
  const b = bucketsOf(answers);
  return b.promoters + b.passives + b.detractors;
}

describe('reports equal a direct computation from the raw answers', () => {
  it('for random batches of answers, after overlapping aggregation runs, for every node, month, child, group and statement', async () => {
    let batch = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 120 }), async (specs) => {
        batch += 1;
        const now = T0 + batch * 3_600_000;
        const stored = specs.map(({ lag, ...s }) => storedAnswer(config, { ...s, receivedAt: new Date(now - lag * 1000).toISOString() }));
        await writeAnswers(stack, stored);
        all.push(...stored);
        stack.clock.set(new Date(now).toISOString());
        // Two runs overlap; each recomputes and overwrites, so neither may count an answer twice.
        await Promise.all([stack.scheduler.run('aggregate'), stack.scheduler.run('aggregate')]);
        await checkEverything();
      }),
      { numRuns: 5, endOnFailure: true },
    );
    expect(all.length).toBeGreaterThan(0);
  }, 600_000);

  it('keeps every figure after a repeated run and the nightly pass', async () => {
    await stack.scheduler.run('aggregate');
    await Promise.all([stack.scheduler.run('aggregateNightly'), stack.scheduler.run('aggregate')]);
    await checkEverything();
  }, 300_000);
});
