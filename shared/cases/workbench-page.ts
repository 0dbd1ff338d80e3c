/**
 * The case workbench at `/admin/cases`: a server-rendered shell with no case data in it, behind the
 * same staff sign-in as the dashboard. Its inline script (the modules of ./browser/, bundled by
 * esbuild) keeps the token in sessionStorage and reads and changes cases through the cases API with
 * `Authorization: Bearer`. The page embeds the org tree (ids and names only), the texts in its
 * language and how to sign in.
 */
import {
  type LangHref,
  type StaffPageOptions,
  html,
  raw,
  scriptJson,
  staffChrome,
  staffCsp,
  staffLayout,
  staffScript,
  staffTree,
  STAFF_CONFIG_ID,
} from '../platform/index.ts';
import { ENTRY_CODE_PATH, STAFF_PATHS } from '../staffentry/index.ts';
import { WORKBENCH_BUNDLE } from './browser/workbench.generated.ts';
import { POSTER_PATH, posterHref } from '../posters/index.ts';
import { CASE_STATUSES } from './model.ts';
import { SENTIMENTS, taxonomyOf, THEME_IDS } from '../text/index.ts';
import { WORKBENCH_PATH, type WorkbenchConfig } from './workbench-config.ts';
import { WORKBENCH_TEXT } from './workbench-text.ts';

// Checked and hashed once, at load.
const SCRIPT = staffScript(WORKBENCH_BUNDLE);

/**
 * The page's one script: shared/cases/browser/workbench.ts bundled by esbuild (lib/browser-bundles.ts
 * writes it into the git-ignored browser/workbench.generated.ts), inlined and allowed by its hash.
 */
export const WORKBENCH_SCRIPT: string = SCRIPT.code;

// The workbench's styles after the staff pages' (platform/staff-layout.ts). Everything wraps or
// stacks, so the page reads at 320 px wide without scrolling sideways.
const CSS = `
.field.node{flex:1 1 16rem}
.field select,.field input{max-width:100%}
.checks{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1rem;flex-basis:100%}
.checks legend{font-weight:700;padding:0;margin-bottom:.25rem}
.check{display:flex;align-items:center;gap:.5rem}
.check input{width:1.5rem;height:1.5rem;margin:0}
.counts{display:grid;grid-template-columns:repeat(auto-fit,minmax(7rem,1fr));gap:.75rem;margin:0 0 1rem}
.counts div{background:#fff;border:1px solid #b1b4b6;border-top:4px solid #0b4f8a;border-radius:.25rem;padding:.5rem .75rem}
.counts .over{border-top-color:#b10e1e}
.counts dt{font-size:.875rem;color:#484f53}
.counts dd{margin:0;font-size:1.5rem;font-weight:700}
.cases{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}
.cases h3{font-size:1.125rem;margin:0 0 .25rem}
.cases p{margin:.25rem 0 0}
.excerpt{overflow-wrap:anywhere}
.meta{font-size:.9375rem;color:#484f53}
.flags{list-style:none;margin:.25rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.375rem}
.flag{font-size:.875rem;font-weight:700;padding:0 .5rem;border-radius:.25rem;border:2px solid #505a5f;background:#fff}
.flag.over,.flag.esc{border-color:#b10e1e;color:#b10e1e}
.flag.contact{border-color:#0b4f8a;color:#0b4f8a}
.case-grid{display:grid;gap:1rem}
@media (min-width:62rem){.case-grid{grid-template-columns:3fr 2fr}}
.facts{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0}
.facts dt{font-weight:700}
.facts dd{margin:0;overflow-wrap:anywhere}
blockquote{margin:0 0 1rem;padding:.75rem 1rem;border-left:5px solid #0b4f8a;background:#f3f2f1;white-space:pre-wrap;overflow-wrap:anywhere}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0 1rem}
.stack{display:flex;flex-direction:column;gap:.5rem;align-items:flex-start;margin-bottom:1rem}
.stack input,.stack textarea{width:100%}
textarea{font:inherit;border:2px solid #505a5f;border-radius:.25rem;padding:.5rem;min-height:6rem;color:#1a1a1a;background:#fff}
.hint{margin:0;color:#484f53;font-size:.9375rem}
.needed{margin:0;color:#b10e1e;font-weight:700}
.notes,.history{list-style:none;margin:0;padding:0;display:grid;gap:.5rem}
.notes li{border-left:4px solid #b1b4b6;padding-left:.75rem;white-space:pre-wrap;overflow-wrap:anywhere}
.notes .meta,.history .meta{display:block}
.contact-out dl{margin:.5rem 0 0}
.themes{list-style:none;margin:.25rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.375rem}
.theme{font-size:.875rem;padding:0 .5rem;border-radius:.25rem;border:1px solid #505a5f;background:#f3f2f1}
mark.name{background:#fff4c2;border-bottom:2px dotted #6b5900;color:inherit}
.theme-checks{border:0;margin:0 0 .5rem;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.25rem 1rem}
.theme-checks legend,.sentiment-field label{font-weight:700;padding:0;margin-bottom:.25rem}
h2:focus,h3:focus,p:focus{outline:none}
h2:focus-visible,h3:focus-visible,p:focus-visible{outline:3px solid #ffbf47}
`;

/** What the workbench page needs: what every staff page does. */
export type WorkbenchPageOptions = StaffPageOptions;

/** The page and the Content-Security-Policy that lets exactly its script run. */
export function renderWorkbench(opts: WorkbenchPageOptions): { html: string; csp: string } {
  const { config, lang } = opts;
  const t = WORKBENCH_TEXT[lang];
  const cfg: WorkbenchConfig = {
    lang,
    text: t,
    signIn: opts.signIn,
    tree: staffTree(config, lang),
    themes: THEME_IDS.map((id) => ({ id, label: taxonomyOf(config.org).labels[id][lang] })),
    sentiments: SENTIMENTS,
    entryCode: { api: ENTRY_CODE_PATH, page: STAFF_PATHS.form },
  };
  const regionName = config.org.node(config.org.regionId)!.name[lang];
  const langHref: LangHref = (l) => `${WORKBENCH_PATH}?${new URLSearchParams({ ...opts.query, lang: l }).toString()}`;
  const check = (name: string, label: string) =>
    html`<div class="check"><input type="checkbox" id="f-${name}" name="${name}" value="true"><label for="f-${name}">${label}</label></div>`;
  const body = html`${staffChrome(t, lang)}
<div id="app" hidden>
<form id="filters" class="filters card" method="get" action="${WORKBENCH_PATH}" aria-label="${t.filters}">
<input type="hidden" name="lang" value="${lang}">
<div class="field node"><label for="f-node">${t.node}</label><select id="f-node" name="node"></select></div>
<div class="field"><label for="f-status">${t.status}</label><select id="f-status" name="status"><option value="">${t.statusAny}</option>${CASE_STATUSES.map((s) => html`<option value="${s}">${t[`status_${s}`]}</option>`)}</select></div>
<div class="field"><label for="f-theme">${t.themes}</label><select id="f-theme" name="theme"><option value="">${t.themeAny}</option>${cfg.themes.map((th) => html`<option value="${th.id}">${th.label}</option>`)}</select></div>
<div class="field"><label for="f-sentiment">${t.sentiment}</label><select id="f-sentiment" name="sentiment"><option value="">${t.sentimentAny}</option>${SENTIMENTS.map((s) => html`<option value="${s}">${t[`sentiment_${s}`]}</option>`)}</select></div>
<div class="field"><label for="f-from">${t.from}</label><input id="f-from" name="from" type="date"></div>
<div class="field"><label for="f-to">${t.to}</label><input id="f-to" name="to" type="date"></div>
<fieldset class="checks"><legend>${t.narrow}</legend>${check('overdue', t.overdueOnly)}${check('contactRequested', t.contactOnly)}${check('escalated', t.escalatedOnly)}</fieldset>
<button type="submit">${t.show}</button>
</form>
<p id="status" class="status" role="status"></p>
<div id="error" role="alert"></div>
<section id="queue-view" aria-labelledby="queue-h" hidden>
<h2 id="queue-h" tabindex="-1"></h2>
<dl id="counts" class="counts" aria-label="${t.counts}"></dl>
<ul id="queue" class="cases" aria-label="${t.queueCaption}"></ul>
<p><button type="button" id="more" class="quiet" hidden>${t.more}</button></p>
<div id="entry-code" hidden><h3>${t.entryCodeTitle}</h3><p class="hint">${t.entryCodeHint}</p><p><button type="button" id="entry-code-new" class="quiet">${t.entryCodeNew}</button></p><p id="entry-code-out" role="status"></p></div>
<p><a id="posters" href="${posterHref(config.org.regionId)}" data-href="${POSTER_PATH}">${t.posters}</a></p>
<section id="kiosks" aria-labelledby="kiosks-h" hidden>
<h3 id="kiosks-h">${t.kiosks}</h3>
<ul id="kiosk-list"></ul>
<form id="kiosk-new"><label for="kiosk-name">${t.kioskName}</label> <input id="kiosk-name" name="name" required maxlength="80"> <button type="submit">${t.kioskCreate}</button></form>
<p id="kiosk-link" role="status"></p>
</section>
</section>
<section id="case-view" aria-labelledby="case-h" hidden>
<p><a id="back" href="${WORKBENCH_PATH}">${t.back}</a></p>
<h2 id="case-h" tabindex="-1"></h2>
<div id="case"></div>
</section>
</div>
<script type="application/json" id="${STAFF_CONFIG_ID}">${raw(scriptJson(cfg))}</script>
<script>${raw(WORKBENCH_SCRIPT)}</script>`;
  const page = staffLayout({ lang, title: `${t.title} – ${regionName}`, regionName, langHref, body, css: CSS });
  return { html: page, csp: staffCsp(SCRIPT.hash, opts.signIn) };
}
