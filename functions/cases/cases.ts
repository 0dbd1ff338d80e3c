import { loadConfig } from '#shared/config.ts';
import { changeCase, getCase, listCases, listCorrections, readContact, type Caller } from '#shared/cases/case-api.ts';
import { PreconditionRequiredError } from '#shared/cases/case.ts';
// Its routes' request schemas alone (test/cases/unit/contract-parts.test.ts), so the contracts'
// response schemas stay out of the bundle and off its cold start.
import {
  caseListQuerySchema,
  casePatchSchema,
  correctionsQuerySchema,
  type casesContracts as contracts,
  versionOfIfMatch,
} from '#shared/cases/contracts.ts';
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
  replyOf,
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

type Route<K extends keyof typeof contracts> = (typeof contracts)[K];
const caseId = (event: HttpEvent) => event.pathParameters?.id ?? '';
const etag = (version: number) => ({ etag: `"${version}"` });

/**
 * The Cases API (JWT; scopes per route; the token's org nodes limit which cases a person reaches):
 * `GET /api/cases?node=…` (the queue), `GET /api/cases/{id}`, `GET /api/cases/{id}/contact` (audited)
 * and `PATCH /api/cases/{id}` with `If-Match`. Each route is parsed with its contract's request schema
 * and answered typed by its contract.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof casesManifest, 'cases'>>({
    'GET /api/cases': async (event) => {
      const q = parsePart(caseListQuerySchema, event.queryStringParameters, 'query', 'The queue query is not valid.');
      return replyOf<Route<'GET /api/cases'>>()(200, await listCases(deps, q, caller(event)));
    },
    'GET /api/cases/corrections': async (event) => {
      const q = parsePart(correctionsQuerySchema, event.queryStringParameters, 'query', 'The corrections query is not valid.');
      return replyOf<Route<'GET /api/cases/corrections'>>()(200, await listCorrections(deps, q, caller(event)));
    },
    'GET /api/cases/{id}': async (event) => {
      const detail = await getCase(deps, caseId(event), caller(event));
      return replyOf<Route<'GET /api/cases/{id}'>>()(200, detail, etag(detail.version));
    },
    'GET /api/cases/{id}/contact': async (event) => {
      return replyOf<Route<'GET /api/cases/{id}/contact'>>()(200, await readContact(deps, caseId(event), caller(event)));
    },
    'PATCH /api/cases/{id}': async (event) => {
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
      // The contract's body limit is the default one (test/cases/unit/contract-parts.test.ts).
      const parsed = casePatchSchema.safeParse(jsonBody(event));
      if (!parsed.success) throw new ValidationError('The change is not valid.', toIssues(parsed.error));
      const detail = await changeCase(deps, caseId(event), basedOn, parsed.data, caller(event));
      return replyOf<Route<'PATCH /api/cases/{id}'>>()(200, detail, etag(detail.version));
    },
  }),
);
