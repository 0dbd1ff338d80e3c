/**
 * What the reporting routes and their clients agree on, as plain constants: the paths (the manifest's
 * routes are written with them) and the values the report queries take (the zod schemas are built
 * from them). This module imports nothing at run time (a type only), so the dashboard's browser script (./browser/) imports it
 * too and cannot drift from the server; anything else of the server's it would take as a value would
 * pull the platform index, and with it zod, middy and the AWS SDK, into the browser bundle.
 */
import type { STAFF_SIGNIN_PATH } from '../platform/index.ts';

/** The dashboard's path. */
export const DASHBOARD_PATH = '/admin';

/**
 * The local stack's demo staff sign-in (served by local/dev-routes.ts, never on AWS): the dashboard
 * links to it and its page posts to it.
 */
export const DEV_SIGNIN_PATH: typeof STAFF_SIGNIN_PATH = '/dev/signin';

/** The public results page's path in each language. */
export const PUBLIC_RESULTS_PATHS = { fi: '/tulokset', sv: '/resultat', en: '/results' } as const;

/** The reporting API's paths, by report. */
export const REPORT_PATHS = {
  nps: '/api/reports/nps',
  statements: '/api/reports/statements',
  children: '/api/reports/children',
  breakdown: '/api/reports/breakdown',
  themes: '/api/reports/themes',
  digest: '/api/reports/digest',
} as const;

/** A report of the reporting API. */
export type ReportName = keyof typeof REPORT_PATHS;

/**
 * Series granularities the NPS report offers: months only, the smallest period anything is reported
 * on (why: shared/reporting/visibility.ts).
 */
export const SERIES_GRANULARITIES = ['month'] as const;
/** A series granularity. */
export type SeriesGranularity = (typeof SERIES_GRANULARITIES)[number];

/** Breakdowns of a node's answers. */
export const BREAKDOWNS = ['channel', 'role', 'visitMode'] as const;
/** A breakdown dimension. */
export type Breakdown = (typeof BREAKDOWNS)[number];
