import { loadConfig } from '#shared/config.ts';
import { assertCanSee, callerOrgNodes, HttpError, httpHandler, json, type HttpEvent } from '#shared/platform/index.ts';
import { REPORT_PATHS } from '#shared/reporting/api-contract.ts';
import { aggregateStoreFromEnv } from '#shared/reporting/store-from-env.ts';
import { parseBreakdownQuery, parseNpsQuery, parseRangeQuery } from '#shared/reporting/query.ts';
import { breakdownReport, childrenReport, npsReport, requireNode, statementsReport } from '#shared/reporting/report.ts';

const deps = { config: loadConfig(), store: aggregateStoreFromEnv() };

/** Checks that the node exists (404) and that the caller may see it (403). */
function authorize(event: HttpEvent, nodeId: string): void {
  requireNode(deps, nodeId);
  assertCanSee(deps.config.org, callerOrgNodes(event), nodeId);
}

/**
 * The reporting API (scope `reports:read`; the token's org nodes limit what a person may see):
 * `GET /api/reports/nps|statements|children|breakdown?node=&from=&to=…`, computed from the snapshots.
 */
export const handler = httpHandler(async (event) => {
  const q = event.queryStringParameters;
  switch (event.rawPath) {
    case REPORT_PATHS.nps: {
      const p = parseNpsQuery(q);
      authorize(event, p.node);
      return json(200, await npsReport(deps, p.node, p.from, p.to, p.granularity));
    }
    case REPORT_PATHS.statements: {
      const p = parseRangeQuery(q);
      authorize(event, p.node);
      return json(200, await statementsReport(deps, p.node, p.from, p.to));
    }
    case REPORT_PATHS.children: {
      const p = parseRangeQuery(q);
      authorize(event, p.node);
      return json(200, await childrenReport(deps, p.node, p.from, p.to));
    }
    case REPORT_PATHS.breakdown: {
      const p = parseBreakdownQuery(q);
      authorize(event, p.node);
      return json(200, await breakdownReport(deps, p.node, p.from, p.to, p.by));
    }
    default:
      throw new HttpError(404, 'not_found', 'No such report.', [{ path: 'path', message: `unknown report ${event.rawPath}` }]);
  }
});
