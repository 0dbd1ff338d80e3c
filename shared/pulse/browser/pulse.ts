/**
 * The pulse page's browser script: the entry esbuild bundles into the one inline script of
 * `/admin/pulse` (lib/browser-bundles.ts; pulse-page.ts serves it under a CSP hash). It signs in like
 * the dashboard, offers the nodes the token's groups name and everything below them, and shows the
 * node's rounds (a per-round trend as a chart and a data table), one round's results, a form to open
 * a round for a unit, and staff beside customers. Only types and plain constants come from the
 * server's modules: the bundle must not pull in server code.
 */
import { byId, h } from '../../platform/browser/dom.ts';
import { ApiError, staffApi } from '../../platform/browser/staff-api.ts';
import { fillPicker, heldNodes, orgTree } from '../../platform/browser/staff-org.ts';
import { startSignedIn } from '../../platform/browser/staff-signin.ts';
import { fill, STAFF_CONFIG_ID } from '../../platform/staff-page.ts';
import type * as z from '../../platform/zod.ts';
import type { compareSchema, openedRoundSchema, roundListSchema, roundResultsSchema } from '../contracts.ts';
import type { PulsePageConfig } from '../page-config.ts';
import { PULSE_COMPARE_PATH, PULSE_ROUNDS_PATH } from '../paths.ts';

// The route contracts' types (`import type`: the bundle takes no zod, only the shapes).
type RoundList = z.output<typeof roundListSchema>;
type RoundRow = RoundList['rounds'][number];
type Results = z.output<typeof roundResultsSchema>;
type Compare = z.output<typeof compareSchema>;
type Side = Compare['units'][number]['pulse'];
type Opened = z.output<typeof openedRoundSchema>;

const cfg = JSON.parse(document.getElementById(STAFF_CONFIG_ID)!.textContent!) as PulsePageConfig;
const T = cfg.text;
const L = cfg.lang;
const org = orgTree(cfg.tree);
const nodeName = (id: string) => org.nodes.get(id)?.name ?? id;
const surveyName = (id: string) => cfg.surveys.find((s) => s.id === id)?.name ?? id;
const pct = (x: number) => `${Math.round(x * 100)} %`;
const num = (x: number) => x.toLocaleString(L === 'en' ? 'en-GB' : `${L}-FI`, { maximumFractionDigits: 2 });
const cellNum = (text: string) => h('td', { class: 'num' }, text);

function say(text: string): void {
  byId('status').textContent = text;
}
function showError(e?: unknown): void {
  const box = byId('error');
  box.replaceChildren();
  if (e === undefined) return;
  const detail = e instanceof ApiError ? e.detail || `HTTP ${e.status}` : String(e);
  box.append(h('div', { class: 'error-box' }, h('p', {}, fill(T.failed, { detail }))));
}

/** A table with a caption, header cells and rows. */
function table(caption: string, head: string[], rows: Node[][]): HTMLElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r))),
  );
}

/** A table that scrolls sideways on a narrow screen, reachable by keyboard (a focusable, named region). */
function scroller(label: string, child: HTMLElement): HTMLElement {
  return h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': label }, child);
}

/** A line chart of the index per round (hidden rounds leave a gap); the data table beside it says the same. */
function trendChart(rows: RoundRow[]): HTMLElement {
  const W = 600;
  const H = 200;
  const pad = 30;
  const svg = h('svg:svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': T.trendCaption });
  svg.append(h('svg:line', { x1: pad, y1: H - pad, x2: W - 10, y2: H - pad, stroke: '#505a5f' }));
  for (const v of [0, 50, 100]) {
    const y = H - pad - ((H - 2 * pad) * v) / 100;
    svg.append(h('svg:text', { x: 2, y: y + 4, 'font-size': 12, fill: '#1a1a1a' }, String(v)));
  }
  const step = rows.length > 1 ? (W - pad - 20) / (rows.length - 1) : 0;
  let d = '';
  rows.forEach((r, i) => {
    const x = pad + 10 + i * step;
    if (r.index === undefined) {
      d += ' ';
      return;
    }
    const y = H - pad - ((H - 2 * pad) * r.index) / 100;
    d += `${d.endsWith(' ') || d === '' ? 'M' : 'L'}${x} ${y}`;
    svg.append(h('svg:circle', { cx: x, cy: y, r: 4, fill: '#0b4f8a' }));
    svg.append(h('svg:text', { x: x - 10, y: H - 10, 'font-size': 11, fill: '#1a1a1a' }, r.closesOn.slice(5)));
  });
  svg.prepend(h('svg:path', { d: d.replace(/ +/g, ' ').trim(), fill: 'none', stroke: '#0b4f8a', 'stroke-width': 2 }));
  return h('figure', {}, svg, h('figcaption', { class: 'note' }, T.trendCaption));
}

/** The rounds of the node: trend, table with a results button per round, and the combined figures. */
async function loadRounds(node: string): Promise<void> {
  const list = await staffApi<RoundList>(`${PULSE_ROUNDS_PATH}?node=${encodeURIComponent(node)}`);
  const rounds = list.rounds;
  byId('trend').replaceChildren(...(rounds.length ? [h('h3', {}, T.trendTitle), trendChart(rounds)] : []));
  byId('rounds').replaceChildren(
    rounds.length
      ? scroller(
          T.roundsTitle,
          table(
            T.roundsTitle,
            [T.unit, T.survey, T.closes, T.answers, T.responseRate, T.index, T.results],
            rounds.map((r) => {
              const b = h('button', { type: 'button', class: 'quiet', 'data-round': r.id }, T.results);
              b.addEventListener('click', () => void showResults(r.id));
              return [
                h('td', {}, nodeName(r.nodeId)),
                h('td', {}, surveyName(r.surveyId)),
                h('td', {}, r.closesOn),
                cellNum(`${r.answers} / ${r.codes}`),
                cellNum(pct(r.responseRate)),
                cellNum(r.index === undefined ? T.hidden : String(r.index)),
                h('td', {}, b),
              ];
            }),
          ),
        )
      : h('p', {}, T.noRounds),
  );
  byId('combined').replaceChildren(
    ...(list.combined.length
      ? [
          scroller(
            T.combinedTitle,
            table(
              T.combinedTitle,
              [T.survey, T.answers, T.index],
              list.combined.map((c) => [
                h('td', {}, surveyName(c.surveyId)),
                cellNum(String(c.answers)),
                cellNum(c.index === undefined ? T.hidden : String(c.index)),
              ]),
            ),
          ),
        ]
      : []),
  );
}

/** One round's results: statements (or why they are hidden) and the open answers. */
async function showResults(id: string): Promise<void> {
  say(T.loading);
  showError();
  try {
    const r = await staffApi<Results>(`${PULSE_ROUNDS_PATH}/${encodeURIComponent(id)}/results?lang=${L}`);
    const texts = cfg.surveys.find((s) => s.id === r.surveyId)?.statements ?? {};
    const out: HTMLElement[] = [
      h('p', {}, `${nodeName(r.nodeId)} · ${surveyName(r.surveyId)} · ${r.opensOn} – ${r.closesOn} · ${r.answers} / ${r.codes}`),
    ];
    if (r.suppressed || !r.statements) out.push(h('p', { class: 'notice' }, fill(T.hiddenRound, { min: cfg.thresholds.minAnswers })));
    else {
      out.push(
        scroller(
          T.resultsTitle,
          table(
            T.resultsTitle,
            [T.statement, T.n, T.mean, T.shareAgree, T.change],
            r.statements.map((s) => [
              h('td', {}, texts[s.id] ?? s.id),
              ...('suppressed' in s
                ? [cellNum(T.hidden), cellNum('–'), cellNum('–'), cellNum('–')]
                : [
                    cellNum(String(s.n)),
                    cellNum(num(s.mean)),
                    cellNum(pct(s.shareAgree)),
                    cellNum(s.change === undefined ? '–' : `${s.change > 0 ? '+' : ''}${num(s.change)}`),
                  ]),
            ]),
          ),
        ),
      );
      out.push(h('h3', {}, T.textsTitle));
      if (!r.texts) out.push(h('p', {}, fill(T.textsHidden, { min: cfg.thresholds.minAnswersForText })));
      else if (!r.texts.length) out.push(h('p', {}, T.noTexts));
      else out.push(h('ul', { class: 'texts' }, ...r.texts.map((x) => h('li', {}, x))));
    }
    byId('results').replaceChildren(...out);
    byId('results-view').hidden = false;
    byId('results-h').focus();
    say('');
  } catch (e) {
    say('');
    showError(e);
  }
}

/** A scatter chart of pulse index (across) and NPS (up) for the units where both are shown. */
function scatter(points: { x: number; y: number; label: string }[]): HTMLElement {
  const W = 400;
  const H = 260;
  const pad = 36;
  const svg = h('svg:svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': T.scatterLabel });
  svg.append(h('svg:line', { x1: pad, y1: H - pad, x2: W - 10, y2: H - pad, stroke: '#505a5f' }));
  svg.append(h('svg:line', { x1: pad, y1: 10, x2: pad, y2: H - pad, stroke: '#505a5f' }));
  svg.append(h('svg:text', { x: W / 2, y: H - 6, 'font-size': 12, fill: '#1a1a1a' }, T.index));
  svg.append(h('svg:text', { x: 2, y: 20, 'font-size': 12, fill: '#1a1a1a' }, 'NPS'));
  for (const p of points) {
    const x = pad + ((W - pad - 10) * p.x) / 100;
    const y = H - pad - ((H - pad - 10) * (p.y + 100)) / 200;
    svg.append(h('svg:circle', { cx: x, cy: y, r: 5, fill: '#0b4f8a' }, h('svg:title', {}, p.label)));
  }
  return h('figure', {}, svg, h('figcaption', { class: 'note' }, T.scatterLabel));
}

/** Staff beside customers for the node's children. */
async function loadCompare(node: string): Promise<void> {
  const q = new URLSearchParams({ node, from: cfg.compare.from, to: cfg.compare.to });
  const c = await staffApi<Compare>(`${PULSE_COMPARE_PATH}?${q.toString()}`);
  const side = (s: Side) => cellNum('value' in s ? `${s.value} (n = ${s.n})` : T.hidden);
  const points = c.units.flatMap((u) =>
    'value' in u.pulse && 'value' in u.nps ? [{ x: u.pulse.value, y: u.nps.value, label: u.name[L] ?? u.node }] : [],
  );
  byId('compare').replaceChildren(
    h('p', {}, fill(T.compareLead, { from: c.from, to: c.to })),
    scroller(
      T.compareTitle,
      table(
        T.compareTitle,
        [T.unit, T.index, T.nps],
        c.units.map((u) => [h('td', {}, u.name[L] ?? u.node), side(u.pulse), side(u.nps)]),
      ),
    ),
    ...(points.length ? [scatter(points)] : []),
    h('p', {}, c.correlation.r === null ? T.noCorrelation : fill(T.correlation, { r: num(c.correlation.r), n: c.correlation.n })),
    h('p', { class: 'notice' }, T.notCausation),
  );
}

/** The open-a-round form, for a unit the token may write to. */
function setUpOpen(node: string, canWrite: boolean): void {
  const isUnit = org.nodes.get(node)?.kind === 'unit';
  byId('open-view').hidden = !(canWrite && isUnit);
}

async function show(node: string, canWrite: boolean): Promise<void> {
  say(T.loading);
  showError();
  byId('results-view').hidden = true;
  setUpOpen(node, canWrite);
  try {
    await Promise.all([loadRounds(node), loadCompare(node)]);
    say('');
  } catch (e) {
    say('');
    showError(e);
  }
}

async function main(): Promise<void> {
  const c = await startSignedIn('pulse:read');
  if (!c) return;
  const canWrite = typeof c.scope === 'string' && c.scope.split(' ').some((s) => s.endsWith('/pulse:write'));
  const scope = org.scopeOf(heldNodes(c));
  const picker = byId<HTMLSelectElement>('f-node');
  fillPicker(picker, scope, org.depth, nodeName);
  const wanted = new URLSearchParams(location.search).get('node');
  picker.value = wanted && scope.includes(wanted) ? wanted : (scope[0] ?? '');
  byId('threshold-note').textContent = fill(T.thresholdNote, { min: cfg.thresholds.minAnswers, text: cfg.thresholds.minAnswersForText });
  const surveys = byId<HTMLSelectElement>('o-survey');
  surveys.replaceChildren(...cfg.surveys.map((s) => h('option', { value: s.id }, s.name)));
  byId<HTMLInputElement>('o-opens').value = cfg.today;
  byId('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams({ lang: L, node: picker.value });
    history.replaceState(null, '', `${location.pathname}?${q.toString()}`);
    for (const a of document.querySelectorAll<HTMLAnchorElement>('a[hreflang]'))
      a.search = `?${new URLSearchParams({ lang: a.hreflang, node: picker.value }).toString()}`;
    void show(picker.value, canWrite);
  });
  byId('open').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const body = {
      nodeId: picker.value,
      surveyId: String(f.get('surveyId')),
      opensOn: String(f.get('opensOn')),
      closesOn: String(f.get('closesOn')),
      staffCount: Number(f.get('staffCount')),
    };
    void staffApi<Opened>(PULSE_ROUNDS_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(
      (r) => {
        byId('opened').replaceChildren(
          h('p', {}, fill(T.opened, { n: r.codes.length })),
          h('p', {}, h('a', { href: `${r.sheetUrl}?lang=${L}` }, T.sheetLink)),
        );
        void loadRounds(picker.value);
      },
      (err: unknown) => showError(err),
    );
  });
  if (picker.value) await show(picker.value, canWrite);
}

void main();
