import { loadConfig } from '#shared/config.ts';
import type { surveysContracts } from '#shared/surveys/contracts.ts';
import { listUnits } from '#shared/surveys/list-units.ts';
import { httpHandler, replyOf } from '#shared/platform/index.ts';

const config = loadConfig();
const reply = replyOf<(typeof surveysContracts)['GET /api/units']>();

/** `GET /api/units`: every unit feedback can be given to, with its names and default survey. */
export const handler = httpHandler(async () => reply(200, { units: listUnits(config.org) }, { 'cache-control': 'public, max-age=300' }));
