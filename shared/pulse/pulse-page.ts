/**
 * The supervisors' pulse page at `/admin/pulse`: a server-rendered shell with no data in it, behind
 * the same staff sign-in as the dashboard and the workbench. Its inline script (./browser/, bundled by
 * esbuild) reads the pulse API with the signed-in token: a unit's rounds with a per-round trend (chart
 * and data table), a round's results, a new round with its printable sheet, and staff beside customers.
 */
import {
  addDays,
  helsinkiDate,
  html,
  type LangHref,
  raw,
  scriptJson,
  STAFF_CONFIG_ID,
  staffChrome,
  staffCsp,
  staffLayout,
  type StaffPageOptions,
  staffScript,
  staffTree,
} from '../platform/index.ts';
import { lastReportedMonth } from '../reporting/index.ts';
import { PULSE_BUNDLE } from './browser/pulse.generated.ts';
import type { PulsePageConfig } from './page-config.ts';
import { PULSE_PAGE_TEXT } from './page-text.ts';
import { PULSE_PAGE_PATH } from './paths.ts';
import { pulseThresholds } from './settings.ts';
import type { StaffSurveyCatalog } from './survey.ts';

const SCRIPT = staffScript(PULSE_BUNDLE);

// Everything wraps or stacks, so the page reads at 320 px wide without scrolling sideways.
const CSS = `
.field.node{flex:1 1 16rem}
.field select,.field input{max-width:100%}
.grid{display:grid;gap:1rem}
@media (min-width:62rem){.grid.two{grid-template-columns:1fr 1fr}}
.scroll{overflow-x:auto}
.chart svg{width:100%;height:auto;max-height:16rem}
.note{color:#484f53}
ul.texts{padding-left:1.25rem}
ul.texts li{margin:.25rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
form.open{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end}
h2:focus,h3:focus{outline:none}
`;

/** What the pulse page needs: what every staff page does, and the staff surveys. */
export interface PulsePageOptions extends StaffPageOptions {
  surveys: StaffSurveyCatalog;
  /** Now, on the function's clock (the local stack's may be set back). */
  now: Date;
}

/** The page and the Content-Security-Policy that lets exactly its script run. */
export function renderPulsePage(opts: PulsePageOptions): { html: string; csp: string } {
  const { config, lang } = opts;
  const t = PULSE_PAGE_TEXT[lang];
  const today = helsinkiDate(opts.now);
  const closed = lastReportedMonth(today);
  const cfg: PulsePageConfig = {
    lang,
    text: t,
    signIn: opts.signIn,
    tree: staffTree(config, lang),
    surveys: opts.surveys.ids().map((id) => {
      const s = opts.surveys.survey(id)!;
      const statements: Record<string, string> = {};
      for (const v of s.versions) for (const st of v.statements) statements[st.id] = st.text[lang];
      return { id, kind: s.kind, name: s.name[lang], statements };
    }),
    thresholds: pulseThresholds(config.org),
    compare: { from: `${addDays(`${closed}-01`, -150).slice(0, 7)}-01`, to: addDays(`${addDays(`${closed}-01`, 40).slice(0, 7)}-01`, -1) },
    today,
  };
  const regionName = config.org.node(config.org.regionId)!.name[lang];
  const langHref: LangHref = (l) => `${PULSE_PAGE_PATH}?${new URLSearchParams({ ...opts.query, lang: l }).toString()}`;
  const body = html`${staffChrome(t, lang)}
<div id="app" hidden>
<form id="filters" class="filters card" method="get" action="${PULSE_PAGE_PATH}">
<input type="hidden" name="lang" value="${lang}">
<div class="field node"><label for="f-node">${t.node}</label><select id="f-node" name="node"></select></div>
<button type="submit">${t.show}</button>
</form>
<p id="status" class="status" role="status"></p>
<div id="error" role="alert"></div>
<p class="note" id="threshold-note"></p>
<div class="grid">
<section class="card" aria-labelledby="rounds-h"><h2 id="rounds-h" tabindex="-1">${t.roundsTitle}</h2>
<div id="trend" class="chart"></div>
<div id="rounds"></div>
<div id="combined"></div>
</section>
<section class="card" id="results-view" aria-labelledby="results-h" hidden><h2 id="results-h" tabindex="-1">${t.resultsTitle}</h2><div id="results"></div></section>
<section class="card" id="open-view" aria-labelledby="open-h" hidden><h2 id="open-h">${t.openTitle}</h2>
<form id="open" class="open">
<div class="field"><label for="o-survey">${t.survey}</label><select id="o-survey" name="surveyId"></select></div>
<div class="field"><label for="o-opens">${t.opensOn}</label><input id="o-opens" name="opensOn" type="date" required></div>
<div class="field"><label for="o-closes">${t.closesOn}</label><input id="o-closes" name="closesOn" type="date" required></div>
<div class="field"><label for="o-count">${t.staffCount}</label><input id="o-count" name="staffCount" type="number" min="1" max="500" required></div>
<button type="submit">${t.openButton}</button>
</form>
<div id="opened" role="status"></div>
</section>
<section class="card" aria-labelledby="compare-h"><h2 id="compare-h">${t.compareTitle}</h2><div id="compare"></div></section>
</div>
</div>
<script type="application/json" id="${STAFF_CONFIG_ID}">${raw(scriptJson(cfg))}</script>
<script>${raw(SCRIPT.code)}</script>`;
  const page = staffLayout({ lang, title: `${t.title} – ${regionName}`, regionName, langHref, body, css: CSS });
  return { html: page, csp: staffCsp(SCRIPT.hash, opts.signIn) };
}
