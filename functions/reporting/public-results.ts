import { loadConfig } from '#shared/config.ts';
import {
  helsinkiDate,
  byRoute,
  clock,
  type FunctionRouteKeys,
  type HttpHandler,
  httpHandler,
  htmlResponse,
  type Lang,
} from '#shared/platform/index.ts';
import type { reportingManifest } from '#shared/reporting/manifest.ts';
import { aggregateStoreFromEnv } from '#shared/reporting/store-from-env.ts';
import { publicResults } from '#shared/reporting/public-results.ts';
import { renderPublicResults } from '#shared/reporting/public-results-page.ts';

const deps = { config: loadConfig(), store: aggregateStoreFromEnv() };

/** The page in one language; cacheable for 15 minutes (snapshots change at most every 15 minutes). */
function page(lang: Lang): HttpHandler {
  return async () => {
    const results = await publicResults(deps, helsinkiDate(clock().now()));
    const regionName = deps.config.org.node(deps.config.org.regionId)!.name[lang];
    return htmlResponse(200, renderPublicResults(results, lang, regionName), {
      'cache-control': 'public, max-age=900',
      'content-language': lang,
    });
  };
}

/**
 * `GET /tulokset` (fi), `/resultat` (sv), `/results` (en): public NPS of the newest reported month
 * per service area and unit, small groups hidden.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof reportingManifest, 'publicResults'>>({
    'GET /tulokset': page('fi'),
    'GET /resultat': page('sv'),
    'GET /results': page('en'),
  }),
);
