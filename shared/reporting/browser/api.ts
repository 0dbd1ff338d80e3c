/**
 * The reporting API, called with the tab's token as `Authorization: Bearer`. Paths, queries and
 * bodies are the server's own (api-contract.ts, query.ts, report.ts), so a change there that the
 * page does not follow fails to type-check.
 */
import { REPORT_PATHS, type ReportName } from '../api-contract.ts';
import type { BreakdownQuery, NpsQuery, RangeQuery } from '../query.ts';
import type { BreakdownReport, ChildrenReport, NpsReport, StatementsReport } from '../report.ts';
import { refresh, storedToken } from '../../platform/browser/staff-signin.ts';

/** Each report's query and body; a report of REPORT_PATHS missing here does not compile. */
interface Reports extends Record<ReportName, { query: RangeQuery; body: unknown }> {
  nps: { query: NpsQuery; body: NpsReport };
  statements: { query: RangeQuery; body: StatementsReport };
  children: { query: RangeQuery; body: ChildrenReport };
  breakdown: { query: BreakdownQuery; body: BreakdownReport };
}
/** An answer other than 2xx: its status and what the error body says (the issues' paths and messages). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`HTTP ${status}`);
  }
}

async function api<R>(path: string, retried = false): Promise<R> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${storedToken() ?? ''}`, accept: 'application/json' } });
  if (res.status === 401 && !retried && (await refresh())) return api<R>(path, true);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string; issues?: { path: string; message: string }[] } };
    const detail =
      (body.error?.issues ?? []).map((i) => `${i.path.replace(/^query\./, '')}: ${i.message}`).join('; ') || body.error?.message || '';
    throw new ApiError(res.status, detail);
  }
  return (await res.json()) as R;
}

/** One report; after a 401 it refreshes the token once (Cognito) and asks again. */
export function report<N extends ReportName>(name: N, query: Reports[N]['query']): Promise<Reports[N]['body']> {
  return api<Reports[N]['body']>(`${REPORT_PATHS[name]}?${new URLSearchParams({ ...query }).toString()}`);
}
