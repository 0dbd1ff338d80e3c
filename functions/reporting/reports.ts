import { loadConfig } from '#shared/config.ts';
import {
  assertCanSee,
  byRoute,
  callerOrgNodes,
  clock,
  helsinkiDate,
  type FunctionRouteKeys,
  httpHandler,
  replyOf,
  type HttpEvent,
} from '#shared/platform/index.ts';
// The query schemas alone, which are the contracts' own (test/reporting/unit/report-queries.test.ts):
// the contracts object with its response schemas is then left out of the bundle, and off its cold start.
import {
  breakdownQuerySchema,
  npsQuerySchema,
  rangeQuerySchema,
  type reportingContracts as contracts,
  themesQuerySchema,
} from '#shared/reporting/contracts.ts';
import type { reportingManifest } from '#shared/reporting/manifest.ts';
import { aggregateStoreFromEnv } from '#shared/reporting/store-from-env.ts';
import { parseReportQuery } from '#shared/reporting/query.ts';
import { breakdownReport, childrenReport, npsReport, requireNode, statementsReport } from '#shared/reporting/report.ts';
import { themesReport } from '#shared/reporting/themes-report.ts';
import { taxonomyOf } from '#shared/text/index.ts';

const config = loadConfig();
const deps = { config, store: aggregateStoreFromEnv(), taxonomy: taxonomyOf(config.org) };

/** The Helsinki date now: reports cover the months closed before it. */
const today = () => helsinkiDate(clock().now());

/** Checks that the node exists (404) and that the caller may see it (403). */
function authorize(event: HttpEvent, nodeId: string): void {
  requireNode(deps, nodeId);
  assertCanSee(deps.config.org, callerOrgNodes(event, deps.config.org), nodeId);
}

/**
 * The reporting API (scope `reports:read`; the token's org nodes limit what a person may see):
 * `GET /api/reports/nps|statements|children|breakdown|themes?node=&from=&to=…`, computed from the snapshots.
 * Each route's query is parsed with its contract's query schema and its answer typed by its contract.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof reportingManifest, 'reports'>>({
    'GET /api/reports/nps': async (event) => {
      const p = parseReportQuery(npsQuerySchema, event.queryStringParameters, today());
      authorize(event, p.node);
      return replyOf<(typeof contracts)['GET /api/reports/nps']>()(200, await npsReport(deps, p.node, p.from, p.to, p.granularity));
    },
    'GET /api/reports/statements': async (event) => {
      const p = parseReportQuery(rangeQuerySchema, event.queryStringParameters, today());
      authorize(event, p.node);
      return replyOf<(typeof contracts)['GET /api/reports/statements']>()(200, await statementsReport(deps, p.node, p.from, p.to));
    },
    'GET /api/reports/children': async (event) => {
      const p = parseReportQuery(rangeQuerySchema, event.queryStringParameters, today());
      authorize(event, p.node);
      return replyOf<(typeof contracts)['GET /api/reports/children']>()(200, await childrenReport(deps, p.node, p.from, p.to));
    },
    'GET /api/reports/breakdown': async (event) => {
      const p = parseReportQuery(breakdownQuerySchema, event.queryStringParameters, today());
      authorize(event, p.node);
      return replyOf<(typeof contracts)['GET /api/reports/breakdown']>()(200, await breakdownReport(deps, p.node, p.from, p.to, p.by));
    },
    'GET /api/reports/themes': async (event) => {
      const p = parseReportQuery(themesQuerySchema, event.queryStringParameters, today());
      authorize(event, p.node);
      return replyOf<(typeof contracts)['GET /api/reports/themes']>()(200, await themesReport(deps, p.node, p.from, p.to, p.lang));
    },
  }),
);
