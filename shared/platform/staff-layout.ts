/**
 * The layout of the staff pages (the managers' dashboard, the case workbench, the local sign-in):
 * a header with the region's name and the language switch, and the styles they share. Each page adds
 * its own styles after these.
 */
import { html, raw, type Html } from './html.ts';
import { inlineScript } from './html-response.ts';
import { LANG_NAMES, LANG_NAV_LABEL, LANGS, type Lang } from './i18n.ts';
import { onLocalStack } from './local-adapters.ts';
import { RESOURCE_SERVER } from './manifest-types.ts';
import type { LangHref } from './page.ts';
import type { AppConfig } from './app-config.ts';
import type { OrgNode } from './org-tree.ts';
import { STAFF_SIGNIN_PATH, type SignInConfig, type StaffNode } from './staff-page.ts';

// Colours meet WCAG AA (text #1a1a1a, links #0b4f8a on white, focus ring #ffbf47 + #1a1a1a as on
// the form pages).
const STAFF_CSS = `
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f3f2f1}
header{background:#fff;border-bottom:4px solid #0b4f8a}
.topbar{max-width:76rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem}
.region{font-weight:700;margin:0}
nav ul{list-style:none;margin:0;padding:0;display:flex;gap:1rem}
a{color:#0b4f8a}
a[aria-current]{font-weight:700;color:#1a1a1a}
main{max-width:76rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;margin:.25rem 0}
h2{font-size:1.5rem;margin:.25rem 0 1rem}
h3{font-size:1.1875rem;margin:0 0 .75rem}
.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem 1rem;margin-bottom:1rem}
.who{margin:0;display:flex;align-items:center;gap:.75rem;flex-wrap:wrap}
button,.button{font:inherit;font-weight:700;color:#fff;background:#00703c;border:0;border-radius:.25rem;padding:.5rem 1.25rem;cursor:pointer;box-shadow:0 2px 0 #002d18;text-decoration:none;display:inline-block}
button.quiet{color:#0b4f8a;background:#fff;border:2px solid #0b4f8a;box-shadow:none;padding:.375rem 1rem}
:focus-visible{outline:3px solid #ffbf47;outline-offset:0;box-shadow:0 0 0 6px #1a1a1a}
.card{background:#fff;border:1px solid #b1b4b6;border-radius:.25rem;padding:1rem 1.25rem;min-width:0}
.field{display:flex;flex-direction:column;gap:.25rem}
form.filters{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.75rem 1rem;margin-bottom:1rem}
form.filters button{height:2.75rem}
.field label{font-weight:700}
select,input{font:inherit;border:2px solid #505a5f;border-radius:.25rem;padding:0 .5rem;background:#fff;color:#1a1a1a;height:2.75rem}
.status{margin:0 0 .75rem;color:#484f53}
.error-box{border:4px solid #b10e1e;background:#fff;padding:1rem;margin-bottom:1rem}
.error-box h2{margin:0 0 .5rem;font-size:1.25rem;color:#b10e1e}
.error-box p{margin:0}
h2:focus{outline:none}
h2:focus-visible{outline:3px solid #ffbf47}
details{margin-top:.75rem}
summary{cursor:pointer;color:#0b4f8a;font-weight:700}
table{border-collapse:collapse;width:100%;margin-top:.5rem;font-size:.9375rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border-bottom:1px solid #b1b4b6;padding:.375rem .5rem;text-align:left;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.signin{background:#fff;border:1px solid #b1b4b6;padding:1rem 1.25rem;max-width:40rem}
.signin p:first-child{font-weight:700}
.notice{border-left:5px solid #0b4f8a;background:#fff;padding:.5rem 1rem;font-weight:700}
`;

/** What every staff page is rendered from. */
export interface StaffPageOptions {
  config: AppConfig;
  lang: Lang;
  signIn: SignInConfig;
  /** The query string to keep in language links (without `lang`). */
  query: Record<string, string>;
}

/** What a staff page's layout takes. */
export interface StaffLayoutOptions {
  lang: Lang;
  title: string;
  regionName: string;
  /** Where the language switch links: the same page in another language. */
  langHref: LangHref;
  body: Html;
  head?: Html;
  /** The page's own styles, after the shared ones. */
  css: string;
}

/** A staff page: wider than the form pages, grey background for cards. */
export function staffLayout(opts: StaffLayoutOptions): string {
  return `<!doctype html>${html`<html lang="${opts.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${opts.title}</title><style>${raw(STAFF_CSS + opts.css)}</style>${opts.head ?? ''}</head><body><header><div class="topbar"><p class="region">${opts.regionName}</p><nav aria-label="${LANG_NAV_LABEL[opts.lang]}"><ul>${LANGS.map(
    (l) =>
      html`<li><a href="${opts.langHref(l)}" lang="${l}" hreflang="${l}"${l === opts.lang ? raw(' aria-current="page"') : ''}>${LANG_NAMES[l]}</a></li>`,
  )}</ul></nav></div></header><main id="main">${opts.body}</main></body></html>`}`;
}

/** JSON safe inside a `<script>` element (a staff page's config for its script). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The environment variables a staff page's function reads its Cognito sign-in from. */
export interface StaffSignInEnv {
  /** The Cognito domain's base URL, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  authUrl: string;
  /** The staff client's id (a public client: no secret). */
  clientId: string;
  /** The callback URL registered on the client for this page; defaults to the page's own origin and path. */
  pageUrl: string;
}

/**
 * How staff sign in to a page: Cognito's hosted UI asking for `scopes` when the Cognito domain and
 * client are configured, else the local stack's demo sign-in page, else nowhere (the page says so).
 * Read per request, so a test can point the page at a stand-in authorization server.
 */
export function staffSignIn(names: StaffSignInEnv, scopes: readonly string[], env: NodeJS.ProcessEnv = process.env): SignInConfig {
  const authUrl = env[names.authUrl];
  const clientId = env[names.clientId];
  if (authUrl && clientId && URL.canParse(authUrl)) {
    const pageUrl = env[names.pageUrl];
    return {
      kind: 'cognito',
      authUrl: authUrl.replace(/\/+$/, ''),
      clientId,
      scope: ['openid', ...scopes.map((s) => `${RESOURCE_SERVER}/${s}`)].join(' '),
      ...(pageUrl ? { redirectUri: pageUrl } : {}),
    };
  }
  return onLocalStack() ? { kind: 'dev', url: STAFF_SIGNIN_PATH } : { kind: 'none' };
}

/** The org tree as a staff page embeds it, parents before children in config order: ids and names only. */
export function staffTree(config: AppConfig, lang: Lang): StaffNode[] {
  const out: StaffNode[] = [];
  const visit = (n: OrgNode) => {
    out.push({ id: n.id, ...(n.parentId ? { parentId: n.parentId } : {}), kind: n.kind, name: n.name[lang] });
    config.org.children(n.id).forEach(visit);
  };
  visit(config.org.node(config.org.regionId)!);
  return out;
}

/** The texts of a staff page's top: its title and the sign-in box. */
export interface StaffChromeText {
  title: string;
  signOut: string;
  signIn: string;
  signInLead: string;
  noscript: string;
}

/**
 * The top of a staff page's main: the title with who is signed in and the sign-out button, the note
 * for browsers without JavaScript, and the sign-in box — the markup browser/staff-signin.ts drives.
 */
export function staffChrome(t: StaffChromeText, lang: Lang): Html {
  return html`<div class="top"><h1>${t.title}</h1><p class="who" id="who-line" hidden><span id="who"></span><button type="button" id="signout" class="quiet">${t.signOut}</button></p></div>
<noscript><p class="notice">${t.noscript}</p></noscript>
<div id="signin" class="signin" hidden><p id="signin-msg" tabindex="-1">${t.signInLead}</p><p><a id="signin-link" class="button" href="${STAFF_SIGNIN_PATH}?lang=${lang}">${t.signIn}</a><button type="button" id="signin-button" hidden>${t.signIn}</button></p></div>`;
}

/** A staff page's one inline script, checked not to end its element early, with its CSP hash. */
export function staffScript(code: string): { code: string; hash: string } {
  return inlineScript(code);
}

/**
 * The Content-Security-Policy of a staff page: exactly its script runs, and it fetches only from its
 * own origin (and Cognito's, when staff sign in there).
 */
export function staffCsp(scriptHash: string, signIn: SignInConfig): string {
  const authOrigin = signIn.kind === 'cognito' ? ` ${new URL(signIn.authUrl).origin}` : '';
  return [
    "default-src 'none'",
    `script-src ${scriptHash}`,
    "style-src 'unsafe-inline'",
    "img-src 'self'",
    `connect-src 'self'${authOrigin}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}
