import { loadConfig } from '#shared/config.ts';
import { helsinkiDate, clock, httpHandler, htmlResponse } from '#shared/platform/index.ts';
import { aggregateStoreFromEnv } from '#shared/reporting/store-from-env.ts';
import { publicResults } from '#shared/reporting/public-results.ts';
import { publicResultsLang, renderPublicResults } from '#shared/reporting/public-results-page.ts';

const deps = { config: loadConfig(), store: aggregateStoreFromEnv() };

/**
 * `GET /tulokset` (fi), `/resultat` (sv), `/results` (en): public NPS of the last 30 Helsinki days
 * per service area and unit, small groups hidden; cacheable for 15 minutes (snapshots change at
 * most every 15 minutes).
 */
export const handler = httpHandler(async (event) => {
  const lang = publicResultsLang(event.rawPath);
  const results = await publicResults(deps, helsinkiDate(clock().now()));
  const regionName = deps.config.org.node(deps.config.org.regionId)!.name[lang];
  return htmlResponse(200, renderPublicResults(results, lang, regionName), { 'cache-control': 'public, max-age=900', 'content-language': lang });
});
