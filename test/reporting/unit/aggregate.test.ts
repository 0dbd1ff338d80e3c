/**
 * The aggregation use cases against the in-memory FeedbackStore and AggregateStore and a fixed clock,
 * with answers stored through submitFeedback: the incremental run recomputes exactly the unit days
 * its arrivals touch (an offline answer its own day) and everything above them, snapshot counts equal
 * the counts of the answers, the next run reads only what arrived since the watermark (less the
 * lag), a run's own instant is inside its window, the first run looks back 400 days, a snapshot from
 * earlier sources never overwrites a later one, and the nightly pass repairs what the arrival index
 * missed. Then npsReport reads those snapshots. At scale, over HTTP: test/reporting/integration.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { submitFeedback, type SubmitOptions } from '#shared/feedback/submit-feedback.ts';
import {
  aggregateNewAnswers,
  aggregateRecentDays,
  ARRIVAL_LAG_MS,
  FIRST_RUN_DAYS,
  recompute,
  type AggregateDeps,
} from '#shared/reporting/aggregate.ts';
import { countAnswers } from '#shared/reporting/counts.ts';
import type { Granularity } from '#shared/reporting/periods.ts';
import { npsReport } from '#shared/reporting/report.ts';
import { FixedClock } from '../../support/fakes.ts';
import { MemoryFeedbackStore } from '../../feedback/support/memory-feedback-store.ts';
import { MemoryAggregateStore } from '../support/memory-aggregate-store.ts';

const config = parseConfig();
// Monday 23 November 2026, 14:00 in Helsinki: ISO week 2026-W48.
const NOW = '2026-11-23T12:00:00.000Z';
const DAY = '2026-11-23';

function setup() {
  const feedback = new MemoryFeedbackStore();
  const store = new MemoryAggregateStore();
  const clock = new FixedClock(NOW);
  const deps: AggregateDeps = { config, feedback, store, clock };
  /** Submits an NPS answer at `iso` (the clock is left there). */
  const answer = async (iso: string, unitId: string, nps: number, extra: Record<string, unknown> = {}, opts: SubmitOptions = {}) => {
    clock.set(iso);
    await submitFeedback({ config, store: feedback, clock }, { unitId, channel: 'web', lang: 'fi', answers: { nps }, ...extra }, opts);
  };
  /** Runs the incremental aggregation at `iso`. */
  const runAt = (iso: string) => {
    clock.set(iso);
    return aggregateNewAnswers(deps);
  };
  const n = async (nodeId: string, g: Granularity, period: string) => (await store.range(nodeId, g, period, period))[0]?.counts.n;
  return { feedback, store, clock, deps, answer, runAt, n };
}

const unitAnswers = (feedback: MemoryFeedbackStore, unitId: string, date: string): StoredAnswer[] =>
  feedback.allAnswers().filter((a) => a.unitId === unitId && a.date === date);

describe('the incremental run', () => {
  it('writes each touched unit day with the counts of its answers, and every roll-up and period above it', async () => {
    const { feedback, store, answer, runAt, n } = setup();
    await answer('2026-11-23T08:00:00.000Z', 'keskusta-ta', 10, { role: 'client', text: 'Hyvä' });
    await answer('2026-11-23T09:00:00.000Z', 'keskusta-ta', 9, { answers: { nps: 9, smooth: 5, help: 'cant_say' } });
    await answer('2026-11-23T10:00:00.000Z', 'keskusta-ta', 3, { channel: 'qr' });
    await answer('2026-11-23T11:00:00.000Z', 'rantala-ta', 8);
    await answer('2026-11-23T11:30:00.000Z', 'fysioterapia', 0);
    const r = await runAt(NOW);
    expect(r).toMatchObject({ asOf: NOW, arrivals: 5, unitDays: 3 });
    for (const unit of ['keskusta-ta', 'rantala-ta', 'fysioterapia']) {
      expect((await store.range(unit, 'day', DAY, DAY))[0]!.counts).toEqual(countAnswers(unitAnswers(feedback, unit, DAY)));
    }
    expect([
      await n('terveysasemat', 'day', DAY),
      await n('terveys', 'day', DAY),
      await n('kuntoutus', 'day', DAY),
      await n('esimerkki', 'day', DAY),
    ]).toEqual([4, 4, 1, 5]);
    const region = (await store.range('esimerkki', 'day', DAY, DAY))[0]!.counts;
    expect(region).toEqual(countAnswers(feedback.allAnswers()));
    for (const [g, period] of [
      ['week', '2026-W48'],
      ['month', '2026-11'],
      ['quarter', '2026-Q4'],
      ['year', '2026'],
    ] as const) {
      expect((await store.range('esimerkki', g, period, period))[0]).toMatchObject({ counts: region, asOf: NOW });
    }
    // Nothing is written for nodes no answer touched.
    expect(await n('metsakyla-ta', 'day', DAY)).toBeUndefined();
    expect(await n('sosiaali', 'day', DAY)).toBeUndefined();
    expect(r.snapshots).toBe(store.all().length);
    expect(await store.getWatermark()).toBe(NOW);
  });

  it('reads next only what arrived since the watermark, less the lag, and adds it to the day', async () => {
    const { answer, runAt, n } = setup();
    await answer('2026-11-23T11:00:00.000Z', 'keskusta-ta', 10);
    await answer('2026-11-23T11:59:00.000Z', 'rantala-ta', 10);
    await runAt(NOW);
    await answer('2026-11-23T12:10:00.000Z', 'keskusta-ta', 2);
    const r = await runAt('2026-11-23T12:15:00.000Z');
    // 11:59 is within the lag before the 12:00 watermark, so rantala-ta is recomputed again; 11:00 is not.
    expect(new Date(Date.parse(NOW) - ARRIVAL_LAG_MS).toISOString()).toBe('2026-11-23T11:58:00.000Z');
    expect(r).toMatchObject({ arrivals: 2, unitDays: 2 });
    expect([await n('keskusta-ta', 'day', DAY), await n('esimerkki', 'day', DAY), await n('esimerkki', 'month', '2026-11')]).toEqual([
      2, 3, 3,
    ]);
    expect(await runAt('2026-11-23T12:30:00.000Z')).toMatchObject({ arrivals: 0, unitDays: 0, snapshots: 0 });
  });

  it('reports the watermark it leaves: its own instant, or a later one already there', async () => {
    const { store, runAt } = setup();
    expect((await runAt(NOW)).watermark).toBe(NOW);
    // A run that started later has already finished: the watermark never moves back.
    await store.setWatermark('2026-11-23T12:30:00.000Z');
    const late = await runAt('2026-11-23T12:15:00.000Z');
    expect(late.watermark).toBe('2026-11-23T12:30:00.000Z');
    expect(await store.getWatermark()).toBe(late.watermark);
  });

  it("counts an answer received at exactly the run's instant in that run", async () => {
    const { answer, runAt, n } = setup();
    await answer(NOW, 'laboratorio', 7);
    await runAt(NOW);
    expect(await n('laboratorio', 'day', DAY)).toBe(1);
  });

  it('recomputes the day an offline answer was given, not the day it arrived', async () => {
    const { answer, runAt, n } = setup();
    await answer(
      '2026-11-23T11:00:00.000Z',
      'kotihoito-lansi',
      9,
      { channel: 'paper', answeredAt: '2026-11-20T10:00:00+02:00' },
      { entry: 'staff' },
    );
    expect(await runAt(NOW)).toMatchObject({ arrivals: 1, unitDays: 1 });
    expect([await n('kotihoito-lansi', 'day', '2026-11-20'), await n('kotihoito-lansi', 'day', DAY)]).toEqual([1, undefined]);
    expect([await n('kotihoito-lansi', 'week', '2026-W47'), await n('kotihoito-lansi', 'week', '2026-W48')]).toEqual([1, undefined]);
  });

  it('looks back 400 days on its first run', async () => {
    const { answer, runAt, n } = setup();
    const daysAgo = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString();
    await answer(daysAgo(FIRST_RUN_DAYS - 1), 'keskusta-ta', 10);
    await answer(daysAgo(FIRST_RUN_DAYS + 1), 'rantala-ta', 10);
    expect(await runAt(NOW)).toMatchObject({ arrivals: 1 });
    expect(await n('terveysasemat', 'year', daysAgo(FIRST_RUN_DAYS - 1).slice(0, 4))).toBe(1);
  });

  it('writes no snapshot for a unit that is no longer in the config, nor counts it above', async () => {
    const { feedback, answer, runAt, n } = setup();
    await answer('2026-11-23T11:00:00.000Z', 'keskusta-ta', 10);
    const [kept] = feedback.allAnswers();
    await feedback.putAnswer({ ...kept!, id: 'closed-unit-answer', unitId: 'suljettu-ta' });
    expect(await runAt(NOW)).toMatchObject({ arrivals: 2, unitDays: 2 });
    expect([await n('suljettu-ta', 'day', DAY), await n('esimerkki', 'day', DAY)]).toEqual([undefined, 1]);
  });

  it("never lets a run that read earlier sources overwrite a later run's snapshots", async () => {
    const { deps, answer, runAt, n } = setup();
    await answer('2026-11-23T11:00:00.000Z', 'keskusta-ta', 10);
    await runAt(NOW);
    // An overlapping run that started at 11:30 finishes now: every write it makes is refused.
    expect(await recompute(deps, [{ unitId: 'keskusta-ta', date: DAY }], '2026-11-23T11:30:00.000Z')).toBe(0);
    expect(await n('keskusta-ta', 'day', DAY)).toBe(1);
  });
});

describe('the nightly pass', () => {
  it('recomputes the last two days of every unit, catching an answer the incremental run never saw', async () => {
    const { store, deps, clock, answer, runAt, n } = setup();
    await store.setWatermark('2026-11-23T11:30:00.000Z');
    // Arrived before the watermark, as after a run that died between reading and writing.
    await answer('2026-11-22T10:00:00.000Z', 'metsakyla-ta', 10);
    await runAt(NOW);
    expect(await n('metsakyla-ta', 'day', '2026-11-22')).toBeUndefined();
    clock.set(NOW);
    const r = await aggregateRecentDays(deps);
    expect(r).toMatchObject({ asOf: NOW, arrivals: 0, unitDays: config.org.units().length * 2 });
    expect([
      await n('metsakyla-ta', 'day', '2026-11-22'),
      await n('metsakyla-ta', 'day', DAY),
      await n('esimerkki', 'day', '2026-11-22'),
    ]).toEqual([1, 0, 1]);
    expect(await n('metsakyla-ta', 'day', '2026-11-21')).toBeUndefined();
  });
});

describe('npsReport over what aggregation wrote', () => {
  it("reports a unit's month and the region's total from the month snapshots aggregation wrote", async () => {
    const { deps, answer, runAt } = setup();
    for (const [i, score] of [10, 10, 10, 10, 6, 6].entries()) await answer(`2026-11-23T0${i}:00:00.000Z`, 'keskusta-ta', score);
    for (const [i, score] of [9, 9, 9, 7, 7, 7].entries()) await answer(`2026-11-23T0${i}:30:00.000Z`, 'rantala-ta', score);
    for (const [i, score] of [10, 8, 8, 0, 0].entries()) await answer(`2026-11-23T1${i}:00:00.000Z`, 'fysioterapia', score);
    await answer('2026-11-24T09:00:00.000Z', 'keskusta-ta', 10);
    await runAt('2026-11-24T12:00:00.000Z');
    const r = await npsReport({ config, store: deps.store }, 'keskusta-ta', '2026-11-01', '2026-11-30');
    expect(r.series).toEqual([{ period: '2026-11', n: 7, promoters: 5, passives: 0, detractors: 2, nps: 43, ci95: expect.any(Array) }]);
    expect(r.total).toMatchObject({ period: '2026-11-01..2026-11-30', n: 7, promoters: 5, detractors: 2, nps: 43 });
    const region = await npsReport({ config, store: deps.store }, 'esimerkki', '2026-11-01', '2026-11-30', 'month');
    expect(region.total).toMatchObject({ n: 18, promoters: 9, passives: 5, detractors: 4, nps: 28 });
  });
});
