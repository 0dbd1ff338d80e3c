import { loadConfig } from '#shared/config.ts';
import {
  asLang,
  byRoute,
  callerOrgNodes,
  clock,
  type FunctionRouteKeys,
  helsinkiDate,
  httpHandler,
  jsonBody,
  parsePart,
  replyOf,
  toIssues,
  ValidationError,
} from '#shared/platform/index.ts';
import { loadPulseSurveys } from '#shared/pulse-config.ts';
import { compareStaffAndCustomers, getResults, listRounds, openRound, type pulseManifest, pulseStoreFromEnv } from '#shared/pulse/index.ts';
// Its routes' request schemas alone (test/pulse/unit/contract-parts.test.ts), so the contracts'
// response schemas stay out of the bundle and off its cold start.
import {
  compareQuerySchema,
  openRoundSchema,
  pulseLangQuerySchema,
  roundsQuerySchema,
  type pulseContracts as contracts,
} from '#shared/pulse/contracts.ts';
import { aggregateStoreFromEnv, parseReportQuery } from '#shared/reporting/index.ts';

const config = loadConfig();
const deps = { config, surveys: loadPulseSurveys(), store: pulseStoreFromEnv(), clock: clock() };
const reports = { config, store: aggregateStoreFromEnv() };

type Route<K extends keyof typeof contracts> = (typeof contracts)[K];

/**
 * The pulse API (JWT; `pulse:write` to open a round, `pulse:read` for the rest; the token's org nodes
 * limit which units a supervisor reaches): `POST /api/pulse/rounds`, `GET /api/pulse/rounds?node=`,
 * `GET /api/pulse/rounds/{roundId}/results` and `GET /api/pulse/compare`. Each route is parsed with its
 * contract's request schema and answered typed by its contract.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof pulseManifest, 'pulseApi'>>({
    'POST /api/pulse/rounds': async (event) => {
      // The contract's body limit is the default one (test/pulse/unit/contract-parts.test.ts).
      const parsed = openRoundSchema.safeParse(jsonBody(event));
      if (!parsed.success) throw new ValidationError('The round is not valid.', toIssues(parsed.error));
      return replyOf<Route<'POST /api/pulse/rounds'>>()(201, await openRound(deps, parsed.data, callerOrgNodes(event, config.org)));
    },
    'GET /api/pulse/rounds': async (event) => {
      const q = parsePart(roundsQuerySchema, event.queryStringParameters, 'query', 'The query is not valid.');
      return replyOf<Route<'GET /api/pulse/rounds'>>()(200, await listRounds(deps, q, callerOrgNodes(event, config.org)));
    },
    'GET /api/pulse/rounds/{roundId}/results': async (event) => {
      const q = parsePart(pulseLangQuerySchema, event.queryStringParameters, 'query', 'The query is not valid.');
      const results = await getResults(
        deps,
        event.pathParameters?.roundId ?? '',
        asLang(q.lang) ?? 'fi',
        callerOrgNodes(event, config.org),
      );
      return replyOf<Route<'GET /api/pulse/rounds/{roundId}/results'>>()(200, results);
    },
    'GET /api/pulse/compare': async (event) => {
      // Whole closed months, as the customer reports it is set beside.
      const q = parseReportQuery(compareQuerySchema, event.queryStringParameters, helsinkiDate(deps.clock.now()));
      return replyOf<Route<'GET /api/pulse/compare'>>()(
        200,
        await compareStaffAndCustomers({ ...deps, reports }, q, callerOrgNodes(event, config.org)),
      );
    },
  }),
);
