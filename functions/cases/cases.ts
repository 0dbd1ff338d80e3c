import { loadConfig } from '#shared/config.ts';
import { changeCase, getCase, listCases, listCorrections, readContact, type Caller } from '#shared/cases/case-api.ts';
import { PreconditionRequiredError } from '#shared/cases/case.ts';
import { casesContracts as contracts, versionOfIfMatch } from '#shared/cases/contracts.ts';
import type { casesManifest } from '#shared/cases/manifest.ts';
import { caseStoreFromEnv, contactVaultFromEnv } from '#shared/cases/ports-from-env.ts';
import {
  byRoute,
  callerOrgNodes,
  clock,
  eventPublisherFromEnv,
  type FunctionRouteKeys,
  handlingOf,
  httpHandler,
  type HttpEvent,
  jsonBody,
  parsePart,
  reply,
  toIssues,
  ValidationError,
} from '#shared/platform/index.ts';

const config = loadConfig();
const deps = {
  config,
  cases: caseStoreFromEnv(),
  vault: contactVaultFromEnv(),
  events: eventPublisherFromEnv(),
  clock: clock(),
  handling: handlingOf(config.org),
};

/** The caller's org nodes and name: Cognito's `username` claim (the token's subject where it has none). */
function caller(event: HttpEvent): Caller {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims ?? {};
  const name = claims.username ?? claims.sub;
  return { nodes: callerOrgNodes(event, config.org), actor: typeof name === 'string' && name ? name : 'unknown' };
}

const caseId = (event: HttpEvent) => event.pathParameters?.id ?? '';
const etag = (version: number) => ({ etag: `"${version}"` });

/**
 * The Cases API (JWT; scopes per route; the token's org nodes limit which cases a person reaches):
 * `GET /api/cases?node=…` (the queue), `GET /api/cases/{id}`, `GET /api/cases/{id}/contact` (audited)
 * and `PATCH /api/cases/{id}` with `If-Match`. Each route is parsed and answered by its contract.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof casesManifest, 'cases'>>({
    'GET /api/cases': async (event) => {
      const c = contracts['GET /api/cases'];
      const q = parsePart(c.request.query, event.queryStringParameters, 'query', 'The queue query is not valid.');
      return reply(c, 200, await listCases(deps, q, caller(event)));
    },
    'GET /api/cases/corrections': async (event) => {
      const c = contracts['GET /api/cases/corrections'];
      const q = parsePart(c.request.query, event.queryStringParameters, 'query', 'The corrections query is not valid.');
      return reply(c, 200, await listCorrections(deps, q, caller(event)));
    },
    'GET /api/cases/{id}': async (event) => {
      const c = contracts['GET /api/cases/{id}'];
      const detail = await getCase(deps, caseId(event), caller(event));
      return reply(c, 200, detail, etag(detail.version));
    },
    'GET /api/cases/{id}/contact': async (event) => {
      const c = contracts['GET /api/cases/{id}/contact'];
      return reply(c, 200, await readContact(deps, caseId(event), caller(event)));
    },
    'PATCH /api/cases/{id}': async (event) => {
      const c = contracts['PATCH /api/cases/{id}'];
      const ifMatch = event.headers?.['if-match'];
      if (ifMatch === undefined || ifMatch.trim() === '')
        throw new PreconditionRequiredError('Send If-Match with the version of the case you changed.', [
          { path: 'headers.if-match', message: 'is required' },
        ]);
      const basedOn = versionOfIfMatch(ifMatch);
      if (basedOn === undefined)
        throw new ValidationError('If-Match must name a case version.', [
          { path: 'headers.if-match', message: 'must be the case version, e.g. 3 or "3"' },
        ]);
      const parsed = c.request.body.schema.safeParse(jsonBody(event, c.request.body.maxBytes));
      if (!parsed.success) throw new ValidationError('The change is not valid.', toIssues(parsed.error));
      const detail = await changeCase(deps, caseId(event), basedOn, parsed.data, caller(event));
      return reply(c, 200, detail, etag(detail.version));
    },
  }),
);
