import { loadConfig } from '#shared/config.ts';
import { contactKeysFromEnv } from '#shared/contacts/index.ts';
import { feedbackStoreFromEnv, pageLang, recordAnswerStored, renderMessage } from '#shared/feedback/index.ts';
import { ENROL_TEXT } from '#shared/kiosk/app-text.ts';
import type { kioskContracts } from '#shared/kiosk/contracts.ts';
import { credentialFromCookies, deviceCookie } from '#shared/kiosk/device-cookie.ts';
import { authenticateDevice, enrolDevice, KioskNotEnrolledError, submitKioskAnswer } from '#shared/kiosk/kiosk-api.ts';
import { KIOSK_PATHS, type kioskManifest } from '#shared/kiosk/manifest.ts';
import { kioskStoreFromEnv } from '#shared/kiosk/store-from-env.ts';
import {
  byRoute,
  clock,
  errorBody,
  fillPath,
  type FunctionRouteKeys,
  type HttpEvent,
  type HttpHandler,
  htmlResponse,
  httpHandler,
  json,
  jsonBody,
  PUBLIC_BASE_URL_ENV,
  replyOf,
  requireEnv,
  SECURITY_HEADERS,
  unavailable,
} from '#shared/platform/index.ts';

const config = loadConfig();
const deps = { config, kiosks: kioskStoreFromEnv(), feedback: feedbackStoreFromEnv(), clock: clock(), contactKeys: contactKeysFromEnv() };
const baseUrl = requireEnv(PUBLIC_BASE_URL_ENV, 'origin of the kiosk app').replace(/\/$/, '');
type C = typeof kioskContracts;

/** The device routes answer a missing, wrong or revoked credential with 401, which the app shows as "not enrolled". */
function deviceRoute(fn: HttpHandler): HttpHandler {
  return async (event, context) => {
    try {
      return await fn(event, context);
    } catch (e) {
      if (e instanceof KioskNotEnrolledError) return json(401, errorBody('kiosk_not_enrolled', e.message));
      throw e;
    }
  };
}

/** The enrolment link's page for a gone or unknown link, in the browser's language. */
function enrolPage(event: HttpEvent, status: 404 | 410) {
  const lang = pageLang(event.queryStringParameters?.lang, event.headers?.['accept-language']);
  const t = ENROL_TEXT[lang];
  const regionName = config.org.node(config.org.regionId)!.name[lang];
  const [title, text] = status === 410 ? [t.goneTitle, t.goneBody] : [t.unknownTitle, t.unknownBody];
  return htmlResponse(status, renderMessage({ lang, regionName, title, text }));
}

/**
 * The device's routes: `GET /k/enrol/{enrolCode}` (the one-time link: sets the device credential
 * cookie and goes on to the app; used → 410), `POST /api/kiosk/answers` (one answer, with the
 * credential; 401 without a valid one) and `GET /api/kiosk/device` (which kiosk this is; renews the cookie).
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof kioskManifest, 'kioskDevice'>>({
    'GET /k/enrol/{enrolCode}': async (event) => {
      try {
        const result = await enrolDevice(deps, event.pathParameters?.enrolCode ?? '');
        if (result.kind === 'gone') return enrolPage(event, 410);
        if (result.kind === 'unknown') return enrolPage(event, 404);
        return {
          statusCode: 303,
          headers: { location: fillPath(KIOSK_PATHS.app, { unitId: result.unitId }), 'cache-control': 'no-store', ...SECURITY_HEADERS },
          cookies: [deviceCookie(result.credential, baseUrl)],
          body: '',
        };
      } catch (e) {
        const down = unavailable(e);
        if (!down) throw e;
        return htmlResponse(
          down.status,
          renderMessage({
            lang: 'fi',
            regionName: '',
            title: '503',
            text: 'Yritä hetken kuluttua uudelleen. Försök igen om en stund. Please try again in a moment.',
          }),
          down.headers,
        );
      }
    },
    'POST /api/kiosk/answers': deviceRoute(async (event) => {
      const kiosk = await authenticateDevice(deps, credentialFromCookies(event.cookies));
      const result = await submitKioskAnswer(deps, kiosk, jsonBody(event), event.headers?.['idempotency-key']);
      if (result.created) recordAnswerStored(result.channel);
      return replyOf<C['POST /api/kiosk/answers']>()(201, { id: result.id }, result.created ? {} : { 'idempotent-replayed': 'true' });
    }),
    'GET /api/kiosk/device': deviceRoute(async (event) => {
      const credential = credentialFromCookies(event.cookies);
      const kiosk = await authenticateDevice(deps, credential);
      return {
        ...replyOf<C['GET /api/kiosk/device']>()(200, { id: kiosk.id, unitId: kiosk.unitId, name: kiosk.name }),
        cookies: [deviceCookie(credential!, baseUrl)],
      };
    }),
  }),
);
