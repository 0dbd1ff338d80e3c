import { loadConfig } from '#shared/config.ts';
import { helsinkiDate, clock, httpHandler, htmlResponse, staffSignIn } from '#shared/platform/index.ts';
import { renderDashboard } from '#shared/reporting/dashboard-page.ts';
import { DASHBOARD_AUTH_ENV } from '#shared/reporting/manifest.ts';
import { pageLang } from '#shared/feedback/index.ts';

const config = loadConfig();

/** The view's query, kept in the language links (months are the only granularity: none to keep). */
const KEPT = ['node', 'from', 'to'] as const;

/**
 * `GET /admin`: the managers' dashboard. A public shell with no report data: its script signs in,
 * keeps the token in sessionStorage and reads the reporting API with it (see dashboard-page.ts).
 */
export const handler = httpHandler(async (event) => {
  const q = event.queryStringParameters ?? {};
  const lang = pageLang(q.lang);
  const query: Record<string, string> = {};
  for (const k of KEPT) if (q[k] && /^[A-Za-z0-9-]{1,64}$/.test(q[k])) query[k] = q[k];
  const page = renderDashboard({
    config,
    lang,
    today: helsinkiDate(clock().now()),
    signIn: staffSignIn(
      { authUrl: DASHBOARD_AUTH_ENV.authUrl, clientId: DASHBOARD_AUTH_ENV.clientId, pageUrl: DASHBOARD_AUTH_ENV.dashboardUrl },
      ['reports:read'],
    ),
    query,
  });
  return htmlResponse(200, page.html, { 'content-security-policy': page.csp });
});
