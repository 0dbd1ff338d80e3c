/**
 * The managers' dashboard at `/admin`: a server-rendered shell with no report data in it. On AWS
 * API Gateway's JWT authorizer reads only the Authorization header, so the page cannot carry the
 * token as a cookie; instead its inline script (the modules of ./browser/, bundled by esbuild) keeps
 * the token in sessionStorage and fetches the reporting API with `Authorization: Bearer`. The page
 * embeds the org tree (ids and names only), the texts in its language and how to sign in.
 */
import {
  type LangHref,
  html,
  raw,
  scriptJson,
  staffChrome,
  staffCsp,
  staffLayout,
  staffScript,
  staffTree,
  type StaffLayoutOptions,
  type StaffPageOptions,
} from '../platform/index.ts';
import { DASHBOARD_PATH } from './api-contract.ts';
import { DASHBOARD_BUNDLE } from './browser/dashboard.generated.ts';
import { DASH_CONFIG_ID, type DashConfig } from './dashboard-config.ts';
import { DASHBOARD_TEXT } from './dashboard-text.ts';
import { MAX_LATE_DAYS } from '../feedback/index.ts';
import { POSTER_PATH, posterHref } from '../posters/index.ts';
import { lastReportedMonth, periodDays, unreportedMonths } from './periods.ts';

// Checked and hashed once, at load.
const SCRIPT = staffScript(DASHBOARD_BUNDLE);

/**
 * The page's one script: shared/reporting/browser/dashboard.ts bundled and minified by esbuild into
 * an IIFE (lib/browser-bundles.ts writes it into the git-ignored browser/dashboard.generated.ts),
 * inlined and allowed by its hash. The same text in every runtime: tsx and the Lambda bundle both
 * import that module.
 */
export const DASHBOARD_SCRIPT: string = SCRIPT.code;

// The dashboard's styles after the staff pages' (platform/staff-layout.ts). Chart colours are backed by data tables.
const CSS = `
.field.node{flex:1 1 18rem}
.why{flex-basis:100%;margin:0;color:#484f53}
.crumbs{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .5rem;font-size:.9375rem}
.crumbs li+li::before{content:"›";margin-right:.5rem;color:#484f53}
.kind{display:block;font-size:.9375rem;font-weight:400;color:#484f53}
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
.quotes{margin:.25rem 0 .75rem;padding-left:1.25rem}.quotes li{margin:.25rem 0;overflow-wrap:anywhere}
.digest{margin:0 0 1rem;padding-left:1.25rem}.digest>li{margin:.5rem 0}
h4{margin:1rem 0 .5rem}
.bar-fig{font-size:.875rem;white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums}
.bars-note{margin:.75rem 0 0;font-size:.875rem;color:#484f53}
.users{list-style:none;padding:0;margin:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}
.users form{height:100%;display:flex;flex-direction:column;gap:.5rem;align-items:flex-start}
.users h2{font-size:1.25rem;margin:0}
.users p{margin:0;flex:1}
`;

/** The dashboard's layout: the staff pages' layout with its own styles after the shared ones. */
export function dashboardLayout(opts: Omit<StaffLayoutOptions, 'css'>): string {
  return staffLayout({ ...opts, css: CSS });
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
export interface DashboardPageOptions extends StaffPageOptions {
  /** Helsinki today. */
  today: string;
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
    tree: staffTree(config, lang),
    scale,
    signIn: opts.signIn,
    defaults,
    lastClosedMonth: lastMonth,
    unreported: unreportedMonths(opts.today),
    reportLagDays: MAX_LATE_DAYS,
  };
  const regionName = config.org.node(config.org.regionId)!.name[lang];
  const langHref: LangHref = (l) => `${DASHBOARD_PATH}?${new URLSearchParams({ ...opts.query, lang: l }).toString()}`;
  const body = html`${staffChrome(t, lang)}
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
<p class="actions"><button type="button" id="download" class="quiet">${t.download}</button> <a id="posters" href="${posterHref(config.org.regionId)}" data-href="${POSTER_PATH}">${t.posters}</a></p>
<div class="grid">
<section class="card wide" aria-labelledby="trend-h"><h3 id="trend-h">${t.trendTitle}</h3><div id="trend"></div></section>
<section class="card wide" id="children-section" aria-labelledby="children-h"><h3 id="children-h">${t.childrenTitle}</h3><p class="hint">${t.childrenHint}</p><div id="children"></div></section>
<section class="card" aria-labelledby="statements-h"><h3 id="statements-h">${t.statementsTitle}</h3><div id="statements"></div></section>
<div class="side">
<section class="card" aria-labelledby="channels-h"><h3 id="channels-h">${t.channelsTitle}</h3><div id="channels"></div></section>
<section class="card" aria-labelledby="roles-h"><h3 id="roles-h">${t.rolesTitle}</h3><div id="roles"></div></section>
<section class="card wide" id="themes-section" aria-labelledby="themes-h"><h3 id="themes-h">${t.themesTitle}</h3><div id="themes"></div></section>
<section class="card wide" id="digest-section" aria-labelledby="digest-h"><h3 id="digest-h">${t.digestTitle.replace('{month}', '')}</h3><div id="digest"></div></section>
</div>
</div>
</div>
</div>
<script type="application/json" id="${DASH_CONFIG_ID}">${raw(scriptJson(dash))}</script>
<script>${raw(DASHBOARD_SCRIPT)}</script>`;
  const page = dashboardLayout({ lang, title: `${t.title} – ${regionName}`, regionName, langHref, body });
  return { html: page, csp: staffCsp(SCRIPT.hash, opts.signIn) };
}
