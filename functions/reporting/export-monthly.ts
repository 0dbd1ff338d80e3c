import { loadConfig } from '#shared/config.ts';
import { assertRegionScope, callerOrgNodes, clock, helsinkiDate, httpHandler, SECURITY_HEADERS } from '#shared/platform/index.ts';
import { aggregateStoreFromEnv } from '#shared/reporting/store-from-env.ts';
import { monthlyExport } from '#shared/reporting/export.ts';
// Its contract's query schema alone (test/reporting/unit/report-queries.test.ts), so the contracts'
// response schemas stay out of the bundle and off its cold start.
import { monthQuerySchema } from '#shared/reporting/contracts.ts';
import { parseReportQuery } from '#shared/reporting/query.ts';

const deps = { config: loadConfig(), store: aggregateStoreFromEnv() };

/**
 * `GET /api/exports/monthly?month=YYYY-MM` (scope `reports:read`, holders of the region node only):
 * the national export of a closed month as a `;`-separated UTF-8 CSV with a byte order mark, one row
 * per unit.
 */
export const handler = httpHandler(async (event) => {
  const { month } = parseReportQuery(monthQuerySchema, event.queryStringParameters, helsinkiDate(clock().now()));
  assertRegionScope(deps.config.org, callerOrgNodes(event, deps.config.org));
  const { filename, csv } = await monthlyExport(deps, month);
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
    },
    body: csv,
  };
});
