/**
 * The scheduled aggregation. Every snapshot is recomputed from its sources and overwritten, never
 * incremented, so running twice or two runs overlapping cannot count an answer twice; a conditional
 * write keeps the snapshot read from the later sources. The incremental run recomputes only the unit
 * days touched by answers that arrived since the last run, then the roll-ups and periods above them:
 * its cost follows the new answers and the buckets they touch, not the history.
 */
import { type AppConfig, addDays, helsinkiDate, helsinkiInstant, type Clock } from '../platform/index.ts';
import type { FeedbackStore, StoredAnswer } from '../feedback/index.ts';
import type { CaseLabelSource } from '../cases/index.ts';
import type { AggregateStore } from './aggregate-store.ts';
import { countAnswers, sumCounts } from './counts.ts';
import { periodDays, periodOf, type Granularity } from './periods.ts';

/** How far before the watermark a run looks again: the arrival index is eventually consistent. */
export const ARRIVAL_LAG_MS = 2 * 60_000;
/** Where the first run starts when there is no watermark yet. */
export const FIRST_RUN_DAYS = 400;

/** What aggregation reads of the stored answers: a unit's answers by time, and what arrived when. */
export type AnswerSource = Pick<FeedbackStore, 'listUnitAnswers' | 'listArrivals'>;

/** What aggregation needs. */
export interface AggregateDeps {
  config: AppConfig;
  feedback: AnswerSource;
  store: AggregateStore;
  clock: Clock;
  /**
   * The cases' labels: themes are counted as each answer's case says (a handler's correction, the
   * remote model's labels), and days whose cases were relabelled are recounted. Without it, the
   * labels intake stored on the answers are counted.
   */
  labels?: CaseLabelSource | undefined;
}

/**
 * The answers with each comment's labels as its case carries them now. Reads the cases of the
 * commented answers only (one BatchGetItem per 100): a case not opened yet has the answer's labels.
 */
export async function withCaseLabels(labels: CaseLabelSource | undefined, answers: StoredAnswer[]): Promise<StoredAnswer[]> {
  const commented = answers.filter((a) => a.text);
  if (!labels || !commented.length) return answers;
  const byId = await labels.labelsOf(commented.map((a) => a.id));
  return answers.map((a) => {
    const l = byId.get(a.id);
    return l ? { ...a, themes: l.themes, sentiment: l.sentiment } : a;
  });
}

/** What a run did. */
export interface AggregateResult {
  asOf: string;
  arrivals: number;
  unitDays: number;
  snapshots: number;
}

/** What an incremental run did, and the watermark it left (never earlier than its `asOf`). */
export interface IncrementalResult extends AggregateResult {
  watermark: string;
}

/** Recomputes the snapshots of the given unit days and everything above them. */
export async function recompute(deps: AggregateDeps, unitDays: Iterable<{ unitId: string; date: string }>, asOf: string): Promise<number> {
  const { org } = deps.config;
  let written = 0;
  const put = async (nodeId: string, g: Granularity, period: string, counts: ReturnType<typeof sumCounts>) => {
    if (await deps.store.put({ nodeId, granularity: g, period, counts, asOf })) written += 1;
  };

  // 1. Unit days, from the answers themselves. A Helsinki day is [00:00, next 00:00) local, 23–25 h long.
  const dates = new Map<string, Set<string>>(); // date → units touched
  for (const { unitId, date } of unitDays) {
    if (!org.unit(unitId)) continue; // a unit removed from the config keeps its old rows but gets no new snapshots
    (dates.get(date) ?? dates.set(date, new Set()).get(date)!).add(unitId);
  }
  const touched = new Map<string, Set<string>>(); // nodeId → dates
  const touch = (nodeId: string, date: string) => (touched.get(nodeId) ?? touched.set(nodeId, new Set()).get(nodeId)!).add(date);
  for (const [date, units] of dates) {
    const from = helsinkiInstant(date, '00:00').toISOString();
    const to = helsinkiInstant(addDays(date, 1), '00:00').toISOString();
    await Promise.all(
      [...units].map(async (unitId) => {
        const answers = await withCaseLabels(deps.labels, await deps.feedback.listUnitAnswers(unitId, from, to));
        await put(unitId, 'day', date, countAnswers(answers));
        touch(unitId, date);
      }),
    );
  }

  // 2. Day roll-ups, level by level up to the region: a parent's day is the sum of its children's.
  for (const level of ['service', 'serviceArea', 'region'] as const) {
    const parents = new Map<string, Set<string>>();
    for (const [nodeId, ds] of touched) {
      const parent = org.node(nodeId)?.parentId;
      if (parent && org.node(parent)?.kind === level)
        for (const d of ds) (parents.get(parent) ?? parents.set(parent, new Set()).get(parent)!).add(d);
    }
    for (const [parent, ds] of parents) {
      const children = org.children(parent).map((c) => c.id);
      for (const date of ds) {
        const got = await deps.store.many(children, 'day', date);
        await put(parent, 'day', date, sumCounts([...got.values()].map((s) => s.counts)));
        touch(parent, date);
      }
    }
  }

  // 3. Periods of every touched node: weeks and months from days, quarters and years from months.
  for (const [nodeId, ds] of touched) {
    for (const g of ['week', 'month', 'quarter', 'year'] as const) {
      const periods = new Set([...ds].map((d) => periodOf(d, g)));
      for (const period of periods) {
        const { first, last } = periodDays(period, g);
        const parts =
          g === 'week' || g === 'month'
            ? await deps.store.range(nodeId, 'day', first, last)
            : await deps.store.range(nodeId, 'month', first.slice(0, 7), last.slice(0, 7));
        await put(nodeId, g, period, sumCounts(parts.map((p) => p.counts)));
      }
    }
  }
  return written;
}

/** The incremental run (every 15 minutes): answers that arrived since the watermark. */
export async function aggregateNewAnswers(deps: AggregateDeps): Promise<IncrementalResult> {
  const asOf = deps.clock.now().toISOString();
  const watermark = await deps.store.getWatermark();
  const from = watermark
    ? new Date(Date.parse(watermark) - ARRIVAL_LAG_MS).toISOString()
    : new Date(Date.parse(asOf) - FIRST_RUN_DAYS * 86_400_000).toISOString();
  const arrivals = await deps.feedback.listArrivals(from, asOf);
  const unitDays = new Map<string, { unitId: string; date: string }>();
  for (const a of arrivals) {
    const date = helsinkiDate(new Date(a.submittedAt));
    unitDays.set(`${a.unitId}|${date}`, { unitId: a.unitId, date });
  }
  // Cases relabelled since the last run (a handler's correction): their answers' days are recounted.
  for (const d of (await deps.labels?.relabelledBetween(from, asOf)) ?? []) unitDays.set(`${d.unitId}|${d.date}`, d);
  const snapshots = await recompute(deps, unitDays.values(), asOf);
  await deps.store.setWatermark(asOf);
  // setWatermark never moves it back: a run that started later may already have set a later one.
  return {
    asOf,
    arrivals: arrivals.length,
    unitDays: unitDays.size,
    snapshots,
    watermark: watermark && watermark > asOf ? watermark : asOf,
  };
}

/**
 * The nightly pass: every unit's last `days` Helsinki days recomputed whatever the arrival index
 * says, so a snapshot can never stay wrong for long (a run that died, a unit moved in the config).
 */
export async function aggregateRecentDays(deps: AggregateDeps, days = 2): Promise<AggregateResult> {
  const asOf = deps.clock.now().toISOString();
  const today = helsinkiDate(new Date(asOf));
  const unitDays = deps.config.org
    .units()
    .flatMap((u) => Array.from({ length: days }, (_, i) => ({ unitId: u.id, date: addDays(today, -i) })));
  const snapshots = await recompute(deps, unitDays, asOf);
  return { asOf, arrivals: 0, unitDays: unitDays.length, snapshots };
}
