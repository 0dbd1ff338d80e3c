/**
 * The report's parts: key figures, trend, lower levels, statements, channel and respondent mix,
 * breadcrumb and errors. Every chart has a data table under "show as table".
 */
import { fill } from '../dashboard-text.ts';
import type { BreakdownReport, ChildrenReport, NpsCell, NpsReport, StatementRow } from '../report.ts';
import { cfg, L, T } from './config.ts';
import { byId, h } from '../../platform/browser/dom.ts';
import { dec, fmtCi, fmtMonths, fmtNps, fmtPeriod, hidden, int, pct } from './format.ts';
import { nodes, scope } from './org.ts';
import { trendChart } from './chart.ts';
import type { ViewState } from './state.ts';

/** A link to another node of the report that stays on the page (dashboard.ts). */
export type NodeLink = (id: string, text: string, current: ViewState) => HTMLElement;

const table = (caption: string, head: string[], rows: (string | Node)[][], firstIsHeader = true) =>
  h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c, i) => h('th', { scope: 'col', class: i ? 'num' : undefined }, c)))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          ...r.map((c, i) => (i === 0 && firstIsHeader ? h('th', { scope: 'row' }, c) : h('td', { class: i ? 'num' : undefined }, c))),
        ),
      ),
    ),
  );
const asTable = (t: HTMLElement) => h('details', {}, h('summary', {}, T.showTable), t);
const figuresRow = (c: NpsCell): string[] =>
  hidden(c)
    ? [T.suppressed, '', '', '', '', '']
    : [int.format(c.n), fmtNps(c.nps), fmtCi(c.ci95), int.format(c.promoters), int.format(c.passives), int.format(c.detractors)];

function legendItem(cls: string, text: string): HTMLElement {
  return h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
}

/**
 * The key figures of the period: NPS, interval, answers and the three shares. A total over several
 * months is hidden when the node is hidden in any of them, however many answers it holds, so it says
 * "hidden to protect small numbers" rather than "fewer than 5 answers"; so do the other figures over
 * the period (children, statements, groups), in cells as one word.
 */
export function kpis(total: NpsCell): HTMLElement {
  if (hidden(total)) return h('p', { class: 'kpi-note' }, `${T.npsTotal}: ${T.suppressedOver}`);
  if (!total.n) return h('p', { class: 'kpi-note' }, T.noData);
  const share = (x: number) => pct.format(x / total.n);
  const kpi = (label: string, value: string, cls = '') => h('div', { class: `kpi ${cls}` }, h('dt', {}, label), h('dd', {}, value));
  return h(
    'dl',
    { class: 'kpis' },
    kpi(T.npsTotal, fmtNps(total.nps), 'big'),
    kpi(T.ci, fmtCi(total.ci95)),
    kpi(T.npsAnswers, int.format(total.n)),
    kpi(T.promoters, share(total.promoters), 'pro'),
    kpi(T.passives, share(total.passives), 'pas'),
    kpi(T.detractors, share(total.detractors), 'det'),
  );
}

/** The trend chart, one point per month, its legend and its table. */
export function renderTrend(r: NpsReport, s: ViewState): void {
  const label = fill(T.trendLabel, { period: fmtMonths(s.from, s.to) });
  const box = byId('trend');
  box.replaceChildren(
    trendChart(r.series, label, box.clientWidth),
    h(
      'ul',
      { class: 'legend' },
      legendItem('sw-line', 'NPS'),
      legendItem('sw-band', T.ci),
      r.series.some(hidden) ? h('li', {}, T.suppressedNote) : null,
    ),
    asTable(
      table(
        label,
        [T.month, T.npsAnswers, 'NPS', T.ci, T.promoters, T.passives, T.detractors],
        r.series.map((c) => [fmtPeriod(c.period), ...figuresRow(c)]),
      ),
    ),
  );
}

/** The lower levels with their NPS and interval, each a link to drill down; hidden when there are none. */
export function renderChildren(r: ChildrenReport | undefined, s: ViewState, link: NodeLink): void {
  const sec = byId('children-section');
  sec.hidden = !r || r.children.length === 0;
  if (!r || sec.hidden) return;
  const num = (v: string) => h('td', { class: 'num' }, v);
  const bar = (c: NpsCell) => {
    if (hidden(c) || c.nps === null) return null;
    const v = Math.max(-100, Math.min(100, c.nps));
    const at = (n: number) => 50 + Math.max(-100, Math.min(100, n)) / 2;
    return h(
      'span',
      { class: 'nbar' },
      h('span', { class: v < 0 ? 'neg' : 'pos', style: `width:${Math.abs(v) / 2}%;${v < 0 ? 'right' : 'left'}:50%` }),
      c.ci95 ? h('span', { class: 'ci', style: `left:${at(c.ci95[0])}%;width:${at(c.ci95[1]) - at(c.ci95[0])}%` }) : null,
    );
  };
  const rows = r.children.map((c) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, link(c.node, c.name[L], s)),
      ...(hidden(c)
        ? [h('td', { colspan: 3, class: 'num' }, T.suppressedCell)]
        : [num(int.format(c.n)), num(fmtNps(c.nps)), num(fmtCi(c.ci95))]),
      h('td', { class: 'barcol', 'aria-hidden': 'true' }, bar(c)),
    ),
  );
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, T.name),
    ...[T.npsAnswers, 'NPS', T.ci].map((x) => h('th', { scope: 'col', class: 'num' }, x)),
    h('td', { class: 'barcol', 'aria-hidden': 'true' }),
  );
  byId('children').replaceChildren(
    h(
      'table',
      { class: 'children' },
      h('caption', {}, fill(T.childrenCaption, { node: nodes.get(s.node)?.name ?? s.node })),
      h('thead', {}, head),
      h('tbody', {}, ...rows),
    ),
  );
}

/** The statements: shares of 1–5 as stacked bars, share agreeing and mean, and their table. */
export function renderStatements(rows: StatementRow[]): void {
  const box = byId('statements');
  if (!rows.length) return void box.replaceChildren(h('p', {}, T.noData));
  const list = h('ul', { class: 'stmts' });
  for (const r of rows) {
    const text = r.text?.[L] ?? r.id;
    if (hidden(r)) {
      list.append(h('li', {}, h('p', { class: 'st-label' }, text), h('p', { class: 'st-fig' }, T.suppressedOver)));
      continue;
    }
    const stack = h('span', { class: 'stack', 'aria-hidden': 'true' });
    r.values.forEach((v, i) => {
      if (!r.n || !v) return;
      const share = v / r.n;
      stack.append(h('span', { class: `seg s${i + 1}`, style: `width:${share * 100}%` }, share >= 0.09 ? pct.format(share) : ''));
    });
    list.append(
      h(
        'li',
        {},
        h('p', { class: 'st-label' }, text),
        stack,
        h(
          'p',
          { class: 'st-fig' },
          r.n ? `${T.agree} ${pct.format(r.shareAgreeing ?? 0)} · ${T.mean} ${dec.format(r.mean ?? 0)} · n ${int.format(r.n)}` : T.noData,
        ),
      ),
    );
  }
  const legend = h('ul', { class: 'legend' }, ...cfg.scale.map((label, i) => legendItem(`s${i + 1}`, `${i + 1} ${label}`)));
  const t = table(
    T.statementsCaption,
    [T.statement, '1', '2', '3', '4', '5', T.cantSay, T.agree, T.mean],
    rows.map((r) =>
      hidden(r)
        ? [r.text?.[L] ?? r.id, h('span', {}, T.suppressedCell), '', '', '', '', '', '', '']
        : [
            r.text?.[L] ?? r.id,
            ...r.values.map((v) => int.format(v)),
            int.format(r.cantSay),
            r.shareAgreeing === null ? '–' : pct.format(r.shareAgreeing),
            r.mean === null ? '–' : dec.format(r.mean),
          ],
    ),
  );
  box.replaceChildren(legend, list, asTable(t));
}

/**
 * A breakdown (channels or respondent roles) as bars of their shares, and its table. The groups are
 * sums of the units' shown group cells, so the bars hold only part of the answers when some cells are
 * hidden: a note under them says how many are left out (`hiddenN`), so the shares are not read as the
 * whole node's.
 */
export function renderGroups(id: string, title: string, r: BreakdownReport, name: (g: string) => string): void {
  const shownTotal = r.groups.reduce((sum, g) => sum + (hidden(g) ? 0 : g.n), 0);
  const groups = r.groups.filter((g) => hidden(g) || g.n > 0);
  if (!groups.length) return void byId(id).replaceChildren(h('p', {}, T.noData));
  const bars = h(
    'ul',
    { class: 'bars' },
    ...groups.map((g) =>
      h(
        'li',
        {},
        h('span', { class: 'bar-label' }, name(g.group)),
        h(
          'span',
          { class: 'bar', 'aria-hidden': 'true' },
          hidden(g) ? null : h('span', { style: `width:${shownTotal ? (g.n / shownTotal) * 100 : 0}%` }),
        ),
        h('span', { class: 'bar-fig' }, hidden(g) ? T.suppressedCell : `${int.format(g.n)} · NPS ${fmtNps(g.nps)}`),
      ),
    ),
  );
  const note = r.hiddenN ? h('p', { class: 'bars-note' }, fill(T.hiddenInGroups, { n: int.format(r.hiddenN) })) : null;
  const t = table(
    title,
    [T.group, T.npsAnswers, T.share, 'NPS', T.ci],
    groups.map((g) =>
      hidden(g)
        ? [name(g.group), T.suppressedCell, '', '', '']
        : [name(g.group), int.format(g.n), shownTotal ? pct.format(g.n / shownTotal) : '–', fmtNps(g.nps), fmtCi(g.ci95)],
    ),
  );
  byId(id).replaceChildren(...[bars, note, asTable(t)].filter((x) => x !== null));
}

/** The path from the highest node in scope down to the shown one; hidden when it is one step. */
export function renderCrumbs(s: ViewState, link: NodeLink): void {
  const line: string[] = [];
  for (let id: string | undefined = s.node; id; id = nodes.get(id)?.parentId) line.unshift(id);
  const visible = line.filter((id) => scope.includes(id));
  byId('crumbs').parentElement!.hidden = visible.length < 2;
  byId('crumbs').replaceChildren(
    ...visible.map((id) =>
      h('li', {}, id === s.node ? h('span', { 'aria-current': 'page' }, nodes.get(id)!.name) : link(id, nodes.get(id)!.name, s)),
    ),
  );
}

/** Hides the report and shows what went wrong. */
export function showError(text: string): void {
  byId('report').hidden = true;
  byId('error').replaceChildren(h('div', { class: 'error-box' }, h('h2', {}, T.errorTitle), h('p', {}, text)));
}
