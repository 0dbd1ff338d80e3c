/** Reporting: NPS snapshots aggregated on a schedule, the reporting API, export, dashboard, public results. */
import { S, type ManifestFragment } from '../platform/index.ts';
import { DASHBOARD_PATH, PUBLIC_RESULTS_PATHS, REPORT_PATHS } from './api-contract.ts';

/**
 * Environment of the dashboard function on AWS for Cognito sign-in (authorization code + PKCE).
 * Without the first two the page offers the local stack's `/dev/signin` when running locally, and
 * says that sign-in is not configured otherwise.
 */
export const DASHBOARD_AUTH_ENV = {
  /** The Cognito domain's base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  authUrl: 'STAFF_AUTH_URL',
  /** The staff dashboard client's id (a public client: no secret). */
  clientId: 'STAFF_CLIENT_ID',
  /** The callback URL registered on the client; defaults to the page's own origin + `/admin`. */
  dashboardUrl: 'DASHBOARD_URL',
} as const;

const PUBLIC_RESULTS =
  'It is the public results page, public by purpose: only NPS figures of the newest reported month per service area and unit, suppressed below the public threshold with complementary suppression, and no free text.';

/** The environment variable naming the aggregates table: functions read it here, without the fragment. */
export const AGGREGATES_TABLE_ENV = 'AGGREGATES_TABLE';

/**
 * The reporting feature's manifest fragment.
 *
 * `aggregates` — NPS snapshots: additive counts per org node and period.
 *  - A node's series: `pk = AGG#{nodeId}#{day|week|month|quarter|year}`, `sk = {period}` (`2026-11-22`,
 *    `2026-W47`, `2026-11`, `2026-Q4`, `2026`) — one Query of 24 items per node for 24 months; a report
 *    reads its node and the nodes that decide its suppression (the region: itself and 4 service areas).
 *  - Children of a node for one period: BatchGetItem of their keys.
 *  - The incremental run's watermark: `pk = META`, `sk = watermark`.
 */
// biome-ignore format: the fragment keeps its indentation inside the @__PURE__ call
export const reportingManifest = /* @__PURE__ */ (() => ({
  tables: {
    aggregates: {
      envVar: AGGREGATES_TABLE_ENV,
      partitionKey: S('pk'),
      sortKey: S('sk'),
      indexes: [],
    },
  },
  functions: {
    aggregate: {
      entry: 'functions/reporting/aggregate.ts',
      description: 'Scheduled: recomputes the NPS snapshots touched by newly arrived answers',
      memoryMb: 1024,
      timeoutSeconds: 300,
      tables: {
        feedback: ['dynamodb:Query', 'dynamodb:Query@byArrival'],
        aggregates: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
        // The cases' labels (themes counted as corrected) and the cases relabelled since the last run.
        cases: ['dynamodb:BatchGetItem', 'dynamodb:Query@byRelabel'],
      },
    },
    aggregateNightly: {
      entry: 'functions/reporting/aggregate-nightly.ts',
      description: 'Scheduled nightly: recomputes the last two days of every unit and their roll-ups',
      memoryMb: 1024,
      timeoutSeconds: 900,
      tables: {
        feedback: ['dynamodb:Query'],
        aggregates: ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
        cases: ['dynamodb:BatchGetItem'],
      },
    },
    reports: {
      entry: 'functions/reporting/reports.ts',
      description: 'Reporting API: NPS series, statements, children, breakdowns and themes from the snapshots',
      memoryMb: 512,
      timeoutSeconds: 10,
      tables: { aggregates: ['dynamodb:Query', 'dynamodb:BatchGetItem'] },
    },
    digest: {
      entry: 'functions/reporting/digest.ts',
      description: 'Reporting API: the monthly digest of a node, with representative comments (names masked)',
      memoryMb: 512,
      timeoutSeconds: 15,
      // Counts from the snapshots; comments from the node's answers of the month; their labels from the cases.
      tables: {
        aggregates: ['dynamodb:Query', 'dynamodb:BatchGetItem'],
        feedback: ['dynamodb:Query'],
        cases: ['dynamodb:BatchGetItem'],
      },
    },
    exportMonthly: {
      entry: 'functions/reporting/export-monthly.ts',
      description: 'National monthly export: one CSV row per unit',
      memoryMb: 512,
      timeoutSeconds: 29,
      tables: { aggregates: ['dynamodb:Query', 'dynamodb:BatchGetItem'] },
    },
    dashboard: {
      entry: 'functions/reporting/dashboard.ts',
      description: "The managers' dashboard page; its data comes from the reporting API with the signed-in token",
      memoryMb: 256,
      timeoutSeconds: 5,
      tables: {},
      env: DASHBOARD_AUTH_ENV,
    },
    publicResults: {
      entry: 'functions/reporting/public-results.ts',
      description: 'Public results: NPS of the last whole month per service area and unit, suppressed below the public threshold',
      memoryMb: 512,
      timeoutSeconds: 10,
      tables: { aggregates: ['dynamodb:Query', 'dynamodb:BatchGetItem'] },
    },
  },
  routes: [
    { method: 'GET', path: REPORT_PATHS.nps, function: 'reports', scopes: ['reports:read'] },
    { method: 'GET', path: REPORT_PATHS.statements, function: 'reports', scopes: ['reports:read'] },
    { method: 'GET', path: REPORT_PATHS.children, function: 'reports', scopes: ['reports:read'] },
    { method: 'GET', path: REPORT_PATHS.breakdown, function: 'reports', scopes: ['reports:read'] },
    { method: 'GET', path: REPORT_PATHS.themes, function: 'reports', scopes: ['reports:read'] },
    { method: 'GET', path: REPORT_PATHS.digest, function: 'digest', scopes: ['reports:read'] },
    { method: 'GET', path: '/api/exports/monthly', function: 'exportMonthly', scopes: ['reports:read'] },
    {
      method: 'GET',
      path: DASHBOARD_PATH,
      function: 'dashboard',
      public:
        "It serves the managers' dashboard page only, no data: a browser navigating to a page sends no bearer token, so a JWT authorizer would lock everyone out. The page signs staff in through Cognito (authorization code with PKCE) and fetches every figure from /api/reports/*, which the JWT authorizer protects with palaute/reports:read.",
    },
    { method: 'GET', path: PUBLIC_RESULTS_PATHS.fi, function: 'publicResults', public: PUBLIC_RESULTS },
    { method: 'GET', path: PUBLIC_RESULTS_PATHS.sv, function: 'publicResults', public: PUBLIC_RESULTS },
    { method: 'GET', path: PUBLIC_RESULTS_PATHS.en, function: 'publicResults', public: PUBLIC_RESULTS },
  ],
  queues: {},
  schedules: {
    aggregate: {
      function: 'aggregate',
      expression: 'rate(15 minutes)',
      timezone: 'Europe/Helsinki',
      description: 'Recomputes the NPS snapshots touched by answers that arrived since the last run',
    },
    aggregateNightly: {
      function: 'aggregateNightly',
      // 04:30 exists exactly once on both DST days; 03:30 is skipped in March and runs twice in October.
      expression: 'cron(30 4 * * ? *)',
      timezone: 'Europe/Helsinki',
      description: 'At 04:30 Helsinki time: recomputes the last two days of every unit',
    },
  },
  secrets: {},
  scopes: ['reports:read'],
} as const satisfies ManifestFragment))();
