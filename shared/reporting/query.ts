/**
 * Query parameters of the reporting API and the export, validated with zod: real Helsinki calendar
 * dates, from ≤ to, a bounded range, a known granularity or breakdown. Every issue names the
 * parameter as `query.<name>`.
 */
import * as z from '../platform/zod.ts';
import { ValidationError, type Issue, toIssues, addDays } from '../platform/index.ts';
import { BREAKDOWNS, SERIES_GRANULARITIES, type Breakdown, type SeriesGranularity } from './api-contract.ts';

/** Longest range one report may cover: three years of days (a 24-month trend fits with room). */
export const MAX_RANGE_DAYS = 1096;

const isRealDate = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
};

const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'), z.refine(isRealDate, 'is not a real date'));
const node = z.string().check(z.minLength(1, 'must name an organisation node'), z.maxLength(64, 'is too long'));

const rangeSchema = z.object({ node, from: date, to: date });
const npsSchema = z.object({ node, from: date, to: date, granularity: z._default(z.enum(SERIES_GRANULARITIES), 'day') });
const breakdownSchema = z.object({ node, from: date, to: date, by: z.enum(BREAKDOWNS) });
const monthSchema = z.object({
  month: z.string().check(
    z.regex(/^\d{4}-\d{2}$/, 'must be a month YYYY-MM'),
    z.refine((m) => isRealDate(`${m}-01`), 'is not a real month'),
  ),
});

/** Query string parameters as the HTTP API hands them over. */
export type RawQuery = Record<string, string | undefined> | null | undefined;

function parse<T>(schema: z.ZodMiniType<T>, raw: RawQuery): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw new ValidationError('The query is not valid.', toIssues(parsed.error).map(prefixed));
  const q = parsed.data as T & { from?: string; to?: string };
  if (q.from !== undefined && q.to !== undefined) {
    const issues: Issue[] = [];
    if (q.from > q.to) issues.push({ path: 'query.to', message: 'must not be before from' });
    else if (addDays(q.from, MAX_RANGE_DAYS - 1) < q.to) issues.push({ path: 'query.to', message: `the range may be at most ${MAX_RANGE_DAYS} days` });
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
  return parse(rangeSchema, raw);
}

/** `node`, `from`, `to`, `granularity` (day by default). */
export function parseNpsQuery(raw: RawQuery): NpsQuery {
  return parse(npsSchema, raw);
}

/** `node`, `from`, `to`, `by`. */
export function parseBreakdownQuery(raw: RawQuery): BreakdownQuery {
  return parse(breakdownSchema, raw);
}

/** `month` (YYYY-MM) of the export. */
export function parseMonthQuery(raw: RawQuery): { month: string } {
  return parse(monthSchema, raw);
}
