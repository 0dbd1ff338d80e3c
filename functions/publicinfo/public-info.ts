import { loadConfig } from '#shared/config.ts';
import { answerRetentionYears } from '#shared/feedback/index.ts';
import {
  byRoute,
  type FunctionRouteKeys,
  handlingOf,
  type HttpHandler,
  httpHandler,
  htmlResponse,
  type Lang,
} from '#shared/platform/index.ts';
import { loadPublicInfo } from '#shared/public-info-config.ts';
import { renderInfoPage } from '#shared/publicinfo/info-page.ts';
import type { InfoDocument, publicInfoManifest } from '#shared/publicinfo/manifest.ts';

const config = loadConfig();
// Only this function loads the documents: they are config/public-info.json, not part of loadConfig().
const info = loadPublicInfo();
const values = { answerYears: answerRetentionYears(config.org), contactRetentionDays: handlingOf(config.org).contactRetentionDays };

/** One document in one language; cacheable for an hour, since its text changes only with a deploy. */
function page(doc: InfoDocument, lang: Lang): HttpHandler {
  return async () => {
    const sections = (doc === 'privacy' ? info.privacyNotice : info.accessibilityStatement)[lang];
    const regionName = config.org.node(config.org.regionId)!.name[lang];
    return htmlResponse(200, renderInfoPage({ doc, lang, regionName, sections, values }), {
      'cache-control': 'public, max-age=3600',
      'content-language': lang,
    });
  };
}

/**
 * The privacy notice (`/tietosuoja`, `/dataskydd`, `/privacy`) and the accessibility statement
 * (`/saavutettavuus`, `/tillganglighet`, `/accessibility`), from `config/public-info.json`.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof publicInfoManifest, 'publicInfo'>>({
    'GET /tietosuoja': page('privacy', 'fi'),
    'GET /dataskydd': page('privacy', 'sv'),
    'GET /privacy': page('privacy', 'en'),
    'GET /saavutettavuus': page('accessibility', 'fi'),
    'GET /tillganglighet': page('accessibility', 'sv'),
    'GET /accessibility': page('accessibility', 'en'),
  }),
);
