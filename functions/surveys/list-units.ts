import { loadConfig } from '#shared/config.ts';
import { listUnits } from '#shared/surveys/list-units.ts';
import { httpHandler, json } from '#shared/platform/index.ts';

const config = loadConfig();

/** `GET /api/units`: every unit feedback can be given to, with its names and default survey. */
export const handler = httpHandler(async () => json(200, { units: listUnits(config.org) }, { 'cache-control': 'public, max-age=300' }));
