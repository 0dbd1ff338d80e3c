/**
 * The local stack's sign-in page (`/dev/signin`): the demo staff users, each one button. Choosing one
 * makes local/dev-routes.ts issue a token with the user's org node and scopes and send the
 * browser to the dashboard with the token in the URL fragment, which never reaches a server. On AWS
 * staff sign in through Cognito's hosted UI instead (see README, "Dashboard and staff sign-in").
 */
import { type AppConfig, type Lang, html } from '../platform/index.ts';
import { dashboardLayout } from './dashboard-page.ts';
import { DASHBOARD_PATH, DEV_SIGNIN_PATH } from './api-contract.ts';
import { DASHBOARD_TEXT, fill } from './dashboard-text.ts';

/** A demo staff user of the local stack. */
export interface DemoUser {
  /** Also the token's subject. */
  id: string;
  role: 'regionManager' | 'serviceAreaManager' | 'unitHandler' | 'unitCaseHandler' | 'serviceCaseHandler' | 'unitSupervisor';
  /** The org node they hold (Cognito group `org:<node>`). */
  node: string;
  /** The API scopes their token carries (manifest scopes; the token issuer refuses any other). */
  scopes: readonly string[];
}

/** The demo users: one per level a manager or handler typically works at. */
export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'region-manager', role: 'regionManager', node: 'esimerkki', scopes: ['reports:read'] },
  { id: 'service-area-manager', role: 'serviceAreaManager', node: 'terveys', scopes: ['reports:read'] },
  // A unit's handler also types in the paper and oral feedback their unit receives.
  { id: 'unit-handler', role: 'unitHandler', node: 'keskusta-ta', scopes: ['reports:read', 'feedback:enter'] },
  // Case handlers work the queue (/admin/cases) of their unit or of every unit of their service, and
  // may reveal a contact request's details (each reveal recorded in the case history).
  {
    id: 'unit-case-handler',
    role: 'unitCaseHandler',
    node: 'keskusta-ta',
    // kiosks:write: the unit's feedback kiosks, created and revoked in the workbench.
    scopes: ['reports:read', 'cases:read', 'cases:write', 'contacts:read', 'kiosks:write'],
  },
  {
    id: 'service-case-handler',
    role: 'serviceCaseHandler',
    node: 'terveysasemat',
    scopes: ['reports:read', 'cases:read', 'cases:write', 'contacts:read'],
  },
  // A work unit's supervisor opens staff pulse rounds for the unit (/admin/pulse) and reads their
  // results where anonymity holds, beside the unit's customer reports.
  { id: 'unit-supervisor', role: 'unitSupervisor', node: 'keskusta-ta', scopes: ['reports:read', 'pulse:read', 'pulse:write'] },
];

/** Query parameters the staff pages (the dashboard, the case workbench) keep across sign-in. */
const BACK_KEYS = ['node', 'from', 'to', 'granularity', 'status', 'overdue', 'contactRequested', 'escalated', 'case'] as const;

/**
 * The staff page URL to return to: one of `pages` (the dashboard when `page` names none of them) with
 * known, plain parameters — never another place.
 */
export function dashboardReturnUrl(
  lang: Lang,
  back: string | undefined,
  page?: string | null,
  pages: readonly string[] = [DASHBOARD_PATH],
): string {
  const from = new URLSearchParams(back ?? '');
  const out = new URLSearchParams({ lang });
  for (const k of BACK_KEYS) {
    const v = from.get(k);
    if (v && /^[A-Za-z0-9_-]{1,64}$/.test(v)) out.set(k, v);
  }
  const path = page && pages.includes(page) ? page : DASHBOARD_PATH;
  return `${path}?${out.toString()}`;
}

/** The sign-in page in one language; `back` is the staff page's query to return to, `page` its path. */
export function renderDevSignIn(config: AppConfig, lang: Lang, back = '', page = ''): string {
  const t = DASHBOARD_TEXT[lang];
  const regionName = config.org.node(config.org.regionId)!.name[lang];
  const kindName = (id: string) => t[config.org.node(id)!.kind];
  const body = html`<h1>${t.devSignInTitle}</h1><p>${t.devSignInLead}</p>
<ul class="users" aria-label="${t.devUsersCaption}">${DEMO_USERS.map((u) => {
    const role = t[`role_${u.role}`];
    return html`<li class="card"><form method="post" action="${DEV_SIGNIN_PATH}"><h2>${role}</h2><p>${t.devScope}: ${kindName(u.node)} ${config.org.node(u.node)!.name[lang]}</p><p>${t.devScopes}: ${u.scopes.join(', ')}</p><input type="hidden" name="user" value="${u.id}"><input type="hidden" name="lang" value="${lang}"><input type="hidden" name="back" value="${back}"><input type="hidden" name="page" value="${page}"><button type="submit">${fill(t.devSignInAs, { role })}</button></form></li>`;
  })}</ul>`;
  return dashboardLayout({
    lang,
    title: `${t.devSignInTitle} – ${regionName}`,
    regionName,
    langHref: (l) => `${DEV_SIGNIN_PATH}?${new URLSearchParams({ lang: l, back, page }).toString()}`,
    body,
  });
}
