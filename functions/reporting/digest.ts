import { loadConfig } from '#shared/config.ts';
import { caseLabelsFromEnv } from '#shared/cases/index.ts';
import { feedbackStoreFromEnv } from '#shared/feedback/index.ts';
import { assertCanSee, callerOrgNodes, clock, helsinkiDate, httpHandler, replyOf } from '#shared/platform/index.ts';
// Its contract's query schema alone (test/reporting/unit/report-queries.test.ts), so the contracts'
// response schemas stay out of the bundle and off its cold start.
import { digestQuerySchema, type reportingContracts as contracts } from '#shared/reporting/contracts.ts';
import { digestReport } from '#shared/reporting/digest.ts';
import { parseReportQuery } from '#shared/reporting/query.ts';
import { requireNode } from '#shared/reporting/report.ts';
import { aggregateStoreFromEnv } from '#shared/reporting/store-from-env.ts';
import { taxonomyOf } from '#shared/text/index.ts';

const config = loadConfig();
const deps = {
  config,
  store: aggregateStoreFromEnv(),
  feedback: feedbackStoreFromEnv(),
  labels: caseLabelsFromEnv(),
  taxonomy: taxonomyOf(config.org),
};

const reply = replyOf<(typeof contracts)['GET /api/reports/digest']>();

/**
 * `GET /api/reports/digest?node=&month=&lang=` (scope `reports:read`; the token's org nodes limit
 * which nodes): a closed month's digest, with representative comments whose names are masked.
 */
export const handler = httpHandler(async (event) => {
  const p = parseReportQuery(digestQuerySchema, event.queryStringParameters, helsinkiDate(clock().now()));
  requireNode(deps, p.node);
  assertCanSee(deps.config.org, callerOrgNodes(event, deps.config.org), p.node);
  return reply(200, await digestReport(deps, p.node, p.month, p.lang));
});
