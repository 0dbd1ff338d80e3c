import { gunzipSync } from 'node:zlib';
import pkg from '../../package.json' with { type: 'json' };
import { apiDocument } from '#shared/contracts.ts';
import { httpHandler, jsonText } from '#shared/platform/http.ts';

let body: string | undefined;

/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document. A Lambda bundle carries it built when it was
 * bundled (gzipped), so it loads no contract; under tsx it is built from the contracts. Either way
 * once per instance: it changes only with a deploy.
 */
export const handler = httpHandler(async () => {
  // One expression on import.meta, as in shared/config.ts: esbuild folds the defined text and drops
  // the build branch with every contract behind it.
  body ??=
    import.meta.palauteOpenApiDocument === undefined
      ? JSON.stringify(apiDocument(pkg.version))
      : gunzipSync(Buffer.from(import.meta.palauteOpenApiDocument, 'base64')).toString('utf8');
  return jsonText(200, body, { 'cache-control': 'public, max-age=300' });
});
