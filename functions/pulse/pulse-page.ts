import { loadConfig } from '#shared/config.ts';
import { asLang, clock, httpHandler, htmlResponse, langFromAcceptLanguage, staffSignIn } from '#shared/platform/index.ts';
import { loadPulseSurveys } from '#shared/pulse-config.ts';
import { PULSE_AUTH_ENV, PULSE_PAGE_SCOPES, renderPulsePage } from '#shared/pulse/index.ts';

const config = loadConfig();
const surveys = loadPulseSurveys();
const time = clock();

/**
 * `GET /admin/pulse`: the supervisors' pulse page. A public shell with no data: its script signs in,
 * keeps the token in sessionStorage and reads the pulse API with it (see pulse-page.ts in shared/pulse).
 */
export const handler = httpHandler(async (event) => {
  const q = event.queryStringParameters ?? {};
  const lang = asLang(q.lang) ?? langFromAcceptLanguage(event.headers?.['accept-language']) ?? 'fi';
  const query: Record<string, string> = {};
  for (const k of ['node', 'round'] as const) if (q[k] && /^[A-Za-z0-9_-]{1,64}$/.test(q[k])) query[k] = q[k];
  const page = renderPulsePage({ config, surveys, now: time.now(), lang, signIn: staffSignIn(PULSE_AUTH_ENV, PULSE_PAGE_SCOPES), query });
  return htmlResponse(200, page.html, { 'content-security-policy': page.csp });
});
