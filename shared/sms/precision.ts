/**
 * Precision-targeted sampling (README "Sampling to a precision target"): the daily SMS sampling rate
 * of a unit that aims its monthly NPS at a 95 % interval half-width. Pure: the release job feeds it
 * the unit's audit history and month so far (precision-plan.ts), the bench feeds it a simulated
 * county, and both get the same rate.
 */
import { addDays } from '../platform/index.ts';
import { npsHalfWidth, npsN, npsVarianceTerm, type NpsCounts } from '../reporting/index.ts';
import type { PrecisionRules } from './rules.ts';

/** One Helsinki day (of the visits) of a unit's SMS funnel, as the audit counts it. */
export interface FunnelDay {
  date: string;
  /** Visits that reached the sampling step (sampled + not sampled). */
  eligible: number;
  sampled: number;
  answered: number;
}

/** What the planner knows of a unit on the morning of `today`. */
export interface RateInput {
  /** The Helsinki day the rate is for (of the visits it decides). */
  today: string;
  rules: PrecisionRules;
  /** The unit's fixed rate (`samplingPercent`), %: a month the target cannot reach is sampled at it, as before. */
  fixedPercent: number;
  /** Days a link stays valid: the answers of visit days younger than this (and a day) are still coming. */
  tokenLifetimeDays: number;
  /** The unit's funnel days before `today`; days without a row had no eligible visits. */
  history: readonly FunnelDay[];
  /** The unit's answers counted in today's month so far, every channel (the reports' monthly snapshot). */
  monthAnswers: NpsCounts;
  /** Answers a day the unit gets from other channels (web, QR, paper), expected for the rest of the month. */
  otherAnswersPerDay?: number;
  /** Answers to estimate the NPS variance from (e.g. this month and the last); none: the worst case. */
  varianceAnswers?: NpsCounts;
}

/** The day's rate and what it was planned on (stored with the rate, shown by the stats). */
export interface RatePlan {
  /** The sampling rate for the day, %, within [floorPercent, capPercent]. */
  percent: number;
  /** The month's 95 % half-width if the rest of the month is sampled at `percent`; null when no answers are expected. */
  projectedHalfWidth: number | null;
  /** Answers the target needs this month. */
  neededAnswers: number;
  /** Answers counted or still expected from visits already decided. */
  expectedAnswers: number;
  /** Eligible visits expected from today to the end of the month. */
  expectedVisits: number;
  /** Answers per sampled visit used in the plan. */
  answerYield: number;
}

/** Answers per sampled visit assumed before a unit has history: SPEC §6's 25–30 % response, less cooldown and opt-out losses. */
export const PRIOR_YIELD = 0.25;
/** How many sampled visits the prior counts as: a unit's own figure dominates after a few weeks. */
export const PRIOR_SAMPLED = 40;
/** How many answers the worst-case variance (1) counts as when the unit's own answers estimate it. */
export const PRIOR_VARIANCE_ANSWERS = 20;
/**
 * How many standard deviations of the month's answer count the plan adds above the answers the
 * target needs: the count varies like a Poisson count (sd ≈ √n), so aiming at the bare need would
 * miss the target in about half the months; 1.645 misses in about one in twenty.
 */
export const PLANNING_Z = 1.645;
/** The recent window, in weeks, whose weekday means are compared with the long window's. */
const RECENT_WEEKS = 2;

/** Days since 1970-01-01 of a YYYY-MM-DD date: day arithmetic without building strings (the bench plans a county-year of days). */
const dayNumber = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
/** Weekday (0 Sunday) of a day number: 1970-01-01 was a Thursday. */
const weekdayOf = (day: number) => (day + 4) % 7;
const weekday = (date: string) => weekdayOf(dayNumber(date));
/** Day number of the last day of the date's month. */
const monthEnd = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0) / 86_400_000;

/**
 * The variance term to plan with: the unit's own estimate shrunk towards the worst case (1), so a
 * handful of unanimous answers cannot promise a narrow interval.
 */
export function plannedVarianceTerm(answers: NpsCounts | undefined): number {
  const n = answers ? npsN(answers) : 0;
  if (n === 0) return 1;
  return (n * npsVarianceTerm(answers!) + PRIOR_VARIANCE_ANSWERS) / (n + PRIOR_VARIANCE_ANSWERS);
}

/** Answers a monthly NPS needs for a half-width at a variance term: the inverse of `npsHalfWidth`. */
export function answersForHalfWidth(halfWidth: number, varianceTerm: number): number {
  return Math.ceil(varianceTerm * ((1.96 * 100) / halfWidth) ** 2);
}

/** Mean eligible visits per weekday over the `weeks` weeks before `today`, from the first day the history covers. */
function weekdayMeans(history: readonly FunnelDay[], today: string, weeks: number): number[] | undefined {
  const start = addDays(today, -7 * weeks);
  const inWindow = history.filter((d) => d.date >= start && d.date < today);
  if (!inWindow.length) return undefined;
  const first = dayNumber(inWindow.map((d) => d.date).sort()[0]!);
  const sums = Array<number>(7).fill(0);
  const days = Array<number>(7).fill(0);
  for (let d = first, end = dayNumber(today); d < end; d++) days[weekdayOf(d)]! += 1;
  for (const d of inWindow) sums[weekday(d.date)]! += d.eligible;
  // A weekday the history has not reached yet (a unit a few days old) borrows the mean day.
  const covered = days.reduce((a, b) => a + b, 0);
  const meanDay = sums.reduce((a, b) => a + b, 0) / covered;
  return sums.map((s, i) => (days[i] ? s / days[i]! : meanDay));
}

/**
 * Eligible visits a unit can still expect this month whose answers count in it: from today to the
 * day before the month's last (an SMS goes out the day after its visit, so the last day's visits
 * answer into the next month). Per weekday, the lower of its mean over the configured weeks and
 * over the last two, so a falling month is not planned on the busier past (a rising one
 * over-collects a little instead). Undefined without history.
 */
export function expectedRemainingVisits(history: readonly FunnelDay[], today: string, weeks: number): number | undefined {
  const long = weekdayMeans(history, today, weeks);
  if (!long) return undefined;
  const recent = weekdayMeans(history, today, Math.min(weeks, RECENT_WEEKS)) ?? long;
  let sum = 0;
  for (let d = dayNumber(today), end = monthEnd(today); d < end; d++) sum += Math.min(long[weekdayOf(d)]!, recent[weekdayOf(d)]!);
  return sum;
}

/**
 * Answers per sampled visit over the settled days of the window (whose links have expired), with a
 * prior of `PRIOR_YIELD` worth `PRIOR_SAMPLED` sampled visits. It is the response rate (answers ÷
 * invitations) times the share of sampled visits that got an invitation (cooldown, opt-out, cap).
 */
export function answerYield(history: readonly FunnelDay[], today: string, weeks: number, tokenLifetimeDays: number): number {
  const start = addDays(today, -7 * weeks);
  const settledBefore = addDays(today, -(tokenLifetimeDays + 1));
  let sampled = 0;
  let answered = 0;
  for (const d of history)
    if (d.date >= start && d.date < settledBefore) {
      sampled += d.sampled;
      answered += d.answered;
    }
  return (answered + PRIOR_YIELD * PRIOR_SAMPLED) / (sampled + PRIOR_SAMPLED);
}

/**
 * The unit's sampling rate for `today`: the share of the visits still expected this month that
 * brings the month's answers to what the target needs (with a margin, `PLANNING_Z`), within [floor,
 * cap]. Answers still expected from this month's unsettled invitations count as had. A unit without
 * history is sampled at its fixed rate (within the bounds); so is a month the target cannot reach
 * even at the cap, unless `outOfReach` is `floor`: then it gets the floor, and nothing is spent on
 * chasing a month that cannot be reported to the target anyway.
 */
export function dailyRate(input: RateInput): RatePlan {
  const { rules, today } = input;
  const variance = plannedVarianceTerm(input.varianceAnswers);
  const needed = answersForHalfWidth(rules.halfWidth, variance);
  const aim = needed + PLANNING_Z * Math.sqrt(needed);
  const y = answerYield(input.history, today, rules.historyWeeks, input.tokenLifetimeDays);
  const settledBefore = addDays(today, -(input.tokenLifetimeDays + 1));
  // The reports count an answer on the day it is given, so every invitation still open (last month's
  // visits' too) answers into this month.
  let outstanding = 0;
  for (const d of input.history) if (d.date >= settledBefore && d.date < today) outstanding += Math.max(0, d.sampled * y - d.answered);
  const daysLeft = monthEnd(today) - dayNumber(today) + 1;
  const had = npsN(input.monthAnswers) + outstanding + (input.otherAnswersPerDay ?? 0) * daysLeft;
  const visits = expectedRemainingVisits(input.history, today, rules.historyWeeks);
  const clamp = (p: number) => Math.min(rules.capPercent, Math.max(rules.floorPercent, p));
  const missing = aim - had;
  let percent: number;
  if (missing <= 0) percent = rules.floorPercent;
  else if (visits === undefined) percent = clamp(input.fixedPercent);
  // Out of reach: even the cap would not bring the bare need (the margin is a wish, not a reason to give up).
  else if (had + (visits * y * rules.capPercent) / 100 < needed)
    percent = rules.outOfReach === 'floor' ? rules.floorPercent : clamp(input.fixedPercent);
  else percent = clamp((100 * missing) / (visits * y));
  // Whole hundredths of a percent: stored, shown and compared as written.
  percent = Math.round(percent * 100) / 100;
  const projected = had + ((visits ?? 0) * y * percent) / 100;
  return {
    percent,
    projectedHalfWidth: projected > 0 ? Math.round(npsHalfWidth(variance, projected) * 10) / 10 : null,
    neededAnswers: needed,
    expectedAnswers: Math.round(had * 10) / 10,
    expectedVisits: Math.round((visits ?? 0) * 10) / 10,
    answerYield: Math.round(y * 1000) / 1000,
  };
}
