import { loadConfig } from '#shared/config.ts';
import type { kioskContracts } from '#shared/kiosk/contracts.ts';
import { createKiosk, listKiosks, revokeKiosk } from '#shared/kiosk/kiosk-api.ts';
import type { kioskManifest } from '#shared/kiosk/manifest.ts';
import { kioskStoreFromEnv } from '#shared/kiosk/store-from-env.ts';
import {
  byRoute,
  callerOrgNodes,
  clock,
  type FunctionRouteKeys,
  httpHandler,
  jsonBody,
  PUBLIC_BASE_URL_ENV,
  replyOf,
  requireEnv,
  SECURITY_HEADERS,
} from '#shared/platform/index.ts';

const config = loadConfig();
const deps = { config, kiosks: kioskStoreFromEnv(), clock: clock() };
const baseUrl = requireEnv(PUBLIC_BASE_URL_ENV, 'origin of the kiosk enrolment links').replace(/\/$/, '');
type C = typeof kioskContracts;

/**
 * `POST /api/kiosks`, `GET /api/kiosks?unitId=` and `DELETE /api/kiosks/{kioskId}` (scope `kiosks:write`,
 * for units the token holds): a unit's handler creates a kiosk and gets its one-time enrolment link,
 * lists the unit's kiosks, or revokes one.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof kioskManifest, 'kioskAdmin'>>({
    'POST /api/kiosks': async (event) => {
      const created = await createKiosk(deps, callerOrgNodes(event, config.org), jsonBody(event), baseUrl);
      return replyOf<C['POST /api/kiosks']>()(201, created);
    },
    'GET /api/kiosks': async (event) => {
      const kiosks = await listKiosks(deps, callerOrgNodes(event, config.org), event.queryStringParameters?.unitId);
      return replyOf<C['GET /api/kiosks']>()(200, { kiosks });
    },
    'DELETE /api/kiosks/{kioskId}': async (event) => {
      await revokeKiosk(deps, callerOrgNodes(event, config.org), event.pathParameters?.kioskId ?? '');
      return { statusCode: 204, headers: { 'cache-control': 'no-store', ...SECURITY_HEADERS } };
    },
  }),
);
