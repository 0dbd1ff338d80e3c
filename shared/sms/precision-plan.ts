/**
 * The daily planning job of precision-targeted sampling: once a Helsinki day, each unit with a
 * precision target gets its day's sampling rate (precision.ts), stored before the day's visits are
 * decided (README "Sampling to a precision target"). A job of its own beside the release, so the
 * release keeps its narrow grants (Query only through byDue).
 */
import { type AppConfig, addDays, helsinkiDate, type Clock } from '../platform/index.ts';
import { type AggregateStore, type NpsCounts, npsN } from '../reporting/index.ts';
import { dailyRate, type FunnelDay } from './precision.ts';
import { smsRulesFor } from './settings.ts';
import type { AuditRow, SmsStore } from './sms-store.ts';

/** What the planning step needs: the SMS table, the reports' monthly snapshots and the clock. */
export interface PlanDeps {
  config: AppConfig;
  store: SmsStore;
  aggregates: AggregateStore;
  clock: Clock;
}

/** An audit row as the planner reads it: visits that reached the sampling step, sampled, answered. */
export function funnelDay(row: AuditRow): FunnelDay {
  const c = row.counters;
  const sampled = c.sampled ?? 0;
  return { date: row.date, eligible: sampled + (c.excluded_not_sampled ?? 0), sampled, answered: c.answered ?? 0 };
}

const noAnswers = (): NpsCounts => ({ promoters: 0, passives: 0, detractors: 0 });
const sum = (a: NpsCounts, b: NpsCounts): NpsCounts => ({
  promoters: a.promoters + b.promoters,
  passives: a.passives + b.passives,
  detractors: a.detractors + b.detractors,
});

/**
 * Stores today's rate of every SMS-enabled unit with a precision target that has none yet, and
 * returns how many it stored. Reads nothing when no unit has a target (the default), so the fixed
 * rate costs nothing extra. Idempotent: a rate once stored stands (intake may have stored a fallback).
 */
export async function planDailyRates(deps: PlanDeps): Promise<number> {
  const { org } = deps.config;
  const today = helsinkiDate(deps.clock.now());
  const targeted = org
    .units()
    .map((u) => ({ id: u.id, rules: smsRulesFor(org, u.id) }))
    .filter((u) => u.rules.enabled && u.rules.precision);
  if (!targeted.length) return 0;
  const planned = new Set((await deps.store.listDailyRates(today, today)).map((r) => r.unitId));
  const todo = targeted.filter((u) => !planned.has(u.id));
  if (!todo.length) return 0;
  const weeks = Math.max(...todo.map((u) => u.rules.precision!.historyWeeks));
  const monthStart = `${today.slice(0, 7)}-01`;
  const from = [addDays(today, -7 * weeks), monthStart].sort()[0]!;
  const history = new Map<string, FunnelDay[]>();
  for (const row of await deps.store.listAudit(from, addDays(today, -1))) {
    const list = history.get(row.unitId) ?? [];
    list.push(funnelDay(row));
    history.set(row.unitId, list);
  }
  const ids = todo.map((u) => u.id);
  const [thisMonth, lastMonth] = await Promise.all([
    deps.aggregates.many(ids, 'month', today.slice(0, 7)),
    deps.aggregates.many(ids, 'month', addDays(monthStart, -1).slice(0, 7)),
  ]);
  const lastMonthDays = Number(addDays(monthStart, -1).slice(8, 10));
  let stored = 0;
  for (const u of todo) {
    const precision = u.rules.precision!;
    const monthAnswers = thisMonth.get(u.id)?.counts.nps ?? noAnswers();
    const last = lastMonth.get(u.id)?.counts;
    const plan = dailyRate({
      today,
      rules: precision,
      fixedPercent: u.rules.samplingPercent,
      tokenLifetimeDays: u.rules.tokenLifetimeDays,
      history: history.get(u.id) ?? [],
      monthAnswers,
      // Last month's NPS answers from other channels than SMS, a day: they keep coming this month.
      otherAnswersPerDay: last ? (npsN(last.nps) - npsN(last.channels.sms ?? noAnswers())) / lastMonthDays : 0,
      // This month and the last: enough answers to estimate the spread, recent enough to be this unit's.
      varianceAnswers: sum(monthAnswers, last?.nps ?? noAnswers()),
    });
    const kept = await deps.store.putDailyRate({
      date: today,
      unitId: u.id,
      percent: plan.percent,
      projectedHalfWidth: plan.projectedHalfWidth,
      targetHalfWidth: precision.halfWidth,
      source: 'planned',
    });
    if (kept.source === 'planned') stored += 1;
  }
  return stored;
}
