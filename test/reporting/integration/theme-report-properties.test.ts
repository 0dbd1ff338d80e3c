/**
 * Property-based (fast-check) over real HTTP on the local stack: random answers, with and without
 * comments, each comment with random themes and a sentiment, arrive in batches across units and
 * months; the case opener opens their cases; handlers correct the labels of random cases through
 * `PATCH /api/cases/{id}`; then the aggregation runs. Every node's `GET /api/reports/themes` over the
 * closed months then equals a direct count from the cases as they stand (the corrections counted),
 * and every cell is suppressed exactly where the rule says: everything where the NPS tree hides the
 * node in some month, a theme's row where the theme's own tree (small groups and their complements,
 * started from the NPS tree's hidden nodes) hides it in some month, the total likewise by all comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import type { Case } from '#shared/cases/case.ts';
import { DynamoCaseStore } from '#shared/cases/dynamo-case-store.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { suppressCellTree, type CellTree } from '#shared/reporting/suppression.ts';
import { SENTIMENTS, THEME_IDS, type Sentiment, taxonomyOf, type ThemeId } from '#shared/text/index.ts';
import { startTestStack } from '../../support/local-stack.ts';
import {
  allNodes,
  answersOf,
  getJson,
  lastDay,
  startAggregationAt,
  storedAnswer,
  token,
  treeHidden,
  unitsUnder,
  writeAnswers,
} from './report-data.ts';

const config = parseConfig();
let stack: LocalStack;
let reader: string;
let handler: string;
let cases: DynamoCaseStore;
const all: StoredAnswer[] = [];
const T0 = Date.parse('2026-12-10T10:00:00Z');
const T = 5;
const MONTHS = ['2026-09', '2026-10'];
const FROM = '2026-09-01';
const TO = '2026-10-31';
const BUSY = ['keskusta-ta', 'rantala-ta', 'fysioterapia'];

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set(new Date(T0).toISOString());
  await startAggregationAt(stack, new Date(T0 - 3_600_000).toISOString());
  reader = await token(stack, [config.org.regionId]);
  handler = await token(stack, [config.org.regionId], ['cases:read', 'cases:write']);
  cases = new DynamoCaseStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.cases);
});
afterAll(() => stack?.close());

const themes = fc.uniqueArray(fc.constantFrom(...THEME_IDS), { minLength: 1, maxLength: 3 });
const answer = fc.record({
  unitId: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...BUSY) },
    { weight: 1, arbitrary: fc.constantFrom(...config.org.units().map((u) => u.id)) },
  ),
  day: fc.constantFrom('2026-09-01', '2026-09-15', '2026-09-30', '2026-10-01', '2026-10-20', '2026-10-31', '2026-11-02'),
  nps: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 8, nil: undefined }),
  comment: fc.option(fc.record({ themes, sentiment: fc.constantFrom(...SENTIMENTS) }), { freq: 2, nil: undefined }),
  lag: fc.integer({ min: 0, max: 600 }),
});
const correction = fc.record({
  pick: fc.nat(),
  themes: fc.option(themes, { nil: undefined }),
  sentiment: fc.option(fc.constantFrom(...SENTIMENTS), { nil: undefined }),
});

/** The labels every commented answer's case carries now, read back from the cases table. */
async function currentLabels(): Promise<Map<string, { themes: ThemeId[]; sentiment: Sentiment }>> {
  const got = await cases.getMany(all.filter((a) => a.text).map((a) => a.id));
  return new Map(
    got
      .filter((c): c is Case & { themes: ThemeId[]; sentiment: Sentiment } => Boolean(c.themes && c.sentiment))
      .map((c) => [c.id, { themes: c.themes, sentiment: c.sentiment }]),
  );
}

/** Checks every node's themes report against the cases, counted directly. */
async function checkEverything(): Promise<void> {
  const labels = await currentLabels();
  const inMonth = (id: string, m: string) => answersOf(config, all, id, `${m}-01`, lastDay(m));
  const labelled = (list: readonly StoredAnswer[]) => list.flatMap((a) => (labels.has(a.id) ? [labels.get(a.id)!] : []));
  const hiddenNps = new Map(MONTHS.map((m) => [m, treeHidden(config, (id) => inMonth(id, m), T)]));
  // A theme's own tree in a month (null: all comments), counted from the cases, started from the NPS tree's hidden nodes.
  const themeTree = (theme: ThemeId | null, m: string) => {
    const build = (id: string): CellTree => ({
      id,
      counts: [labelled(inMonth(id, m)).filter((l) => theme === null || l.themes.includes(theme)).length],
      children: config.org.children(id).map((c) => build(c.id)),
    });
    return suppressCellTree(build(config.org.regionId), T, hiddenNps.get(m)!);
  };
  const trees = new Map<string, Set<string>>();
  const hidden = (theme: ThemeId | null, node: string) =>
    MONTHS.some((m) => {
      const key = `${theme}|${m}`;
      if (!trees.has(key)) trees.set(key, themeTree(theme, m));
      return hiddenNps.get(m)!.has(node) || trees.get(key)!.has(node);
    });
  for (const node of allNodes(config)) {
    const r = await getJson<Record<string, unknown>>(stack, `/api/reports/themes?node=${node.id}&from=${FROM}&to=${TO}&lang=sv`, reader);
    expect(r.status, node.id).toBe(200);
    const span = labelled(answersOf(config, all, node.id, FROM, TO));
    expect(r.body.total, node.id).toEqual(hidden(null, node.id) ? { suppressed: true } : { n: span.length });
    expect(r.body.themes, node.id).toEqual(
      THEME_IDS.map((id) => {
        const label = taxonomyOf(config.org).labels[id].sv;
        if (hidden(id, node.id)) return { id, label, suppressed: true };
        const of = span.filter((l) => l.themes.includes(id));
        return { id, label, n: of.length, ...Object.fromEntries(SENTIMENTS.map((s) => [s, of.filter((l) => l.sentiment === s).length])) };
      }),
    );
  }
  expect(unitsUnder(config, config.org.regionId).length).toBeGreaterThan(0);
}

describe('the themes report equals a direct count from the cases, suppression included', () => {
  it('for random batches of commented answers and random corrections by handlers', async () => {
    let batch = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 80 }), fc.array(correction, { maxLength: 6 }), async (specs, fixes) => {
        batch += 1;
        const now = T0 + batch * 3_600_000;
        const stored = specs.map(({ lag, day, comment, ...s }) => ({
          ...storedAnswer(config, {
            ...s,
            channel: 'web',
            submittedAt: `${day}T09:00:00.000Z`,
            receivedAt: new Date(now - lag * 1000).toISOString(),
            ...(comment ? { text: 'Kommentti' } : {}),
          }),
          ...(comment ?? {}),
        }));
        await writeAnswers(stack, stored);
        all.push(...stored);
        stack.clock.set(new Date(now).toISOString());
        await stack.scheduler.run('openCases');
        // Handlers correct some cases (any case opened so far) through the API.
        const commented = all.filter((a) => a.text);
        for (const f of fixes) {
          if (!commented.length || (f.themes === undefined && f.sentiment === undefined)) continue;
          const id = commented[f.pick % commented.length]!.id;
          const c = await cases.get(id);
          const res = await fetch(`${stack.url}/api/cases/${id}`, {
            method: 'PATCH',
            headers: { authorization: `Bearer ${handler}`, 'content-type': 'application/json', 'if-match': String(c!.version) },
            body: JSON.stringify({ ...(f.themes ? { themes: f.themes } : {}), ...(f.sentiment ? { sentiment: f.sentiment } : {}) }),
          });
          expect(res.status).toBe(200);
        }
        stack.clock.set(new Date(now + 60_000).toISOString());
        await stack.scheduler.run('aggregate');
        await checkEverything();
      }),
      { numRuns: 4, endOnFailure: true },
    );
    expect(all.some((a) => a.text)).toBe(true);
  }, 600_000);
});
