import { loadConfig } from '#shared/config.ts';
import { pageLang } from '#shared/feedback/index.ts';
import { httpHandler, htmlResponse, staffSignIn } from '#shared/platform/index.ts';
import { WORKBENCH_AUTH_ENV, WORKBENCH_SCOPES } from '#shared/cases/manifest.ts';
import { renderWorkbench } from '#shared/cases/workbench-page.ts';

const config = loadConfig();

/** The view's query, kept in the language links. */
const KEPT = ['node', 'status', 'overdue', 'contactRequested', 'escalated', 'theme', 'sentiment', 'from', 'to', 'case'] as const;

/**
 * `GET /admin/cases`: the case workbench. A public shell with no case data: its script signs in,
 * keeps the token in sessionStorage and reads and changes cases through the cases API with it (see
 * workbench-page.ts).
 */
export const handler = httpHandler(async (event) => {
  const q = event.queryStringParameters ?? {};
  const lang = pageLang(q.lang);
  const query: Record<string, string> = {};
  for (const k of KEPT) if (q[k] && /^[A-Za-z0-9_-]{1,64}$/.test(q[k])) query[k] = q[k];
  const page = renderWorkbench({ config, lang, signIn: staffSignIn(WORKBENCH_AUTH_ENV, WORKBENCH_SCOPES), query });
  return htmlResponse(200, page.html, { 'content-security-policy': page.csp });
});
