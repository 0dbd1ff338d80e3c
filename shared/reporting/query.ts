/**
 * Query parameters of the reporting API and the export, validated with their routes' contract
 * schemas (real Helsinki calendar dates, a known granularity or breakdown), then from ≤ to and a
 * bounded range. Every issue names the parameter as `query.<name>`.
 */
import type * as z from '../platform/zod.ts';
import { ValidationError, type Issue, toIssues, addDays } from '../platform/index.ts';
import type { Breakdown, SeriesGranularity } from './api-contract.ts';
import { breakdownQuerySchema, monthQuerySchema, npsQuerySchema, rangeQuerySchema } from './contracts.ts';

/** Longest range one report may cover: three years of days (a 24-month trend fits with room). */
export const MAX_RANGE_DAYS = 1096;

/** Query string parameters as the HTTP API hands them over. */
export type RawQuery = Record<string, string | undefined> | null | undefined;

/**
 * Parses a report's query with its route's query schema, then what one field alone cannot say: from
 * ≤ to and the range's length. Every issue names `query.<name>`.
 */
export function parseReportQuery<T>(schema: z.ZodMiniType<T>, raw: RawQuery): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw new ValidationError('The query is not valid.', toIssues(parsed.error).map(prefixed));
  const q = parsed.data as T & { from?: string; to?: string };
  if (q.from !== undefined && q.to !== undefined) {
    const issues: Issue[] = [];
    if (q.from > q.to) issues.push({ path: 'query.to', message: 'must not be before from' });
    else if (addDays(q.from, MAX_RANGE_DAYS - 1) < q.to)
      issues.push({ path: 'query.to', message: `the range may be at most ${MAX_RANGE_DAYS} days` });
    if (issues.length) throw new ValidationError('The query is not valid.', issues);
  }
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

/** `node`, `from`, `to`. */
export function parseRangeQuery(raw: RawQuery): RangeQuery {
  return parseReportQuery(rangeQuerySchema, raw);
}

/** `node`, `from`, `to`, `granularity` (day by default). */
export function parseNpsQuery(raw: RawQuery): NpsQuery {
  return parseReportQuery(npsQuerySchema, raw);
}

/** `node`, `from`, `to`, `by`. */
export function parseBreakdownQuery(raw: RawQuery): BreakdownQuery {
  return parseReportQuery(breakdownQuerySchema, raw);
}

/** `month` (YYYY-MM) of the export. */
export function parseMonthQuery(raw: RawQuery): { month: string } {
  return parseReportQuery(monthQuerySchema, raw);
}
