import { loadConfig } from '#shared/config.ts';
import { formContext, pageLang, renderMessage, UI } from '#shared/feedback/index.ts';
import type { KioskAppData } from '#shared/kiosk/app-data.ts';
import { KIOSK_CSP, KIOSK_SERVICE_WORKER, kioskWebManifest, renderKioskApp } from '#shared/kiosk/app-page.ts';
import { KIOSK_TEXT } from '#shared/kiosk/app-text.ts';
import { KIOSK_PATHS, type kioskManifest } from '#shared/kiosk/manifest.ts';
import {
  byRoute,
  clock,
  fillPath,
  type FunctionRouteKeys,
  type HttpEvent,
  type HttpResult,
  htmlResponse,
  httpHandler,
  LANGS,
  type Lang,
  SECURITY_HEADERS,
} from '#shared/platform/index.ts';

const config = loadConfig();

/** The app's data for a unit, or undefined for an unknown unit. */
function appData(event: HttpEvent): KioskAppData | undefined {
  const unitId = event.pathParameters?.unitId ?? '';
  const lang = pageLang(event.queryStringParameters?.lang, event.headers?.['accept-language']);
  const contexts = LANGS.map((l) => formContext(config, clock(), unitId, l));
  if (contexts.some((c) => c === undefined)) return undefined;
  const byLang = <T>(f: (l: Lang, i: number) => T) => Object.fromEntries(LANGS.map((l, i) => [l, f(l, i)])) as Record<Lang, T>;
  const unit = contexts[0]!.unit;
  const app = fillPath(KIOSK_PATHS.app, { unitId: unit.id });
  return {
    unitId: unit.id,
    unitName: byLang((l) => unit.name[l]),
    lang,
    surveys: byLang((_l, i) => contexts[i]!.survey),
    text: KIOSK_TEXT,
    answersUrl: KIOSK_PATHS.answers,
    deviceUrl: KIOSK_PATHS.device,
    serviceWorkerUrl: fillPath(KIOSK_PATHS.serviceWorker, { unitId: unit.id }),
    scope: app,
  };
}

/** The friendly 404 page of an unknown unit. */
function notFound(event: HttpEvent): HttpResult {
  const lang = pageLang(event.queryStringParameters?.lang, event.headers?.['accept-language']);
  const regionName = config.org.node(config.org.regionId)!.name[lang];
  return htmlResponse(404, renderMessage({ lang, regionName, title: UI[lang].notFoundTitle, text: UI[lang].notFoundBody }));
}

/** A file of the app; `no-cache`, so the service worker's refresh behind the cached copy always asks the server. */
function file(type: string, body: string, headers: Record<string, string> = {}): HttpResult {
  return { statusCode: 200, headers: { 'content-type': type, 'cache-control': 'no-cache', ...SECURITY_HEADERS, ...headers }, body };
}

/** `GET /k/{unitId}` (the kiosk app), its service worker and its web app manifest. */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof kioskManifest, 'kioskApp'>>({
    'GET /k/{unitId}': async (event) => {
      const data = appData(event);
      if (!data) return notFound(event);
      return htmlResponse(200, renderKioskApp(data), {
        'content-security-policy': KIOSK_CSP,
        'cache-control': 'no-cache',
        vary: 'accept-language',
      });
    },
    'GET /k/{unitId}/sw.js': async (event) => {
      const data = appData(event);
      if (!data) return notFound(event);
      // The worker controls the unit's app page, `/k/{unitId}`, which lies above the script's own folder.
      return file('text/javascript; charset=utf-8', KIOSK_SERVICE_WORKER, { 'service-worker-allowed': data.scope });
    },
    'GET /k/{unitId}/manifest.webmanifest': async (event) => {
      const data = appData(event);
      if (!data) return notFound(event);
      return file('application/manifest+json; charset=utf-8', kioskWebManifest(data.unitId, data.unitName[data.lang], data.lang));
    },
  }),
);
