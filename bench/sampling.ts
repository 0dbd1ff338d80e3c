/**
 * Section `sampling`: a synthetic county year shaped like the README's sizing (docs/domain.md#sizing:
 * about 68,000 answers a year, 85 % by SMS, 15,000–25,000 invitations a month) run through the real
 * sampling code — the keyed per-visit fraction and comparison intake makes (shared/sms/keyed-hash.ts)
 * and the daily planner of precision-targeted sampling (shared/sms/precision.ts) — once at the fixed
 * 30 % and once aimed at ±15 NPS points. No HTTP and no storage: the planner is fed what the audit and
 * the monthly snapshots would hold. Seeded, so every run prints the same figures.
 *
 * Simplifications, stated in the report: every sampled visit gets its SMS (no cooldown, opt-out or
 * one-a-day losses, which touch both policies alike); answers arrive 1–7 days after the visit; 15 % of
 * a unit's answers come from other channels at a steady daily rate, the same under both policies.
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '#local/seeded-random.ts';
import { addDays } from '#shared/platform/time.ts';
import { npsHalfWidth, npsN, npsVarianceTerm, type NpsCounts } from '#shared/reporting/nps.ts';
import { sampledAt, samplingFraction } from '#shared/sms/keyed-hash.ts';
import { dailyRate, type FunnelDay } from '#shared/sms/precision.ts';
import type { PrecisionRules } from '#shared/sms/rules.ts';
import { table, type SectionReport } from './report.ts';

/** The seed of the synthetic county: change it to see another county of the same shape. */
const SEED = 20_261_201;
/** The year simulated (after eight weeks of history sampled at the fixed rate). */
const YEAR = 2026;
/** Units surveyed by SMS in the county. */
const UNITS = 120;
/** Eligible visits a year, so that 30 % sampling at 20–35 % response gives about 57,800 SMS answers (85 % of 68,000). */
const ELIGIBLE_VISITS_A_YEAR = 700_000;
/** The fixed rate counties use today (config/region.json). */
const FIXED_PERCENT = 30;
/** The precision target and the bounds of its daily rate, as a county would set them (README "Sampling to a precision target"). */
const PRECISION: PrecisionRules = { halfWidth: 15, floorPercent: 5, capPercent: 100, historyWeeks: 8 };
/**
 * The targeted settings compared with the fixed rate: the default (a month out of reach gets the
 * fixed rate), and a month out of reach given the floor, at 5 % and at 1 %.
 */
const TARGETED: readonly Pick<PrecisionRules, 'outOfReach' | 'floorPercent'>[] = [
  { outOfReach: 'fixed', floorPercent: 5 },
  { outOfReach: 'floor', floorPercent: 5 },
  { outOfReach: 'floor', floorPercent: 1 },
];
/** Link lifetime (config/region.json): answers of younger visit days are still coming. */
const TOKEN_LIFETIME_DAYS = 7;
/** Fewest answers a unit-month needs to be shown at all (internal suppression, config/region.json). */
const SUPPRESSION = 5;
/** Price of one SMS: the issue's (#14) and SPEC §12's figure, "about USD 0.07 (varies by operator route)"; not a quote read from AWS. */
const USD_PER_SMS = 0.07;
/** Visits by weekday, Sunday first, relative to a Wednesday: outpatient units close at weekends. */
const WEEKDAY = [0.08, 1.15, 1.05, 1, 1, 0.85, 0.12];
/** Visits by month relative to the year's mean: summer holidays and Christmas are quieter. */
const SEASON = [1.05, 1.08, 1.06, 1.02, 1, 0.92, 0.62, 0.85, 1.08, 1.1, 1.1, 0.9];
/** Share of a unit's answers from other channels (web, QR, paper): 15 % (SPEC §10). */
const OTHER_CHANNELS = 0.15;

type Bucket = keyof NpsCounts;
interface Unit {
  id: string;
  /** Mean eligible visits on a Wednesday of an average month. */
  wednesday: number;
  responseRate: number;
  promoterShare: number;
  detractorShare: number;
  /** Other channels' answers a day. */
  otherPerDay: number;
}
interface Arrival {
  unit: number;
  visitDate: string;
  bucket: Bucket;
}

/** One policy's state over the year: its funnel history, its answers by month and what it sent. */
class Policy {
  readonly history: FunnelDay[][];
  readonly months = new Map<string, NpsCounts[]>();
  readonly arrivals = new Map<string, Arrival[]>();
  sent = 0;
  sentInYear = 0;
  /** Answers of the year's visits by week of the visit's month (days 1–7, 8–14, 15–21, 22–28, 29–31). */
  readonly byWeek = [0, 0, 0, 0, 0];
  rateSum = 0;
  rateDays = 0;
  constructor(
    readonly name: string,
    units: number,
    /** The precision rules it plans with; none: the fixed rate. */
    readonly rules?: PrecisionRules,
  ) {
    this.history = Array.from({ length: units }, () => []);
  }
  month(month: string): NpsCounts[] {
    let m = this.months.get(month);
    if (!m) {
      m = Array.from({ length: this.history.length }, () => ({ promoters: 0, passives: 0, detractors: 0 }));
      this.months.set(month, m);
    }
    return m;
  }
  day(unit: number, date: string): FunnelDay {
    const h = this.history[unit]!;
    const last = h.at(-1);
    if (last?.date === date) return last;
    const d = { date, eligible: 0, sampled: 0, answered: 0 };
    h.push(d);
    // The planner reads at most historyWeeks and the month: older days only cost time.
    if (h.length > 7 * PRECISION.historyWeeks + 40) h.shift();
    return d;
  }
}

/** Poisson by inversion for small means, normal beyond: fast enough for 120 units × 420 days. */
function poisson(rnd: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rnd)));
  const l = Math.exp(-mean);
  let k = 0;
  for (let p = rnd(); p > l; p *= rnd()) k++;
  return k;
}
function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
}

/** Units with a long-tailed (log-normal) size, scaled so the county has its yearly eligible visits. */
function makeUnits(rnd: () => number): Unit[] {
  const raw = Array.from({ length: UNITS }, () => Math.exp(1.1 * gaussian(rnd)));
  // A mean week: five weekdays near 1 and a quiet weekend, over the year's mean month.
  const weekShare = WEEKDAY.reduce((a, b) => a + b, 0) / 7;
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((r, i) => {
    const wednesday = (ELIGIBLE_VISITS_A_YEAR * (r / total)) / 365 / weekShare;
    const responseRate = 0.2 + 0.15 * rnd();
    const promoterShare = 0.5 + 0.3 * rnd();
    const detractorShare = 0.04 + 0.16 * rnd();
    // 15 % of the answers the fixed rate brings come from other channels.
    const smsPerDay = (wednesday * weekShare * FIXED_PERCENT * responseRate) / 100;
    return {
      id: `u${String(i).padStart(3, '0')}`,
      wednesday,
      responseRate,
      promoterShare,
      detractorShare,
      otherPerDay: (smsPerDay * OTHER_CHANNELS) / (1 - OTHER_CHANNELS),
    };
  });
}

const bucketOf = (u: Unit, x: number): Bucket =>
  x < u.promoterShare ? 'promoters' : x < u.promoterShare + u.detractorShare ? 'detractors' : 'passives';
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();
/** Week of the month: days 1–7, 8–14, 15–21, 22–28, 29–31. */
const weekOfMonth = (date: string) => Math.min(4, Math.floor((Number(date.slice(8)) - 1) / 7));
const add = (a: NpsCounts, b: NpsCounts): NpsCounts => ({
  promoters: a.promoters + b.promoters,
  passives: a.passives + b.passives,
  detractors: a.detractors + b.detractors,
});

/** Whether a unit-month's interval meets the target, computed as the reports do (nps.ts), and it is shown at all. */
function meetsTarget(c: NpsCounts): boolean {
  const n = npsN(c);
  return n >= SUPPRESSION && npsHalfWidth(npsVarianceTerm(c), n) <= PRECISION.halfWidth;
}

/** Runs the synthetic county year under both policies and prints the comparison with its target. */
export async function benchSampling(): Promise<SectionReport> {
  const started = performance.now();
  const rnd = seededRandom(SEED);
  const units = makeUnits(rnd);
  const secret = createHash('sha256').update(`palaute-bench-sampling:${SEED}`).digest();
  const fixed = new Policy(`fixed ${FIXED_PERCENT} %`, UNITS);
  const targets = TARGETED.map(
    (t) => new Policy(`±${PRECISION.halfWidth}, floor ${t.floorPercent} %, out of reach: ${t.outOfReach}`, UNITS, { ...PRECISION, ...t }),
  );
  const policies = [fixed, ...targets];
  // Other channels' answers by month and unit: the planner expects last month's daily number to go on.
  const otherByMonth = new Map<string, number>();
  // The reference of the bias check: the year's eligible visits by week of the month.
  const visitWeeks = [0, 0, 0, 0, 0];
  const first = `${YEAR}-01-01`;
  const last = `${YEAR}-12-31`;
  const warmUp = addDays(first, -7 * PRECISION.historyWeeks);
  // Answers still arriving after the year count for December.
  for (let date = warmUp; date <= addDays(last, TOKEN_LIFETIME_DAYS); date = addDays(date, 1)) {
    const month = date.slice(0, 7);
    const inYear = date >= first && date <= last;
    const wd = weekday(date);
    const season = SEASON[Number(date.slice(5, 7)) - 1]!;
    // 1. Answers arriving today: into the month's counts (the reports count the day answered) and the audit's visit day.
    for (const p of policies) {
      for (const a of p.arrivals.get(date) ?? []) {
        p.month(month)[a.unit]![a.bucket] += 1;
        const day = p.history[a.unit]!.find((d) => d.date === a.visitDate);
        if (day) day.answered += 1;
        if (a.visitDate >= first && a.visitDate <= last) p.byWeek[weekOfMonth(a.visitDate)]! += 1;
      }
      p.arrivals.delete(date);
    }
    if (date > last) continue;
    const previous = addDays(`${month}-01`, -1).slice(0, 7);
    for (const [i, u] of units.entries()) {
      // 2. Other channels, the same for both policies.
      const others = poisson(rnd, u.otherPerDay * (wd === 0 || wd === 6 ? 0.3 : 1.15));
      for (let k = 0; k < others; k++) {
        const b = bucketOf(u, rnd());
        for (const p of policies) p.month(month)[i]![b] += 1;
      }
      const otherKey = `${month}|${i}`;
      otherByMonth.set(otherKey, (otherByMonth.get(otherKey) ?? 0) + others);
      // 3. Each policy's rate of the day: fixed, or planned from the unit's own history (the warm-up runs at the fixed rate).
      const rates = policies.map((p) => {
        if (!p.rules || date < first) return FIXED_PERCENT;
        const monthAnswers = p.month(month)[i]!;
        const percent = dailyRate({
          today: date,
          rules: p.rules,
          fixedPercent: FIXED_PERCENT,
          tokenLifetimeDays: TOKEN_LIFETIME_DAYS,
          history: p.history[i]!,
          monthAnswers,
          otherAnswersPerDay: (otherByMonth.get(`${previous}|${i}`) ?? 0) / Number(addDays(`${month}-01`, -1).slice(8, 10)),
          varianceAnswers: add(monthAnswers, p.month(previous)[i]!),
        }).percent;
        p.rateSum += percent;
        p.rateDays += 1;
        return percent;
      });
      // 4. The day's visits, each decided as intake decides it, at each policy's rate.
      const visits = poisson(rnd, u.wednesday * WEEKDAY[wd]! * season);
      for (const p of policies) p.day(i, date).eligible += visits;
      if (inYear) visitWeeks[weekOfMonth(date)]! += visits;
      for (let v = 0; v < visits; v++) {
        const fraction = samplingFraction(secret, `${u.id}-${date}-${v}`);
        // Whether and when this person would answer, and how: the same under both policies.
        const answers = rnd() < u.responseRate;
        const lag = 1 + Math.min(6, Math.floor(-Math.log(rnd() || 1e-12) * 1.2));
        const bucket = bucketOf(u, rnd());
        for (const [k, p] of policies.entries()) {
          if (!sampledAt(fraction, rates[k]!)) continue;
          p.day(i, date).sampled += 1;
          p.sent += 1;
          if (inYear) p.sentInYear += 1;
          if (!answers) continue;
          const at = addDays(date, lag);
          const list = p.arrivals.get(at) ?? [];
          list.push({ unit: i, visitDate: date, bucket });
          p.arrivals.set(at, list);
        }
      }
    }
  }

  const months = Array.from({ length: 12 }, (_, m) => `${YEAR}-${String(m + 1).padStart(2, '0')}`);
  const summary = policies.map((p) => {
    let meeting = 0;
    let answers = 0;
    for (const m of months)
      for (const c of p.month(m)) {
        answers += npsN(c);
        if (meetsTarget(c)) meeting += 1;
      }
    return { p, meeting, answers };
  });
  const [f, ...ts] = summary as [(typeof summary)[0], ...(typeof summary)[0][]];
  const verdicts = ts.map((t) => {
    const fewer = 1 - t.p.sentInYear / f.p.sentInYear;
    return { t, fewer, met: fewer >= 0.3 && t.meeting >= f.meeting };
  });
  const unitMonths = UNITS * 12;
  const usd = (n: number) => `USD ${Math.round(n * USD_PER_SMS).toLocaleString('en-US')}`;
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const weekShares = (counts: readonly number[]) => {
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((n) => pct(n / total));
  };
  const sizes = units.map((u) => u.wednesday).sort((a, b) => a - b);
  const lines = [
    `A synthetic county (seed ${SEED}): ${UNITS} units with log-normal sizes (a Wednesday's eligible visits from ${sizes[0]!.toFixed(1)} to ${sizes.at(-1)!.toFixed(0)}, median ${sizes[UNITS / 2]!.toFixed(0)}), ${ELIGIBLE_VISITS_A_YEAR.toLocaleString('en-US')} eligible visits a year with a weekday rhythm and summer and Christmas lows, response 20–35 % per unit, answers 1–7 days after the visit, 15 % of answers from other channels (README sizing: about 68,000 answers a year, 85 % by SMS). ${YEAR}, after eight weeks of history at ${FIXED_PERCENT} %. Every visit is decided with the real keyed fraction (\`samplingFraction\` + \`sampledAt\`, as intake does); the targeted rates come from the real planner (\`dailyRate\`), day by day, fed what the audit and the monthly snapshots would hold. Every sampled visit is taken to get its SMS (no cooldown or one-a-day losses, which touch every policy alike).`,
    '',
    `Target: ±${PRECISION.halfWidth} NPS points (95 %, the reports' formula), daily rate within [floor, ${PRECISION.capPercent} %], history ${PRECISION.historyWeeks} weeks; a month out of reach even at the cap gets the fixed ${FIXED_PERCENT} % (\`outOfReach: fixed\`, the default) or the floor (\`floor\`). A unit-month meets the target when its answers (every channel, by the day answered, as the reports count) number at least ${SUPPRESSION} and give a half-width ≤ ${PRECISION.halfWidth}. SMS price: USD ${USD_PER_SMS} each, the issue's (#14) and SPEC §12's figure ("varies by operator route"), not a price read from AWS.`,
    '',
    ...table(
      [
        'policy',
        'SMS in the year',
        'a month',
        `SMS cost at USD ${USD_PER_SMS}`,
        'vs fixed',
        'answers',
        `unit-months meeting ±${PRECISION.halfWidth} (of ${unitMonths})`,
        'mean daily rate',
      ],
      summary.map(({ p, meeting, answers }) => [
        p.name,
        p.sentInYear.toLocaleString('en-US'),
        Math.round(p.sentInYear / 12).toLocaleString('en-US'),
        usd(p.sentInYear),
        p === fixed ? '' : `${p.sentInYear <= f.p.sentInYear ? '−' : '+'}${pct(Math.abs(1 - p.sentInYear / f.p.sentInYear))}`,
        answers.toLocaleString('en-US'),
        meeting.toLocaleString('en-US'),
        p.rules ? `${(p.rateSum / p.rateDays).toFixed(1)} %` : `${FIXED_PERCENT} %`,
      ]),
      [1, 2, 3, 4, 5, 6, 7],
    ),
    '',
    "Bias check: the share of the year's SMS answers by the week of the month the visit was in, against the share of eligible visits. A rate uniform within a day cannot favour a day's early visitors; this shows whether the month's early days are favoured.",
    '',
    ...table(
      ['', 'days 1–7', '8–14', '15–21', '22–28', '29–31'],
      [['eligible visits', ...weekShares(visitWeeks)], ...policies.map((p) => [`answers, ${p.name}`, ...weekShares(p.byWeek)])],
      [1, 2, 3, 4, 5],
    ),
    '',
    ...verdicts.map(
      ({ t, fewer, met }) =>
        `Target (at least 30 % fewer SMS for at least as many unit-months meeting ±${PRECISION.halfWidth}), ${t.p.name}: **${met ? 'met' : 'not met'}** (${fewer >= 0 ? `${pct(fewer)} fewer` : `${pct(-fewer)} more`} SMS; ${t.meeting} vs ${f.meeting} unit-months; answers ${t.answers.toLocaleString('en-US')} vs ${f.answers.toLocaleString('en-US')}).`,
    ),
    '',
    `Simulated in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  ];
  return {
    title: 'SMS sampling to a precision target: a synthetic county year',
    lines,
    // The summary's target is the cost-saving setting's (the last); the others are the trade-off, printed above.
    targets: verdicts.slice(-1).map(({ t, fewer, met }) => ({
      name: `sampling (${t.p.name}): fewer SMS than fixed ${FIXED_PERCENT} %, unit-months meeting ±${PRECISION.halfWidth} not fewer`,
      measured: `${pct(fewer)} fewer, ${t.meeting} vs ${f.meeting}`,
      limit: '≥ 30 % fewer, ≥ as many',
      pass: met,
    })),
  };
}
