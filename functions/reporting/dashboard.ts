import { loadConfig } from '#shared/config.ts';
import { helsinkiDate, clock, httpHandler, htmlResponse, onLocalStack } from '#shared/platform/index.ts';
import { RESOURCE_SERVER } from '#shared/manifest.ts';
import { DEV_SIGNIN_PATH } from '#shared/reporting/api-contract.ts';
import type { SignInConfig } from '#shared/reporting/dashboard-config.ts';
import { renderDashboard } from '#shared/reporting/dashboard-page.ts';
import { DASHBOARD_AUTH_ENV } from '#shared/reporting/manifest.ts';
import { pageLang } from '#shared/feedback/index.ts';

const config = loadConfig();

/**
 * How staff sign in: Cognito's hosted UI when the Cognito domain and client are configured, else the
 * local stack's demo sign-in page, else nowhere (the page says so). Read per request, so a test can
 * point the page at a stand-in authorization server.
 */
function signIn(env: NodeJS.ProcessEnv = process.env): SignInConfig {
  const authUrl = env[DASHBOARD_AUTH_ENV.authUrl];
  const clientId = env[DASHBOARD_AUTH_ENV.clientId];
  if (authUrl && clientId && URL.canParse(authUrl)) {
    const dashboardUrl = env[DASHBOARD_AUTH_ENV.dashboardUrl];
    return {
      kind: 'cognito',
      authUrl: authUrl.replace(/\/+$/, ''),
      clientId,
      scope: `openid ${RESOURCE_SERVER}/reports:read`,
      ...(dashboardUrl ? { redirectUri: dashboardUrl } : {}),
    };
  }
  return onLocalStack() ? { kind: 'dev', url: DEV_SIGNIN_PATH } : { kind: 'none' };
}

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
  const page = renderDashboard({ config, lang, today: helsinkiDate(clock().now()), signIn: signIn(), query });
  return htmlResponse(200, page.html, { 'content-security-policy': page.csp });
});
