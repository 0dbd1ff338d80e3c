import pkg from '../../package.json' with { type: 'json' };
import { apiDocument } from '#shared/contracts.ts';
import { platformContracts } from '#shared/platform/contracts.ts';
import { httpHandler, reply } from '#shared/platform/http.ts';
import type { OpenApiDocument } from '#shared/platform/openapi.ts';

const contract = platformContracts['GET /api/openapi.json'];
let doc: OpenApiDocument | undefined;

/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document, built from the route contracts on the first
 * request of each instance and kept; it changes only with a deploy.
 */
export const handler = httpHandler(async () => {
  doc ??= apiDocument(pkg.version);
  return reply(contract, 200, doc, { 'cache-control': 'public, max-age=300' });
});
