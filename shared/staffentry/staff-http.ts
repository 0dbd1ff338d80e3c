/** What the staff entry handlers share: each page's unit context, the origin check's origin and the friendly pages. */
import { formContext, formCsp, renderMessage, UI } from '../feedback/index.ts';
import {
  type AppConfig,
  type Clock,
  fillPath,
  htmlResponse,
  type HttpResult,
  type Lang,
  PUBLIC_BASE_URL_ENV,
  requireEnv,
} from '../platform/index.ts';
import { STAFF_PATHS } from './manifest.ts';
import type { FieldError } from './staff-page.ts';
import { STAFF_UI } from './staff-text.ts';

/** The unit, its survey in the page language and the region's name, or undefined for an unknown unit. */
export function staffPageBase(config: AppConfig, clock: Clock, unitId: string, lang: Lang) {
  const ctx = formContext(config, clock, unitId, lang);
  if (!ctx) return undefined;
  return { lang, unitId: ctx.unit.id, unitName: ctx.unit.name[lang], regionName: ctx.regionName, survey: ctx.survey };
}

/**
 * The public origin (`PUBLIC_BASE_URL`) a staff form must be posted from, and whether cookies are
 * Secure (whenever it is https: always on AWS). Read per request: the local stack sets it once it listens.
 */
export function publicSite(): { origin: string; secure: boolean } {
  const url = new URL(requireEnv(PUBLIC_BASE_URL_ENV, 'the public origin staff pages are served from'));
  return { origin: url.origin, secure: url.protocol === 'https:' };
}

/** An HTML page of the staff entry; the entry form's character counter may run, nothing else. */
export function staffHtml(status: number, body: string, headers: Record<string, string> = {}): HttpResult {
  return htmlResponse(status, body, { 'content-security-policy': formCsp(), vary: 'accept-language', ...headers });
}

/** The friendly page of an unknown unit (404). */
export function staffNotFound(config: AppConfig, lang: Lang): HttpResult {
  const regionName = config.org.node(config.org.regionId)!.name[lang];
  return staffHtml(404, renderMessage({ lang, regionName, title: UI[lang].notFoundTitle, text: UI[lang].notFoundBody }));
}

/** The page of a post refused as coming from another site (403): nothing was done. */
export function staffCrossSite(config: AppConfig, lang: Lang, unitId: string): HttpResult {
  const regionName = config.org.node(config.org.regionId)!.name[lang];
  const t = STAFF_UI[lang];
  const path = fillPath(STAFF_PATHS.form, { unitId });
  return staffHtml(
    403,
    renderMessage({ lang, regionName, title: t.crossSiteTitle, text: t.crossSite, langHref: (l) => `${path}?lang=${l}` }),
  );
}

/** The notice of a page shown while storage is briefly unavailable. */
export function unavailableNotice(lang: Lang): { title: string; text: string } {
  return { title: UI[lang].unavailableTitle, text: UI[lang].unavailable };
}

/** The "wrong code" error of the code page. */
export function wrongCode(lang: Lang): FieldError[] {
  return [{ field: 'code', message: STAFF_UI[lang].errCodeWrong }];
}
