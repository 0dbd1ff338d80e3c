import { loadConfig } from '#shared/config.ts';
import {
  byRoute,
  type FunctionRouteKeys,
  httpHandler,
  parsePart,
  PUBLIC_BASE_URL_ENV,
  requireEnv,
  SECURITY_HEADERS,
} from '#shared/platform/index.ts';
import { renderPosterFile } from '#shared/posters/poster-file.ts';
import { parsePosterFile, POSTER_MAX_AGE_SECONDS, type postersManifest, postersContracts } from '#shared/posters/index.ts';

const config = loadConfig();
const baseUrl = requireEnv(PUBLIC_BASE_URL_ENV, 'origin of the form addresses the QR codes lead to').replace(/\/$/, '');
const contract = postersContracts['GET /posters/{poster}'];

/**
 * `GET /posters/{nodeId}.pdf` (an A4 page per unit under the node) and `GET /posters/{unitId}.svg`:
 * public and cacheable for a day, since a poster changes only with the org tree config.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof postersManifest, 'posters'>>({
    'GET /posters/{poster}': async (event) => {
      const { poster } = parsePart(contract.request.params, event.pathParameters, 'path', 'Invalid poster address.');
      const file = await renderPosterFile(config.org, baseUrl, parsePosterFile(poster)!);
      const binary = typeof file.body !== 'string';
      return {
        statusCode: 200,
        headers: {
          'content-type': file.contentType,
          'content-disposition': `inline; filename="${file.filename}"`,
          'cache-control': `public, max-age=${POSTER_MAX_AGE_SECONDS}`,
          ...SECURITY_HEADERS,
          // An SVG opened on its own is a document: it may show its own styles, and run nothing.
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        },
        body: binary ? Buffer.from(file.body).toString('base64') : (file.body as string),
        isBase64Encoded: binary,
      };
    },
  }),
);
