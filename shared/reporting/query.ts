/**
 * Query parameters of the reporting API and the export, validated with their routes' contract
 * schemas (real Helsinki calendar dates, a known granularity or breakdown), then what the reports
 * promise: whole months, closed ones only, from ≤ to and a bounded range (why: visibility.ts). Every
 * issue names the parameter as `query.<name>`.
 */
import type * as z from '../platform/zod.ts';
import { ValidationError, type Issue, toIssues, addDays } from '../platform/index.ts';
import type { Breakdown, SeriesGranularity } from './api-contract.ts';
import { lastReportedMonth, periodDays } from './periods.ts';
import { breakdownQuerySchema, monthQuerySchema, npsQuerySchema, rangeQuerySchema } from './contracts.ts';

/** Longest range one report may cover: three years of months (a 24-month trend fits with room). */
export const MAX_RANGE_MONTHS = 36;

const monthIndex = (yyyyMm: string) => Number(yyyyMm.slice(0, 4)) * 12 + Number(yyyyMm.slice(5, 7)) - 1;

/** Query string parameters as the HTTP API hands them over. */
export type RawQuery = Record<string, string | undefined> | null | undefined;

/**
 * Parses a report's query with its route's query schema, then what one field alone cannot say, as of
 * the Helsinki date `today`: `from` the first day of a month, `to` the last day of a month no longer open to change (`lastReportedMonth`),
 * from ≤ to, at most `MAX_RANGE_MONTHS` months; an export's `month` closed. Every issue names
 * `query.<name>`.
 */
export function parseReportQuery<T>(schema: z.ZodMiniType<T>, raw: RawQuery, today: string): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw new ValidationError('The query is not valid.', toIssues(parsed.error).map(prefixed));
  const q = parsed.data as T & { from?: string; to?: string; month?: string };
  const closed = lastReportedMonth(today);
  const issues: Issue[] = [];
  if (q.from !== undefined && q.to !== undefined) {
    if (!q.from.endsWith('-01'))
      issues.push({ path: 'query.from', message: 'must be the first day of a month: reports cover whole months' });
    if (addDays(q.to, 1).slice(8) !== '01')
      issues.push({ path: 'query.to', message: 'must be the last day of a month: reports cover whole months' });
    else if (q.to.slice(0, 7) > closed)
      issues.push({
        path: 'query.to',
        message: `must not be after ${periodDays(closed, 'month').last}: a month is reported once it has closed and late paper answers can no longer change it`,
      });
    if (q.from > q.to) issues.push({ path: 'query.to', message: 'must not be before from' });
    else if (monthIndex(q.to) - monthIndex(q.from) >= MAX_RANGE_MONTHS)
      issues.push({ path: 'query.to', message: `the range may be at most ${MAX_RANGE_MONTHS} months` });
  }
  if (q.month !== undefined && q.month > closed)
    issues.push({ path: 'query.month', message: `must be a closed month that late answers can no longer change, at most ${closed}` });
  if (issues.length) throw new ValidationError('The query is not valid.', issues);
  return q;
}

function prefixed(i: Issue): Issue {
  return { path: `query.${i.path === 'body' ? '' : i.path}`.replace(/\.$/, ''), message: i.message };
}

/** The query of the statements and children reports: a node and a range of Helsinki days. */
export interface RangeQuery {
  node: string;
  from: string;
  to: string;
}

/** The query of the NPS report. */
export interface NpsQuery extends RangeQuery {
  granularity: SeriesGranularity;
}

/** The query of the breakdown report. */
export interface BreakdownQuery extends RangeQuery {
  by: Breakdown;
}

/** `node`, `from`, `to`, as of the Helsinki date `today`. */
export function parseRangeQuery(raw: RawQuery, today: string): RangeQuery {
  return parseReportQuery(rangeQuerySchema, raw, today);
}

/** `node`, `from`, `to`, `granularity` (month by default). */
export function parseNpsQuery(raw: RawQuery, today: string): NpsQuery {
  return parseReportQuery(npsQuerySchema, raw, today);
}

/** `node`, `from`, `to`, `by`. */
export function parseBreakdownQuery(raw: RawQuery, today: string): BreakdownQuery {
  return parseReportQuery(breakdownQuerySchema, raw, today);
}

/** `month` (YYYY-MM) of the export: a closed one. */
export function parseMonthQuery(raw: RawQuery, today: string): { month: string } {
  return parseReportQuery(monthQuerySchema, raw, today);
}
