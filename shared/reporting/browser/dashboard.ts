/**
 * The dashboard's browser script: the entry esbuild bundles into the one inline script of `/admin`
 * (lib/browser-bundles.ts; dashboard-page.ts serves it under a CSP hash). It takes the token from
 * the sign-in redirect (signin.ts), reads the org nodes the token names, fills the node picker with
 * those nodes and everything below them, fetches the reporting API (api.ts) and draws the report
 * (render.ts, chart.ts), keeping node and period — whole closed months (months.ts) — in the URL
 * (state.ts).
 *
 * Only types and plain constants come from the server's modules (`import type`, api-contract.ts,
 * dashboard-config.ts, dashboard-text.ts's `fill`): the bundle must not pull in server code.
 */
import { fillPicker, heldNodes } from '../../platform/browser/staff-org.ts';
import { fill } from '../dashboard-text.ts';
import { report, ApiError } from './api.ts';
import { cfg, L, T } from './config.ts';
import { byId, h } from '../../platform/browser/dom.ts';
import { fmtMonths, hidden } from './format.ts';
import { firstDay, previousPeriod, snapPeriod } from './months.ts';
import { renderDigest, renderThemes } from './themes.ts';
import { childrenOf, depth, nodes, scope, setScope } from './org.ts';
import {
  kpiSheet,
  kpis,
  renderChildren,
  renderCrumbs,
  renderGroups,
  renderStatements,
  renderTrend,
  showError,
  type NodeLink,
} from './render.ts';
import { type Sheet, sheetsCsv } from './sheet.ts';
import { showSignIn, startSignedIn } from '../../platform/browser/staff-signin.ts';
import { readState, viewHref, type ViewState } from './state.ts';

/** The view on screen and its sheets, in page order: what the download writes. */
let shown: { state: ViewState; title: string; sheets: Sheet[] } | undefined;

/** Writes the view's sheets as a CSV file the browser saves. */
function download(): void {
  if (!shown) return;
  const { state, title, sheets } = shown;
  const url = URL.createObjectURL(new Blob([sheetsCsv(title, sheets)], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: `palaute-${state.node}-${state.from.slice(0, 7)}-${state.to.slice(0, 7)}.csv` });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * When the URL names no start month, the default twelve months are cut to begin at the first month
 * with answers (or hidden ones), so two months of data do not come with ten empty months before them.
 * The cut start goes into the URL, as if it had been picked.
 */
async function fitDefaultStart(s: ViewState): Promise<ViewState> {
  if (new URLSearchParams(location.search).has('from')) return s;
  const { series } = await report('nps', { node: s.node, from: s.from, to: s.to, granularity: 'month' });
  const first = series.find((c) => hidden(c) || c.n > 0);
  if (!first || firstDay(first.period) <= s.from) return s;
  const fitted = { ...s, from: firstDay(first.period) };
  history.replaceState(null, '', viewHref(fitted));
  return fitted;
}

/** Puts the view into the filter form and the language links. */
function syncControls(s: ViewState): void {
  const form = byId<HTMLFormElement>('filters');
  const sel = form.elements.namedItem('node') as HTMLSelectElement;
  sel.value = scope.includes(s.node) ? s.node : '';
  // The month inputs take YYYY-MM; a value that is no date (a hand-edited URL) leaves them empty.
  (form.elements.namedItem('from') as HTMLInputElement).value = s.from.slice(0, 7);
  (form.elements.namedItem('to') as HTMLInputElement).value = s.to.slice(0, 7);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[hreflang]')) a.href = viewHref(s, a.hreflang);
}

function go(s: ViewState): void {
  history.pushState(null, '', viewHref(s));
  void load(true);
}

/** A link to another node of the report that stays on the page (and still opens in a new tab). */
const nodeLink: NodeLink = (id, text, current) => {
  const a = h('a', { href: viewHref({ ...current, node: id }) }, text);
  a.addEventListener('click', (e) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go({ ...current, node: id });
  });
  return a;
};

let generation = 0;
/** Loads and draws the view the URL names; a newer load wins over one still under way. */
async function load(focus = false): Promise<void> {
  let s = readState();
  const mine = ++generation;
  syncControls(s);
  const node = nodes.get(s.node);
  byId('status').textContent = T.loading;
  byId('report').setAttribute('aria-busy', 'true');
  byId('error').replaceChildren();
  if (s.from > s.to) {
    byId('status').textContent = '';
    byId('report').removeAttribute('aria-busy');
    return showError(T.rangeInvalid);
  }
  try {
    s = await fitDefaultStart(s);
    if (mine !== generation) return;
    syncControls(s);
    const range = { node: s.node, from: s.from, to: s.to };
    const prev = previousPeriod(s.from, s.to);
    const [nps, st, ch, channels, roles, themes, prevThemes, digest] = await Promise.all([
      report('nps', { ...range, granularity: 'month' }),
      report('statements', range),
      node && childrenOf(node.id).length ? report('children', range) : Promise.resolve(undefined),
      report('breakdown', { ...range, by: 'channel' }),
      report('breakdown', { ...range, by: 'role' }),
      report('themes', { ...range, lang: L }),
      report('themes', { node: s.node, ...prev, lang: L }),
      report('digest', { node: s.node, month: s.to.slice(0, 7), lang: L }),
    ]);
    if (mine !== generation) return;
    const nodeName = node?.name ?? s.node;
    byId('report').hidden = false;
    byId('node-kind').textContent = node ? T[node.kind] : '';
    byId('node-name').textContent = nodeName;
    renderCrumbs(s, nodeLink);
    // The posters of the node shown: the page carries the route's path template, so no path is spelt here.
    const posters = byId<HTMLAnchorElement>('posters');
    posters.href = fill(posters.dataset.href ?? '', { poster: `${s.node}.pdf` });
    byId('kpis').replaceChildren(kpis(nps.total));
    const sheets = [
      kpiSheet(nps.total, nodeName, s),
      renderTrend(nps, s),
      renderChildren(ch, s, nodeLink),
      renderStatements(st.statements),
      renderGroups('channels', T.channelsTitle, channels, (g) => (T as Record<string, string>)[`channel_${g}`] ?? g),
      renderGroups('roles', T.rolesTitle, roles, (g) => (T as Record<string, string>)[`role_${g}`] ?? g),
      renderThemes(themes, prevThemes, s, prev),
    ].filter((x) => x !== undefined);
    renderDigest(digest);
    const loadedText = fill(T.loaded, { node: nodeName, period: fmtMonths(s.from, s.to) });
    shown = { state: s, title: loadedText, sheets };
    byId('status').textContent = loadedText;
    if (focus) byId('node-title').focus();
  } catch (e) {
    if (mine !== generation) return;
    byId('status').textContent = '';
    const err = e instanceof ApiError ? e : new ApiError(0, '');
    if (err.status === 401) return showSignIn('expired');
    showError(
      err.status === 403
        ? T.forbidden
        : err.status === 404
          ? T.notFound
          : err.status === 400
            ? fill(T.badRequest, { detail: err.detail })
            : T.error,
    );
  } finally {
    if (mine === generation) byId('report').removeAttribute('aria-busy');
  }
}

async function main(): Promise<void> {
  const c = await startSignedIn();
  if (!c) return;
  setScope(heldNodes(c));
  fillPicker(byId<HTMLFormElement>('filters').elements.namedItem('node') as HTMLSelectElement, scope, depth, (id) => nodes.get(id)!.name);
  byId('download').addEventListener('click', download);
  byId<HTMLFormElement>('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    // Months in, days out: from the first day of the first month to the last day of the last.
    go({ node: String(f.get('node')), ...snapPeriod(String(f.get('from')), String(f.get('to')), cfg.lastClosedMonth) });
  });
  addEventListener('popstate', () => void load(true));
  await load();
}

void main();
