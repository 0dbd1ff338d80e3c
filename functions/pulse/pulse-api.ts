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
  reply,
  toIssues,
  ValidationError,
} from '#shared/platform/index.ts';
import { loadPulseSurveys } from '#shared/pulse-config.ts';
import {
  compareStaffAndCustomers,
  getResults,
  listRounds,
  openRound,
  pulseContracts as contracts,
  type pulseManifest,
  pulseStoreFromEnv,
} from '#shared/pulse/index.ts';
import { aggregateStoreFromEnv, parseReportQuery } from '#shared/reporting/index.ts';

const config = loadConfig();
const deps = { config, surveys: loadPulseSurveys(), store: pulseStoreFromEnv(), clock: clock() };
const reports = { config, store: aggregateStoreFromEnv() };

/**
 * The pulse API (JWT; `pulse:write` to open a round, `pulse:read` for the rest; the token's org nodes
 * limit which units a supervisor reaches): `POST /api/pulse/rounds`, `GET /api/pulse/rounds?node=`,
 * `GET /api/pulse/rounds/{roundId}/results` and `GET /api/pulse/compare`. Each route is parsed and answered
 * by its contract.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof pulseManifest, 'pulseApi'>>({
    'POST /api/pulse/rounds': async (event) => {
      const c = contracts['POST /api/pulse/rounds'];
      const parsed = c.request.body.schema.safeParse(jsonBody(event, c.request.body.maxBytes));
      if (!parsed.success) throw new ValidationError('The round is not valid.', toIssues(parsed.error));
      return reply(c, 201, await openRound(deps, parsed.data, callerOrgNodes(event, config.org)));
    },
    'GET /api/pulse/rounds': async (event) => {
      const c = contracts['GET /api/pulse/rounds'];
      const q = parsePart(c.request.query, event.queryStringParameters, 'query', 'The query is not valid.');
      return reply(c, 200, await listRounds(deps, q, callerOrgNodes(event, config.org)));
    },
    'GET /api/pulse/rounds/{roundId}/results': async (event) => {
      const c = contracts['GET /api/pulse/rounds/{roundId}/results'];
      const q = parsePart(c.request.query, event.queryStringParameters, 'query', 'The query is not valid.');
      const results = await getResults(
        deps,
        event.pathParameters?.roundId ?? '',
        asLang(q.lang) ?? 'fi',
        callerOrgNodes(event, config.org),
      );
      return reply(c, 200, results);
    },
    'GET /api/pulse/compare': async (event) => {
      const c = contracts['GET /api/pulse/compare'];
      // Whole closed months, as the customer reports it is set beside.
      const q = parseReportQuery(c.request.query, event.queryStringParameters, helsinkiDate(deps.clock.now()));
      return reply(c, 200, await compareStaffAndCustomers({ ...deps, reports }, q, callerOrgNodes(event, config.org)));
    },
  }),
);
