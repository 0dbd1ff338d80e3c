import type { SmsStore } from './sms-store.ts';
import { ValidationError, type Issue } from '../platform/index.ts';

/** Longest period one stats request may cover. */
const MAX_DAYS = 366;

/** One day and unit of the SMS funnel. */
export interface SmsStatsRow {
  date: string;
  unitId: string;
  received: number;
  excluded: Record<string, number>;
  sampled: number;
  scheduled: number;
  sent: number;
  failed: number;
  cancelled: number;
  answered: number;
}

const FUNNEL = ['received', 'sampled', 'scheduled', 'sent', 'failed', 'cancelled', 'answered'] as const;

/** Checks a YYYY-MM-DD period: real dates, from ≤ to, at most a year. */
export function parsePeriod(from: string | undefined, to: string | undefined): { from: string; to: string } {
  const issues: Issue[] = [];
  const check = (name: string, v: string | undefined) => {
    const t = v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : Number.NaN;
    if (!v || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== v) {
      issues.push({ path: `query.${name}`, message: 'must be a date YYYY-MM-DD' });
    }
  };
  check('from', from);
  check('to', to);
  if (!issues.length && from! > to!) issues.push({ path: 'query.to', message: 'must not be before from' });
  if (!issues.length && (Date.parse(to!) - Date.parse(from!)) / 86_400_000 >= MAX_DAYS) issues.push({ path: 'query.to', message: `the period may be at most ${MAX_DAYS} days` });
  if (issues.length) throw new ValidationError('The period is not valid.', issues);
  return { from: from!, to: to! };
}

/** The SMS audit per Helsinki day (of the visit) and unit, with totals: counts only, no identifiers. */
export async function smsStats(store: SmsStore, from: string, to: string): Promise<{ from: string; to: string; days: SmsStatsRow[]; total: Omit<SmsStatsRow, 'date' | 'unitId'> }> {
  const rows = await store.listAudit(from, to);
  const total: Omit<SmsStatsRow, 'date' | 'unitId'> = { received: 0, excluded: {}, sampled: 0, scheduled: 0, sent: 0, failed: 0, cancelled: 0, answered: 0 };
  const days = rows
    .filter((r) => r.date >= from && r.date <= to)
    .map((r) => {
      const row: SmsStatsRow = { date: r.date, unitId: r.unitId, received: 0, excluded: {}, sampled: 0, scheduled: 0, sent: 0, failed: 0, cancelled: 0, answered: 0 };
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
      return row;
    })
    .sort((a, b) => (a.date === b.date ? a.unitId.localeCompare(b.unitId) : a.date < b.date ? -1 : 1));
  return { from, to, days, total };
}
