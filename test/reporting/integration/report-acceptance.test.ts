/**
 * Acceptance: a generated data set of 50,000 answers over January–November 2026 (both DST days,
 * answers minutes from Helsinki midnight and in the DST hour, late kiosk syncs, two sparse units so
 * that small groups occur) is written to the feedback table and aggregated by the scheduled run.
 * For every node and month the reporting API's figures equal a direct computation from the raw
 * answers; every cell and child is suppressed exactly by the tree-wide rule of its month, and a total
 * over several months is hidden exactly where some month hides the node; the months on either side of
 * both DST changes hold exactly their Helsinki answers, midnights included, and a day series is refused;
 * the export agrees for the DST months, blank exactly where the API hides; a repeated and an
 * overlapping run change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import { CHANNELS, type StoredAnswer } from '#shared/feedback/answer.ts';
import { startTestStack } from '../../support/local-stack.ts';
import {
  allNodes,
  bucketsOf,
  expectedCell,
  exportChannelBlanks,
  getJson,
  helsinkiDay,
  lastDay,
  rng,
  statementTreeHidden,
  STATEMENTS,
  storedAnswer,
  token,
  treeHidden,
  writeAnswers,
} from './report-data.ts';

const config = parseConfig();
const COUNT = 50_000;
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
const START = Date.parse('2025-12-31T22:00:00Z'); // 1 Jan 2026 00:00 Helsinki
const END = Date.parse('2026-11-14T22:00:00Z'); // 15 Nov 2026 00:00 Helsinki
const SPARSE: Record<string, number> = { 'neuvola-keskusta': 0.008, 'kotikuntoutus-pohjoinen': 0.02 };

let stack: LocalStack;
let bearer: string;
const all: StoredAnswer[] = [];
/** Answers per node and Helsinki month, counted directly. */
const byNodeMonth = new Map<string, StoredAnswer[]>();
const timings: Record<string, number> = {};

/** The 50,000 answers, deterministic. */
function generate(): StoredAnswer[] {
  const random = rng(2026);
  const units = config.org.units().map((u) => u.id);
  const weights = units.map((u) => SPARSE[u] ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let x = random() * total;
    for (let i = 0; i < units.length; i++) {
      x -= weights[i]!;
      if (x < 0) return units[i]!;
    }
    return units[units.length - 1]!;
  };
  const dstChanges = [Date.parse('2026-03-29T01:00:00Z'), Date.parse('2026-10-25T01:00:00Z')];
  const out: StoredAnswer[] = [];
  for (let i = 0; i < COUNT; i++) {
    const kind = random();
    let at: number;
    if (kind < 0.08) {
      // Minutes from a Helsinki midnight: 22:00 UTC in winter, 21:00 UTC in summer.
      const day = START + Math.floor(random() * ((END - START) / 86_400_000)) * 86_400_000;
      at = day + (random() < 0.5 ? 0 : -3_600_000) + Math.floor((random() - 0.5) * 600_000);
    } else if (kind < 0.1) at = dstChanges[Math.floor(random() * 2)]! + Math.floor((random() - 0.5) * 4 * 3_600_000);
    else at = START + Math.floor(random() * (END - START));
    const late = random() < 0.02;
    const statements: Record<string, 1 | 2 | 3 | 4 | 5 | 'cant_say'> = {};
    for (const s of STATEMENTS) if (random() < 0.7) statements[s] = random() < 0.08 ? 'cant_say' : ((1 + Math.floor(random() * 5)) as 1);
    out.push(
      storedAnswer(config, {
        unitId: pick(),
        channel: late ? 'paper' : CHANNELS[Math.floor(random() * CHANNELS.length)]!,
        submittedAt: new Date(at).toISOString(),
        // Paper feedback is typed in up to five days later.
        receivedAt: new Date(at + (late ? Math.floor(random() * 5 * 86_400_000) : Math.floor(random() * 60_000))).toISOString(),
        ...(random() < 0.95 ? { nps: Math.floor(random() * 11) } : {}),
        ...(random() < 0.8 ? { role: random() < 0.85 ? ('client' as const) : ('relative' as const) } : {}),
        statements,
      }),
    );
  }
  return out;
}

beforeAll(async () => {
  let t = Date.now();
  all.push(...generate());
  for (const a of all) {
    const month = helsinkiDay(a.submittedAt).slice(0, 7);
    for (const node of [a.unitId, a.serviceId, a.serviceAreaId, a.regionId]) {
      const key = `${node}|${month}`;
      (byNodeMonth.get(key) ?? byNodeMonth.set(key, []).get(key)!).push(a);
    }
  }
  timings.generateMs = Date.now() - t;
  stack = await startTestStack();
  // 31 December: November ended 31 days ago and late paper answers can no longer change it, so
  // January–November is reported (the first day it is).
  stack.clock.set('2026-12-31T12:00:00+02:00');
  t = Date.now();
  await writeAnswers(stack, all);
  timings.writeMs = Date.now() - t;
  t = Date.now();
  await stack.scheduler.run('aggregate');
  timings.aggregateMs = Date.now() - t;
  bearer = await token(stack, [config.org.regionId]);
  console.log(JSON.stringify({ acceptance: COUNT, ...timings }));
}, 400_000);
afterAll(() => stack?.close());

const monthAnswers = (nodeId: string, month: string) => byNodeMonth.get(`${nodeId}|${month}`) ?? [];
/** What the tree-wide rule hides in a month. */
const hiddenMonth = (month: string) => treeHidden(config, (id) => monthAnswers(id, month));
const get = async (path: string) => {
  const r = await getJson<Record<string, unknown>>(stack, path, bearer);
  if (r.status !== 200) throw new Error(`${path} → ${r.status}`);
  return r.body;
};
const nOf = (a: readonly StoredAnswer[]) => {
  const b = bucketsOf(a);
  return b.promoters + b.passives + b.detractors;
};

describe(`${COUNT.toLocaleString('en')} generated answers`, () => {
  it('spans every month with both DST days, midnights, late syncs and small groups, so the checks below mean something', () => {
    expect(all).toHaveLength(COUNT);
    const days = new Set(all.map((a) => helsinkiDay(a.submittedAt)));
    expect(days.has('2026-03-29') && days.has('2026-10-25')).toBe(true);
    expect(all.filter((a) => Date.parse(a.receivedAt) - Date.parse(a.submittedAt) > 86_400_000).length).toBeGreaterThan(100);
    const small = MONTHS.filter((m) => {
      const n = nOf(monthAnswers('neuvola-keskusta', m));
      return n >= 1 && n < 5;
    });
    expect(small.length).toBeGreaterThan(0);
  });

  it('reports, for every node and month, exactly the figures computed from the raw answers', async () => {
    let cells = 0;
    const hidden = new Map(MONTHS.map((m) => [m, hiddenMonth(m)]));
    let totalsHidden = 0;
    for (const node of allNodes(config)) {
      const r = await get(`/api/reports/nps?node=${node.id}&from=2026-01-01&to=2026-11-30&granularity=month`);
      expect(r.series, node.id).toEqual(MONTHS.map((m) => expectedCell(m, monthAnswers(node.id, m), 5, hidden.get(m)!.has(node.id))));
      const everything = MONTHS.flatMap((m) => monthAnswers(node.id, m));
      // The total is shown only where every month shows the node: then it is the months' sum.
      const anyHidden = MONTHS.some((m) => hidden.get(m)!.has(node.id));
      expect(r.total, node.id).toEqual(expectedCell('2026-01-01..2026-11-30', everything, 5, anyHidden));
      if (anyHidden) totalsHidden++;
      cells += MONTHS.length;
    }
    expect(cells).toBe(allNodes(config).length * MONTHS.length);
    // Both kinds of total occur, so the check above means something.
    expect(totalsHidden).toBeGreaterThan(0);
    expect(totalsHidden).toBeLessThan(allNodes(config).length);
  });

  it('suppresses the children of every node in every month exactly where the tree-wide rule says', async () => {
    const hiddenIn = new Map(MONTHS.map((m) => [m, hiddenMonth(m)]));
    for (const node of allNodes(config)) {
      const kids = config.org.children(node.id);
      if (!kids.length) continue;
      for (const m of MONTHS) {
        const period = `${m}-01..${lastDay(m)}`;
        const r = await get(`/api/reports/children?node=${node.id}&from=${m}-01&to=${lastDay(m)}`);
        const hidden = hiddenIn.get(m)!;
        expect(r.total, `${node.id} ${m}`).toEqual(expectedCell(period, monthAnswers(node.id, m), 5, hidden.has(node.id)));
        expect(r.children, `${node.id} ${m}`).toEqual(
          kids.map((k) => ({
            node: k.id,
            kind: k.kind,
            name: k.name,
            ...expectedCell(period, monthAnswers(k.id, m), 5, hidden.has(k.id)),
          })),
        );
      }
    }
  });

  it('counts answers minutes either side of a Helsinki midnight in their own month around both DST changes, and refuses a day series', async () => {
    // Replaces "every day around both DST changes": days are not reported any more.
    const day = await getJson<Record<string, unknown>>(
      stack,
      `/api/reports/nps?node=${config.org.regionId}&from=2026-03-01&to=2026-03-31&granularity=day`,
      bearer,
    );
    expect([day.status, day.body]).toEqual([
      400,
      {
        error: {
          code: 'validation_failed',
          message: 'The query is not valid.',
          issues: [{ path: 'query.granularity', message: 'Invalid input: expected "month"' }],
        },
      },
    ]);
    // The month edges of the DST months (Helsinki midnight: +02:00 in winter, +03:00 in summer), with
    // answers within ten minutes either side of them, so the months below are told apart to the minute.
    const edges = ['2026-03-01T00:00:00+02:00', '2026-04-01T00:00:00+03:00', '2026-10-01T00:00:00+03:00', '2026-11-01T00:00:00+02:00'];
    const near = (side: -1 | 1) =>
      all.filter((a) =>
        edges.some((e) => {
          const d = (Date.parse(a.submittedAt) - Date.parse(e)) * side;
          return d >= 0 && d < 600_000;
        }),
      ).length;
    expect(near(-1)).toBeGreaterThan(0);
    expect(near(1)).toBeGreaterThan(0);
    const hidden = new Map(MONTHS.map((m) => [m, hiddenMonth(m)]));
    for (const node of allNodes(config)) {
      for (const months of [
        ['2026-03', '2026-04'],
        ['2026-10', '2026-11'],
      ] as const) {
        const [first, last] = months;
        const r = await get(`/api/reports/nps?node=${node.id}&from=${first}-01&to=${lastDay(last)}`);
        expect(r.series, `${node.id} ${first}`).toEqual(
          months.map((m) => expectedCell(m, monthAnswers(node.id, m), 5, hidden.get(m)!.has(node.id))),
        );
        expect(r.total, `${node.id} ${first}`).toEqual(
          expectedCell(
            `${first}-01..${lastDay(last)}`,
            months.flatMap((m) => monthAnswers(node.id, m)),
            5,
            months.some((m) => hidden.get(m)!.has(node.id)),
          ),
        );
      }
    }
  });

  it('exports the DST months with the same counts per unit', async () => {
    for (const month of ['2026-03', '2026-10']) {
      const npsHidden = hiddenMonth(month);
      const smoothHidden = statementTreeHidden(config, (id) => monthAnswers(id, month), 'smooth', npsHidden);
      const r = await fetch(`${stack.url}/api/exports/monthly?month=${month}`, { headers: { authorization: `Bearer ${bearer}` } });
      const [header, ...rows] = (await r.text())
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n')
        .map((l) => l.split(';'));
      const col = (name: string) => header!.indexOf(name);
      for (const row of rows) {
        const unit = row[col('unit_id')]!;
        const mine = monthAnswers(unit, month);
        if (row[col('suppressed')] === '1') {
          // Only a small unit or a complement within its service is ever blanked.
          expect(row[col('n')]).toBe('');
          continue;
        }
        // A row the API hides is blanked whole.
        expect(npsHidden.has(unit), `${unit} ${month}`).toBe(false);
        const b = bucketsOf(mine);
        expect(
          [row[col('answers')], row[col('n')], row[col('promoters')], row[col('passives')], row[col('detractors')]].map(Number),
          `${unit} ${month}`,
        ).toEqual([mine.length, nOf(mine), b.promoters, b.passives, b.detractors]);
        // Blank exactly where the API hides the channel or the statement's row for the unit.
        expect(row[col('channel_kiosk')], `${unit} ${month} kiosk`).toBe(
          exportChannelBlanks(mine, false).has('kiosk') ? '' : String(mine.filter((a) => a.channel === 'kiosk').length),
        );
        expect(row[col('smooth_cant_say')], `${unit} ${month} smooth`).toBe(
          smoothHidden.has(unit) ? '' : String(mine.filter((a) => a.answers.smooth === 'cant_say').length),
        );
      }
    }
  });

  it('changes no figure when the run repeats and two runs overlap', async () => {
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(
          allNodes(config).map((n) => get(`/api/reports/nps?node=${n.id}&from=2026-01-01&to=2026-11-30&granularity=month`)),
        ),
      );
    const before = await snapshot();
    stack.clock.set('2026-12-31T12:15:00+02:00');
    await stack.scheduler.run('aggregate');
    await Promise.all([stack.scheduler.run('aggregate'), stack.scheduler.run('aggregate')]);
    expect(await snapshot()).toBe(before);
  });
});
