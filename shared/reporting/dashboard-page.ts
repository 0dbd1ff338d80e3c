/**
 * The managers' dashboard at `/admin`: a server-rendered shell with no report data in it. On AWS
 * API Gateway's JWT authorizer reads only the Authorization header, so the page cannot carry the
 * token as a cookie; instead its inline script (the modules of ./browser/, bundled by esbuild) keeps
 * the token in sessionStorage and fetches the reporting API with `Authorization: Bearer`. The page
 * embeds the org tree (ids and names only), the texts in its language and how to sign in.
 */
import { createHash } from 'node:crypto';
import { type AppConfig, type OrgNode, LANG_NAMES, LANG_NAV_LABEL, LANGS, type Lang, html, raw, type Html } from '../platform/index.ts';
import { DASHBOARD_PATH, DEV_SIGNIN_PATH } from './api-contract.ts';
import { DASHBOARD_BUNDLE } from './browser/dashboard.generated.ts';
import { DASH_CONFIG_ID, type DashConfig, type SignInConfig } from './dashboard-config.ts';
import { DASHBOARD_TEXT } from './dashboard-text.ts';
import { MAX_LATE_DAYS } from '../feedback/index.ts';
import { lastReportedMonth, periodDays, unreportedMonths } from './periods.ts';

/**
 * The page's one script: shared/reporting/browser/dashboard.ts bundled and minified by esbuild into
 * an IIFE (lib/browser-bundles.ts writes it into the git-ignored browser/dashboard.generated.ts),
 * inlined and allowed by its hash. The same text in every runtime: tsx and the Lambda bundle both
 * import that module.
 */
export const DASHBOARD_SCRIPT: string = DASHBOARD_BUNDLE;
if (/<\/script/i.test(DASHBOARD_SCRIPT)) throw new Error('the dashboard script must not contain "</script"');
const SCRIPT_HASH = `'sha256-${createHash('sha256').update(DASHBOARD_SCRIPT).digest('base64')}'`;

// One small stylesheet inline; colours meet WCAG AA (text #1a1a1a, links #0b4f8a on white, focus
// ring #ffbf47 + #1a1a1a as on the form pages). Chart colours are backed by data tables.
const CSS = `
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
form.filters{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.75rem 1rem;margin-bottom:1rem}
.field{display:flex;flex-direction:column;gap:.25rem}
.field label{font-weight:700}
select,input{font:inherit;border:2px solid #505a5f;border-radius:.25rem;padding:0 .5rem;background:#fff;color:#1a1a1a;height:2.75rem}
form.filters button{height:2.75rem}
.field.node{flex:1 1 18rem}
.why{flex-basis:100%;margin:0;color:#484f53}
.status{margin:0 0 .75rem;color:#484f53}
.error-box{border:4px solid #b10e1e;background:#fff;padding:1rem;margin-bottom:1rem}
.error-box h2{margin:0 0 .5rem;font-size:1.25rem;color:#b10e1e}
.error-box p{margin:0}
.crumbs{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .5rem;font-size:.9375rem}
.crumbs li+li::before{content:"›";margin-right:.5rem;color:#484f53}
.kind{display:block;font-size:.9375rem;font-weight:400;color:#484f53}
h2:focus{outline:none}
h2:focus-visible{outline:3px solid #ffbf47}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.75rem;margin:0 0 1rem}
.kpi{background:#fff;border:1px solid #b1b4b6;border-top:4px solid #505a5f;border-radius:.25rem;padding:.5rem .75rem}
.kpi dt{font-size:.875rem;color:#484f53}
.kpi dd{margin:0;font-size:1.5rem;font-weight:700}
.kpi.big{border-top-color:#0b4f8a}.kpi.big dd{font-size:2rem;line-height:1.2}
.kpi.pro{border-top-color:#00703c}.kpi.det{border-top-color:#b10e1e}
.kpi-note{background:#fff;border:1px solid #b1b4b6;padding:.75rem;font-weight:700}
.grid{display:grid;grid-template-columns:1fr;gap:1rem}
@media (min-width:62rem){.grid{grid-template-columns:3fr 2fr}.wide{grid-column:1/-1}}
.side{display:grid;gap:1rem;align-content:start}
.hint{color:#484f53;margin:-.5rem 0 .75rem}
.chart{width:100%;height:auto;display:block}
.chart .gridline{stroke:#dcdedf;stroke-width:1}
.chart .axis{stroke:#505a5f;stroke-width:1.5}
.chart .band{fill:#0b4f8a;fill-opacity:.17}
.chart .line{fill:none;stroke:#0b4f8a;stroke-width:3;stroke-linejoin:round}
.chart .whisker{stroke:#0b4f8a;stroke-width:2;stroke-opacity:.5}
.chart .dot{fill:#0b4f8a;stroke:#fff;stroke-width:2}
.chart .tick{font-size:13px;fill:#484f53}
.chart .supcol{fill:#f3f2f1}
.chart .sup{font-size:13px;fill:#484f53;font-weight:700}
.chart .count{font-size:12px;font-weight:700;fill:#1a1a1a;paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
.chart .pending{fill:#fff;stroke:#505a5f;stroke-width:1.5;stroke-dasharray:6 4}
.chart .pending-label{font-size:13px;fill:#484f53}
.sw-pending{background:#fff;border:2px dashed #505a5f}
.pending-note{margin:.25rem 0 0;font-size:.875rem;color:#484f53}
.tablebox{overflow-x:auto;max-width:100%}
.tablebox table{margin-top:0}
.tablebox th[scope=row]{position:sticky;left:0;background:#fff;z-index:1}
.actions{margin:0 0 1rem}
.legend{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;font-size:.875rem}
.legend li{display:flex;align-items:center;gap:.375rem}
.swatch{display:inline-block;width:1rem;height:1rem;border-radius:2px;border:1px solid #505a5f}
.sw-line{height:4px;border:0;background:#0b4f8a}
.sw-band{background:rgba(11,79,138,.17);border-color:rgba(11,79,138,.4)}
details{margin-top:.75rem}
summary{cursor:pointer;color:#0b4f8a;font-weight:700}
table{border-collapse:collapse;width:100%;margin-top:.5rem;font-size:.9375rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border-bottom:1px solid #b1b4b6;padding:.375rem .5rem;text-align:left;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.children{margin-top:0}
table.children th[scope=row]{font-weight:400}
.barcol{width:35%;min-width:8rem;vertical-align:middle}
.nbar{display:block;position:relative;height:.875rem;background:linear-gradient(#505a5f,#505a5f) 50% 0/1px 100% no-repeat}
.nbar span{position:absolute;top:0;bottom:0}
.nbar .ci{top:calc(50% - 1px);bottom:auto;height:2px;background:#1a1a1a}
.nbar .pos{background:#00703c}.nbar .neg{background:#b10e1e}
.stmts{list-style:none;padding:0;margin:0;display:grid;gap:.75rem}
.st-label{margin:0 0 .25rem}
.st-fig{margin:.125rem 0 0;font-size:.875rem;color:#484f53}
.stack{display:flex;height:1.5rem;border-radius:2px;overflow:hidden;background:#f3f2f1}
.seg{display:flex;align-items:center;justify-content:center;font-size:.75rem;font-weight:700;min-width:0;overflow:hidden;white-space:nowrap}
.s1{background:#a4111c;color:#fff}.s2{background:#f2b8b2;color:#1a1a1a}.s3{background:#dcdedf;color:#1a1a1a}.s4{background:#a9c8e6;color:#1a1a1a}.s5{background:#0b4f8a;color:#fff}
.bars{list-style:none;padding:0;margin:0;display:grid;gap:.5rem}
.bars li{display:grid;grid-template-columns:minmax(0,1fr) auto;align-items:center;gap:.25rem .75rem}
.bars .bar{grid-column:1/-1;grid-row:2}
@media (min-width:40rem){.bars li{grid-template-columns:minmax(8rem,11rem) 1fr 9rem}.bars .bar{grid-column:auto;grid-row:auto}}
.bars .bar{display:block;height:1rem;background:#f3f2f1;border-radius:2px;overflow:hidden}
.bars .bar span{display:block;height:100%;background:#0b4f8a}
.bar-fig{font-size:.875rem;white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums}
.bars-note{margin:.75rem 0 0;font-size:.875rem;color:#484f53}
.signin{background:#fff;border:1px solid #b1b4b6;padding:1rem 1.25rem;max-width:40rem}
.signin p:first-child{font-weight:700}
.users{list-style:none;padding:0;margin:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}
.users form{height:100%;display:flex;flex-direction:column;gap:.5rem;align-items:flex-start}
.users h2{font-size:1.25rem;margin:0}
.users p{margin:0;flex:1}
.notice{border-left:5px solid #0b4f8a;background:#fff;padding:.5rem 1rem;font-weight:700}
`;

/** Where the language switch links: the same page in another language. */
export type LangHref = (lang: Lang) => string;

/** The dashboard's layout: wider than the form pages, grey background for cards. */
export function dashboardLayout(opts: {
  lang: Lang;
  title: string;
  regionName: string;
  langHref: LangHref;
  body: Html;
  head?: Html;
}): string {
  const _t = DASHBOARD_TEXT[opts.lang];
  return `<!doctype html>${html`<html lang="${opts.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${opts.title}</title><style>${raw(CSS)}</style>${opts.head ?? ''}</head><body><header><div class="topbar"><p class="region">${opts.regionName}</p><nav aria-label="${LANG_NAV_LABEL[opts.lang]}"><ul>${LANGS.map(
    (l) =>
      html`<li><a href="${opts.langHref(l)}" lang="${l}" hreflang="${l}"${l === opts.lang ? raw(' aria-current="page"') : ''}>${LANG_NAMES[l]}</a></li>`,
  )}</ul></nav></div></header><main id="main">${opts.body}</main></body></html>`}`;
}

/** Every node of the tree, parents before children, in config order. */
function treeOrder(config: AppConfig): OrgNode[] {
  const out: OrgNode[] = [];
  const visit = (n: OrgNode) => {
    out.push(n);
    config.org.children(n.id).forEach(visit);
  };
  visit(config.org.node(config.org.regionId)!);
  return out;
}

/** JSON safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The default report period: the 12 months up to the newest one reported (`lastReportedMonth`). */
export function defaultPeriod(today: string): DashConfig['defaults'] {
  const last = lastReportedMonth(today);
  const y = Number(last.slice(0, 4));
  const m = Number(last.slice(5, 7));
  const from = new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10);
  return { from, to: periodDays(last, 'month').last };
}

/** What the dashboard page needs. */
export interface DashboardPageOptions {
  config: AppConfig;
  lang: Lang;
  /** Helsinki today. */
  today: string;
  signIn: SignInConfig;
  /** The query string to keep in language links (without `lang`). */
  query: Record<string, string>;
}

/** The page and the Content-Security-Policy that lets exactly its script run. */
export function renderDashboard(opts: DashboardPageOptions): { html: string; csp: string } {
  const { config, lang } = opts;
  const t = DASHBOARD_TEXT[lang];
  const defaults = defaultPeriod(opts.today);
  const lastMonth = defaults.to.slice(0, 7);
  const survey = config.surveys.survey(config.org.node(config.org.regionId)!.surveyId)!;
  const version = config.surveys.current(survey.id, opts.today) ?? survey.versions[survey.versions.length - 1]!;
  const scale = ([1, 2, 3, 4, 5] as const).map((v) => version.agreementScale[String(v) as keyof typeof version.agreementScale][lang]);
  const dash: DashConfig = {
    lang,
    text: t,
    tree: treeOrder(config).map((n) => ({ id: n.id, ...(n.parentId ? { parentId: n.parentId } : {}), kind: n.kind, name: n.name[lang] })),
    scale,
    signIn: opts.signIn,
    defaults,
    lastClosedMonth: lastMonth,
    unreported: unreportedMonths(opts.today),
    reportLagDays: MAX_LATE_DAYS,
  };
  const regionName = config.org.node(config.org.regionId)!.name[lang];
  const langHref: LangHref = (l) => `${DASHBOARD_PATH}?${new URLSearchParams({ ...opts.query, lang: l }).toString()}`;
  const body = html`<div class="top"><h1>${t.title}</h1><p class="who" id="who-line" hidden><span id="who"></span><button type="button" id="signout" class="quiet">${t.signOut}</button></p></div>
<noscript><p class="notice">${t.noscript}</p></noscript>
<div id="signin" class="signin" hidden><p id="signin-msg" tabindex="-1">${t.signInLead}</p><p><a id="signin-link" class="button" href="${DEV_SIGNIN_PATH}?lang=${lang}">${t.signIn}</a><button type="button" id="signin-button" hidden>${t.signIn}</button></p></div>
<div id="app" hidden>
<form id="filters" class="filters card" method="get" action="${DASHBOARD_PATH}" aria-label="${t.filters}">
<div class="field node"><label for="f-node">${t.node}</label><select id="f-node" name="node"></select></div>
<div class="field"><label for="f-from">${t.from}</label><input id="f-from" name="from" type="month" value="${defaults.from.slice(0, 7)}" max="${lastMonth}" pattern="[0-9]{4}-[0-9]{2}" aria-describedby="f-why" required></div>
<div class="field"><label for="f-to">${t.to}</label><input id="f-to" name="to" type="month" value="${lastMonth}" max="${lastMonth}" pattern="[0-9]{4}-[0-9]{2}" aria-describedby="f-why" required></div>
<button type="submit">${t.show}</button>
<p id="f-why" class="why">${t.periodWhy}</p>
</form>
<p id="status" class="status" role="status"></p>
<div id="error" role="alert"></div>
<div id="report" hidden>
<nav aria-label="${t.breadcrumb}"><ol id="crumbs" class="crumbs"></ol></nav>
<h2 id="node-title" tabindex="-1"><span id="node-kind" class="kind"></span><span id="node-name"></span></h2>
<div id="kpis"></div>
<p class="actions"><button type="button" id="download" class="quiet">${t.download}</button></p>
<div class="grid">
<section class="card wide" aria-labelledby="trend-h"><h3 id="trend-h">${t.trendTitle}</h3><div id="trend"></div></section>
<section class="card wide" id="children-section" aria-labelledby="children-h"><h3 id="children-h">${t.childrenTitle}</h3><p class="hint">${t.childrenHint}</p><div id="children"></div></section>
<section class="card" aria-labelledby="statements-h"><h3 id="statements-h">${t.statementsTitle}</h3><div id="statements"></div></section>
<div class="side">
<section class="card" aria-labelledby="channels-h"><h3 id="channels-h">${t.channelsTitle}</h3><div id="channels"></div></section>
<section class="card" aria-labelledby="roles-h"><h3 id="roles-h">${t.rolesTitle}</h3><div id="roles"></div></section>
</div>
</div>
</div>
</div>
<script type="application/json" id="${DASH_CONFIG_ID}">${raw(scriptJson(dash))}</script>
<script>${raw(DASHBOARD_SCRIPT)}</script>`;
  const page = dashboardLayout({ lang, title: `${t.title} – ${regionName}`, regionName, langHref, body });
  const authOrigin = opts.signIn.kind === 'cognito' ? ` ${new URL(opts.signIn.authUrl).origin}` : '';
  const csp = [
    "default-src 'none'",
    `script-src ${SCRIPT_HASH}`,
    "style-src 'unsafe-inline'",
    "img-src 'self'",
    `connect-src 'self'${authOrigin}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return { html: page, csp };
}
