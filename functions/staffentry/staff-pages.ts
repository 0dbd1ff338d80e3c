import { randomUUID } from 'node:crypto';
import { loadConfig } from '#shared/config.ts';
import { pageLang, STAFF_CHANNELS } from '#shared/feedback/index.ts';
import {
  byRoute,
  clock,
  fillPath,
  formBody,
  type FunctionRouteKeys,
  httpHandler,
  type HttpEvent,
  type HttpResult,
  type Lang,
  MAX_FORM_BYTES,
  SECURITY_HEADERS,
  unavailable,
} from '#shared/platform/index.ts';
import { givenOnRange, parseGivenOn } from '#shared/staffentry/given-on.ts';
import type { staffEntryManifest } from '#shared/staffentry/manifest.ts';
import { STAFF_PATHS } from '#shared/staffentry/manifest.ts';
import { sameOriginPost, sessionCookie, sessionIdOf } from '#shared/staffentry/session.ts';
import { sessionOpen, signIn } from '#shared/staffentry/staff-entry.ts';
import {
  publicSite,
  staffCrossSite,
  staffHtml,
  staffNotFound,
  staffPageBase,
  unavailableNotice,
  wrongCode,
} from '#shared/staffentry/staff-http.ts';
import { renderCodePage, renderEntryForm } from '#shared/staffentry/staff-page.ts';
import { STAFF_UI } from '#shared/staffentry/staff-text.ts';
import { staffEntryStoreFromEnv } from '#shared/staffentry/store-from-env.ts';

const deps = { config: loadConfig(), store: staffEntryStoreFromEnv(), clock: clock() };

/** Answers a dependency outage with the page again and a notice (503, Retry-After) instead of a JSON error. */
async function orBusy(page: (notice?: { title: string; text: string }) => string, run: () => Promise<HttpResult>, lang: Lang) {
  try {
    return await run();
  } catch (e) {
    const busy = unavailable(e);
    if (!busy) throw e;
    return staffHtml(busy.status, page(unavailableNotice(lang)), busy.headers);
  }
}

/** `GET /staff/{unitId}`: the code page, or with an open session the entry form (channel and day kept from the last entry). */
async function staffPage(event: HttpEvent): Promise<HttpResult> {
  const q = event.queryStringParameters ?? {};
  const lang = pageLang(q.lang, event.headers?.['accept-language']);
  const base = staffPageBase(deps.config, deps.clock, event.pathParameters?.unitId ?? '', lang);
  if (!base) return staffNotFound(deps.config, lang);
  return orBusy(
    (notice) => renderCodePage({ ...base, ...(notice ? { notice } : {}) }),
    async () => {
      if (!(await sessionOpen(deps, base.unitId, sessionIdOf(event.cookies, event.headers?.cookie))))
        return staffHtml(200, renderCodePage(base));
      const now = deps.clock.now();
      const range = givenOnRange(now);
      const channel = (STAFF_CHANNELS as readonly string[]).includes(q.channel ?? '') ? q.channel! : '';
      const givenOn = parseGivenOn(q.givenOn, now).ok ? q.givenOn! : range.max;
      const values = { ...(channel ? { channel } : {}), givenOn };
      return staffHtml(200, renderEntryForm({ ...base, idem: randomUUID(), range, values, saved: q.saved === '1' }));
    },
    lang,
  );
}

/**
 * `POST /staff/{unitId}/session`: the right code → 303 to the entry form with the session cookie; a
 * wrong one → 401; while locked (from the sixth wrong code in 15 minutes) → 429. A post from another
 * origin → 403, before the body is read.
 */
async function startSession(event: HttpEvent): Promise<HttpResult> {
  const q = event.queryStringParameters ?? {};
  const site = publicSite();
  if (!sameOriginPost(event.headers ?? {}, site.origin))
    return staffCrossSite(deps.config, pageLang(q.lang), event.pathParameters?.unitId ?? '');
  const fields = formBody(event, MAX_FORM_BYTES);
  const lang = pageLang(fields.lang ?? q.lang);
  const base = staffPageBase(deps.config, deps.clock, event.pathParameters?.unitId ?? '', lang);
  if (!base) return staffNotFound(deps.config, lang);
  const t = STAFF_UI[lang];
  if (!fields.code?.trim()) return staffHtml(400, renderCodePage({ ...base, errors: [{ field: 'code', message: t.errCodeMissing }] }));
  return orBusy(
    (notice) => renderCodePage({ ...base, ...(notice ? { notice } : {}) }),
    async () => {
      const r = await signIn(deps, base.unitId, fields.code!);
      if (r.outcome === 'wrongCode') return staffHtml(401, renderCodePage({ ...base, errors: wrongCode(lang) }));
      if (r.outcome === 'locked') {
        const seconds = Math.max(1, Math.ceil((r.until.getTime() - deps.clock.now().getTime()) / 1000));
        const notice = { title: t.lockedTitle, text: t.locked(Math.ceil(seconds / 60)) };
        return staffHtml(429, renderCodePage({ ...base, notice }), { 'retry-after': String(seconds) });
      }
      return {
        statusCode: 303,
        headers: {
          location: `${fillPath(STAFF_PATHS.form, { unitId: base.unitId })}?lang=${lang}`,
          'cache-control': 'no-store',
          ...SECURITY_HEADERS,
        },
        cookies: [sessionCookie(base.unitId, r.sessionId, site.secure)],
        body: '',
      };
    },
    lang,
  );
}

/** The staff entry pages without the entry form's post (that is `staffEntrySubmit`). */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof staffEntryManifest, 'staffEntryPages'>>({
    'GET /staff/{unitId}': staffPage,
    'POST /staff/{unitId}/session': startSession,
  }),
);
