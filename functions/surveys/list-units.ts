import { loadConfig } from '#shared/config.ts';
import { pageLang } from '#shared/feedback/index.ts';
import type { surveysContracts } from '#shared/surveys/contracts.ts';
import { renderFrontDoor } from '#shared/surveys/front-door.ts';
import { listUnits } from '#shared/surveys/list-units.ts';
import type { surveysManifest } from '#shared/surveys/manifest.ts';
import { byRoute, type FunctionRouteKeys, htmlResponse, httpHandler, onLocalStack, replyOf } from '#shared/platform/index.ts';

const config = loadConfig();
const reply = replyOf<(typeof surveysContracts)['GET /api/units']>();

/**
 * `GET /api/units`: every unit feedback can be given to, with its names and default survey; `GET /`:
 * the same units as the front door page, in `?lang=` or the browser's language.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof surveysManifest, 'listUnits'>>({
    'GET /api/units': async () => reply(200, { units: listUnits(config.org) }, { 'cache-control': 'public, max-age=300' }),
    'GET /': async (event) => {
      const lang = pageLang(event.queryStringParameters?.lang, event.headers?.['accept-language']);
      return htmlResponse(200, renderFrontDoor(config, lang, onLocalStack()), {
        'cache-control': 'public, max-age=300',
        'content-language': lang,
        vary: 'accept-language',
      });
    },
  }),
);
