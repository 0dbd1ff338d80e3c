import type { AuditRow, SmsStore } from './sms-store.ts';
import { ValidationError, type Issue, toIssues } from '../platform/index.ts';
import type * as z from '../platform/zod.ts';
import { statsQuerySchema, type smsStatsSchema } from './contracts.ts';

/** Longest period one stats request may cover. */
const MAX_DAYS = 366;

/** The SMS funnel as its contract declares it. */
export type SmsStats = z.infer<typeof smsStatsSchema>;
/** One day and unit of the SMS funnel. */
export type SmsStatsRow = SmsStats['days'][number];

const FUNNEL = ['received', 'sampled', 'scheduled', 'sent', 'failed', 'cancelled', 'answered'] as const;

/** Checks a YYYY-MM-DD period with the route's query schema: real dates, from ≤ to, at most a year. */
export function parsePeriod(from: string | undefined, to: string | undefined): { from: string; to: string } {
  const parsed = statsQuerySchema.safeParse({ from, to });
  const issues: Issue[] = parsed.success ? [] : toIssues(parsed.error).map((i) => ({ path: `query.${i.path}`, message: i.message }));
  if (parsed.success && parsed.data.from > parsed.data.to) issues.push({ path: 'query.to', message: 'must not be before from' });
  else if (parsed.success && (Date.parse(parsed.data.to) - Date.parse(parsed.data.from)) / 86_400_000 >= MAX_DAYS)
    issues.push({ path: 'query.to', message: `the period may be at most ${MAX_DAYS} days` });
  if (!parsed.success || issues.length) throw new ValidationError('The period is not valid.', issues);
  return parsed.data;
}

/**
 * The SMS audit per Helsinki day (of the visit) and unit, with totals: counts only, no identifiers;
 * and on days sampled under a precision target, the rate used and the month's projected half-width.
 */
export async function smsStats(store: SmsStore, from: string, to: string): Promise<SmsStats> {
  const [audit, rates] = await Promise.all([store.listAudit(from, to), store.listDailyRates(from, to)]);
  const rateOf = new Map(rates.map((r) => [`${r.date}|${r.unitId}`, r]));
  // A planned day without visits yet has a rate and no audit row: it shows with zero counts.
  const rows = [
    ...audit,
    ...rates
      .filter((r) => !audit.some((a) => a.date === r.date && a.unitId === r.unitId))
      .map((r): AuditRow => ({ date: r.date, unitId: r.unitId, counters: {} })),
  ];
  const total: Omit<SmsStatsRow, 'date' | 'unitId'> = {
    received: 0,
    excluded: {},
    sampled: 0,
    scheduled: 0,
    sent: 0,
    failed: 0,
    cancelled: 0,
    answered: 0,
  };
  const days = rows
    .filter((r) => r.date >= from && r.date <= to)
    .map((r) => {
      const row: SmsStatsRow = {
        date: r.date,
        unitId: r.unitId,
        received: 0,
        excluded: {},
        sampled: 0,
        scheduled: 0,
        sent: 0,
        failed: 0,
        cancelled: 0,
        answered: 0,
      };
      for (const [k, n] of Object.entries(r.counters)) {
        if (k.startsWith('excluded_')) {
          const reason = k.slice('excluded_'.length);
          row.excluded[reason] = (row.excluded[reason] ?? 0) + n;
          total.excluded[reason] = (total.excluded[reason] ?? 0) + n;
        } else if ((FUNNEL as readonly string[]).includes(k)) {
          row[k as (typeof FUNNEL)[number]] += n;
          total[k as (typeof FUNNEL)[number]] += n;
        }
      }
      const rate = rateOf.get(`${r.date}|${r.unitId}`);
      if (rate)
        row.rate = {
          percent: rate.percent,
          projectedHalfWidth: rate.projectedHalfWidth,
          targetHalfWidth: rate.targetHalfWidth,
          source: rate.source,
        };
      return row;
    })
    .sort((a, b) => (a.date === b.date ? a.unitId.localeCompare(b.unitId) : a.date < b.date ? -1 : 1));
  return { from, to, days, total };
}
