/**
 * The reporting API, called with the tab's token as `Authorization: Bearer`. Paths, queries and
 * bodies are the server's own (api-contract.ts, query.ts, report.ts), so a change there that the
 * page does not follow fails to type-check.
 */
import { REPORT_PATHS, type ReportName } from '../api-contract.ts';
import type { BreakdownQuery, NpsQuery, RangeQuery } from '../query.ts';
import type { BreakdownReport, ChildrenReport, NpsReport, StatementsReport } from '../report.ts';
import type { ThemesReport } from '../themes-report.ts';
import type { DigestReport } from '../digest.ts';
import type { Lang } from '../../platform/index.ts';
import { staffApi } from '../../platform/browser/staff-api.ts';

/** Each report's query and body; a report of REPORT_PATHS missing here does not compile. */
interface Reports extends Record<ReportName, { query: object; body: unknown }> {
  nps: { query: NpsQuery; body: NpsReport };
  statements: { query: RangeQuery; body: StatementsReport };
  children: { query: RangeQuery; body: ChildrenReport };
  breakdown: { query: BreakdownQuery; body: BreakdownReport };
  themes: { query: RangeQuery & { lang: Lang }; body: ThemesReport };
  digest: { query: { node: string; month: string; lang: Lang }; body: DigestReport };
}
/** An answer other than 2xx (the staff pages' one error type). */
export { ApiError } from '../../platform/browser/staff-api.ts';

/** One report; after a 401 it refreshes the token once (Cognito) and asks again. */
export function report<N extends ReportName>(name: N, query: Reports[N]['query']): Promise<Reports[N]['body']> {
  return staffApi<Reports[N]['body']>(`${REPORT_PATHS[name]}?${new URLSearchParams({ ...(query as Record<string, string>) }).toString()}`);
}
