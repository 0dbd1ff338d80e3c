/**
 * Precision-targeted sampling (shared/sms/precision.ts, precision-plan.ts, intake): the daily rate
 * brings a unit's monthly NPS to the target half-width on simulated months whose visits stay
 * constant, rise or fall; the floor and the caps hold; intake decides every visit of a day at the
 * one stored rate, so re-sending visits or re-planning the day never changes a decision; and the
 * default config (no target) plans nothing and samples at the fixed rate.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import { addDays } from '#shared/platform/index.ts';
import { npsHalfWidth, type NpsCounts } from '#shared/reporting/index.ts';
import { receiveVisits } from '#shared/sms/intake.ts';
import { sampledAt, samplingFraction } from '#shared/sms/keyed-hash.ts';
import { answersForHalfWidth, dailyRate, type FunnelDay, plannedVarianceTerm } from '#shared/sms/precision.ts';
import { planDailyRates } from '#shared/sms/precision-plan.ts';
import type { PrecisionRules } from '#shared/sms/rules.ts';
import { smsStatsSchema } from '#shared/sms/contracts.ts';
import { smsStats } from '#shared/sms/stats.ts';
import regionJson from '../../../config/region.json' with { type: 'json' };
import { FixedClock } from '../../support/fakes.ts';
import { MemoryAggregateStore } from '../../reporting/support/memory-aggregate-store.ts';
import { fixedSecrets } from '../support/fakes.ts';
import { MemorySmsStore } from '../support/memory-sms-store.ts';

const RULES: PrecisionRules = { halfWidth: 15, floorPercent: 2, capPercent: 100, historyWeeks: 8 };
/** A typical unit's answers (SPEC §12: p = 0.65, d = 0.10, variance term ≈ 0.45). */
const TRUE_VARIANCE = 0.65 + 0.1 - (0.65 - 0.1) ** 2;
/** Answers per sampled visit in the simulated units. */
const YIELD = 0.27;
/** Days from a visit to its answer. */
const ANSWER_LAG = 2;
const shares = (n: number): NpsCounts => ({ promoters: 0.65 * n, passives: 0.25 * n, detractors: 0.1 * n });
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();
/** Eligible visits of a day for a unit with `weekdayVisits` on Monday–Friday and a tenth of it at weekends. */
const rhythm = (weekdayVisits: number, date: string) => (weekday(date) % 6 === 0 ? weekdayVisits / 10 : weekdayVisits);

/**
 * Runs one month of a unit through the planner, in expected values: eight weeks of history sampled at
 * a fixed 30 %, then each day of the month the day's rate, its sampled visits and, two days on, their
 * answers. `scale(i, days)` shapes the month's visits (1 = the history's level).
 */
function simulateMonth(month: string, weekdayVisits: number, scale: (i: number, days: number) => number, rules = RULES) {
  const first = `${month}-01`;
  const history: FunnelDay[] = [];
  for (let d = addDays(first, -56); d < first; d = addDays(d, 1)) {
    const eligible = rhythm(weekdayVisits, d);
    history.push({ date: d, eligible, sampled: 0.3 * eligible, answered: 0.3 * eligible * YIELD });
  }
  const days: string[] = [];
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  const rates: number[] = [];
  for (const [i, today] of days.entries()) {
    // The reports' monthly count: the answers that have arrived from this month's visits.
    const arrived = history.filter((h) => h.date.startsWith(month)).reduce((a, h) => a + h.answered, 0);
    const plan = dailyRate({
      today,
      rules,
      fixedPercent: 30,
      tokenLifetimeDays: 7,
      history,
      monthAnswers: shares(arrived),
      varianceAnswers: shares(arrived + 100),
    });
    rates.push(plan.percent);
    const eligible = rhythm(weekdayVisits, today) * scale(i, days.length);
    history.push({ date: today, eligible, sampled: (eligible * plan.percent) / 100, answered: 0 });
    // Answers of visits ANSWER_LAG days back arrive today.
    const due = history.find((h) => h.date === addDays(today, -ANSWER_LAG) && h.date.startsWith(month));
    if (due) due.answered = due.sampled * YIELD;
  }
  const answers = history.filter((h) => h.date.startsWith(month)).reduce((a, h) => a + h.sampled * YIELD, 0);
  return { rates, answers, halfWidth: npsHalfWidth(TRUE_VARIANCE, answers) };
}

describe('the daily rate on simulated months', () => {
  const shapes: [string, (i: number, days: number) => number][] = [
    ['constant', () => 1],
    ['rising (0.6× to 1.6× the history)', (i, n) => 0.6 + i / (n - 1)],
    ['falling (1× to 0.35× the history)', (i, n) => 1 - (0.65 * i) / (n - 1)],
  ];
  for (const [name, scale] of shapes)
    for (const weekdayVisits of [25, 60, 200])
      it(`reaches ±15 with ${name} visits at ${weekdayVisits} a weekday, without collecting far past it`, () => {
        const m = simulateMonth('2027-03', weekdayVisits, scale);
        expect(m.halfWidth).toBeLessThanOrEqual(RULES.halfWidth);
        // The planner plans on a shrunk (higher) variance and the lower visit estimate: some margin, never double.
        expect(m.answers).toBeLessThan(2 * answersForHalfWidth(RULES.halfWidth, TRUE_VARIANCE));
      });

  it('samples a big unit well under the fixed 30 % and a small one above it', () => {
    expect(simulateMonth('2027-03', 200, () => 1).rates[0]).toBeLessThan(15);
    expect(simulateMonth('2027-03', 25, () => 1).rates[0]).toBeGreaterThan(30);
  });

  it('lowers the rate as the month collects its answers', () => {
    const { rates } = simulateMonth('2027-03', 200, () => 1);
    expect(rates.at(-1)).toBeLessThanOrEqual(rates[0]!);
  });
});

describe('the floor and the caps', () => {
  const base = { today: '2027-03-10', fixedPercent: 30, tokenLifetimeDays: 7, history: [] as FunnelDay[], monthAnswers: shares(0) };
  const history = (weekdayVisits: number) =>
    Array.from({ length: 56 }, (_, i) => {
      const date = addDays('2027-03-10', i - 56);
      const eligible = rhythm(weekdayVisits, date);
      return { date, eligible, sampled: 0.3 * eligible, answered: 0.3 * eligible * YIELD };
    });

  it('gives the floor once the month already has the answers the target needs', () => {
    const plan = dailyRate({ ...base, rules: RULES, history: history(100), monthAnswers: shares(400), varianceAnswers: shares(400) });
    expect(plan.percent).toBe(RULES.floorPercent);
    expect(plan.projectedHalfWidth).toBeLessThanOrEqual(RULES.halfWidth);
  });

  it('gives a month out of reach even at the cap, and a unit without history, the fixed rate within the bounds', () => {
    const rules = { ...RULES, capPercent: 60 };
    expect(dailyRate({ ...base, rules, history: history(2) }).percent).toBe(30);
    expect(dailyRate({ ...base, rules }).percent).toBe(30);
    expect(dailyRate({ ...base, rules, fixedPercent: 80 }).percent).toBe(60);
    expect(dailyRate({ ...base, rules: { ...rules, floorPercent: 40 } }).percent).toBe(40);
  });

  it('gives a month out of reach the floor when outOfReach is floor, and a rate near the cap to one that needs it', () => {
    const rules = { ...RULES, capPercent: 60, outOfReach: 'floor' as const };
    const month = { ...base, today: '2027-03-01', rules, varianceAnswers: shares(200) };
    expect(dailyRate({ ...month, history: history(2) }).percent).toBe(RULES.floorPercent);
    // 12 a weekday: about 45 answers at 60 % over March, short of the 85 needed.
    expect(dailyRate({ ...month, history: history(12) }).percent).toBe(RULES.floorPercent);
    // 30 a weekday: about 190 answers at 100 %, so the need and its margin take about half.
    const near = dailyRate({ ...month, history: history(30) }).percent;
    expect(near).toBeGreaterThan(40);
    expect(near).toBeLessThanOrEqual(60);
  });

  it('stays within [floor, cap] over every size, month position and answer count', () => {
    const rules = { ...RULES, floorPercent: 5, capPercent: 45 };
    for (const size of [0, 1, 5, 20, 80, 400, 2000])
      for (const today of ['2027-03-01', '2027-03-15', '2027-03-31'])
        for (const had of [0, 10, 50, 500])
          for (const outOfReach of ['fixed', 'floor'] as const)
            for (const fixedPercent of [0, 30, 100]) {
              const { percent } = dailyRate({
                ...base,
                today,
                fixedPercent,
                rules: { ...rules, outOfReach },
                history: history(size),
                monthAnswers: shares(had),
              });
              expect(percent).toBeGreaterThanOrEqual(5);
              expect(percent).toBeLessThanOrEqual(45);
            }
  });

  it('plans on the worst-case variance without answers and on a shrunk estimate with them', () => {
    expect(plannedVarianceTerm(undefined)).toBe(1);
    expect(plannedVarianceTerm(shares(1000))).toBeCloseTo(TRUE_VARIANCE, 1);
    // The reports' own formula, inverted: n = 1.96² × 100² × v / h².
    expect(answersForHalfWidth(15, TRUE_VARIANCE)).toBe(77);
    expect(npsHalfWidth(TRUE_VARIANCE, 77)).toBeLessThanOrEqual(15);
    expect(npsHalfWidth(TRUE_VARIANCE, 76)).toBeGreaterThan(15);
  });
});

describe('intake under a precision target', () => {
  const raw = structuredClone(regionJson) as { region: { sms: Record<string, unknown> } };
  raw.region.sms.precision = RULES;
  const config = parseConfig(raw);
  const secrets = fixedSecrets();
  const DAY = '2027-01-12';
  const offsets: Record<string, number> = { a: 0, b: 1000, c: 2000, d: 3000 };
  const visits = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      visitId: `${prefix}-${i}`,
      unitId: 'keskusta-ta',
      visitedAt: `${DAY}T10:00:00+02:00`,
      // A different person per visit, so cooldown and one-a-day never hide a sampling decision.
      phone: `040${1_000_000 + offsets[prefix]! + i}`,
      age: 40,
      lang: 'fi',
      smsConsent: true,
      nonDisclosure: false,
    }));

  async function setup() {
    const store = new MemorySmsStore();
    const clock = new FixedClock(`${DAY}T00:10:00+02:00`);
    const aggregates = new MemoryAggregateStore();
    const planned = await planDailyRates({ config, store, aggregates, clock });
    clock.set(`${DAY}T18:00:00+02:00`);
    return { store, clock, aggregates, planned, intake: { config, store, secrets, clock } };
  }

  it('decides every visit of the day at the stored rate, and re-sending or re-planning changes no decision', async () => {
    const { store, clock, aggregates, planned, intake } = await setup();
    expect(planned).toBeGreaterThan(0);
    const rate = await store.getDailyRate('keskusta-ta', DAY);
    // No history: the fixed rate (config/region.json: 30 %), until the unit has some.
    expect(rate).toMatchObject({ percent: 30, source: 'planned', targetHalfWidth: 15 });

    const first = await receiveVisits(intake, visits('a', 40));
    expect(first.scheduled + (first.excluded.not_sampled ?? 0)).toBe(40);
    const invitations = store.allInvitations().map((i) => i.key);

    // The day re-planned later (answers arrived, the job ran again): the first rate stands.
    await aggregates.put({
      nodeId: 'keskusta-ta',
      granularity: 'month',
      period: DAY.slice(0, 7),
      counts: { n: 500, nps: { promoters: 400, passives: 50, detractors: 50 }, statements: {}, channels: {}, roles: {}, withText: 0 },
      asOf: clock.now().toISOString(),
    });
    expect(await planDailyRates({ config, store, aggregates, clock })).toBe(0);
    expect(await store.getDailyRate('keskusta-ta', DAY)).toEqual(rate);

    const again = await receiveVisits(intake, visits('a', 40));
    expect(again).toEqual({ received: 0, scheduled: 0, excluded: { already_received: 40 }, rejected: [] });
    expect(store.allInvitations().map((i) => i.key)).toEqual(invitations);
  });

  it('samples exactly the visits whose fraction is under the stored rate', async () => {
    const { store, intake } = await setup();
    // A stored fallback-free rate of 35 % for the next day, written before any visit of it.
    const day = addDays(DAY, 1);
    await store.putDailyRate({
      date: day,
      unitId: 'keskusta-ta',
      percent: 35,
      projectedHalfWidth: 14.2,
      targetHalfWidth: 15,
      source: 'planned',
    });
    intake.clock.set(`${day}T18:00:00+02:00`);
    const batch = visits('b', 60).map((v) => ({ ...v, visitedAt: `${day}T10:00:00+02:00` }));
    const result = await receiveVisits(intake, batch);
    const expected = batch.filter((v) => sampledAt(samplingFraction(secrets.secrets.hmacKey, v.visitId), 35)).length;
    expect(result.scheduled).toBe(expected);
    expect(result.excluded.not_sampled ?? 0).toBe(60 - expected);
    expect(expected).toBeGreaterThan(5);
    expect(expected).toBeLessThan(55);
  });

  it('stores a fallback for a day the job has not planned: the day before’s rate, then the same for the whole day', async () => {
    const { store, intake } = await setup();
    const day = addDays(DAY, 1);
    intake.clock.set(`${day}T00:02:00+02:00`);
    await receiveVisits(
      intake,
      visits('c', 3).map((v) => ({ ...v, visitedAt: `${day}T00:01:00+02:00` })),
    );
    expect(await store.getDailyRate('keskusta-ta', day)).toMatchObject({ percent: 30, source: 'fallback' });
    // The job's later plan for that day does not replace the rate its first visits were decided at.
    expect(await planDailyRates({ config, store, aggregates: new MemoryAggregateStore(), clock: intake.clock })).toBeGreaterThan(0);
    expect(await store.getDailyRate('keskusta-ta', day)).toMatchObject({ source: 'fallback' });
  });

  it('shows the rate used and the projected half-width per unit and day in the stats', async () => {
    const { store, intake } = await setup();
    await receiveVisits(intake, visits('d', 5));
    const stats = await smsStats(store, DAY, DAY);
    const row = stats.days.find((d) => d.unitId === 'keskusta-ta')!;
    expect(row.rate).toMatchObject({ percent: 30, targetHalfWidth: 15, source: 'planned' });
    expect(row.received).toBe(5);
    // A planned unit without visits that day still shows its rate, with zero counts.
    expect(stats.days.some((d) => d.received === 0 && d.rate)).toBe(true);
    // The route's contract (and so its OpenAPI document) accepts the answer as it is.
    expect(smsStatsSchema.safeParse(stats).success).toBe(true);
  });
});

describe('the default config (no precision target)', () => {
  it('plans nothing and stores no rate, so intake keeps the fixed rate', async () => {
    const store = new MemorySmsStore();
    const clock = new FixedClock('2027-01-12T00:10:00+02:00');
    expect(await planDailyRates({ config: parseConfig(), store, aggregates: new MemoryAggregateStore(), clock })).toBe(0);
    expect(await store.listDailyRates('2027-01-01', '2027-01-31')).toEqual([]);
  });
});
