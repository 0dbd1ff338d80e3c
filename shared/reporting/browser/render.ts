/**
 * The report's parts: key figures, trend, lower levels, statements, channel and respondent mix,
 * breadcrumb and errors. Every chart has a data table under "show as table".
 */
import { fill } from '../dashboard-text.ts';
import type { BreakdownReport, ChildrenReport, NpsCell, NpsReport, StatementRow } from '../report.ts';
import { cfg, L, T } from './config.ts';
import { byId, h } from '../../platform/browser/dom.ts';
import { dec, fmtCi, fmtDay, fmtMonth, fmtMonths, fmtNps, fmtPeriod, hidden, int, pct } from './format.ts';
import { type Column, type Sheet, sheetTable, type Value } from './sheet.ts';
import { nodes, scope } from './org.ts';
import { trendChart } from './chart.ts';
import type { ViewState } from './state.ts';

/** A link to another node of the report that stays on the page (dashboard.ts). */
export type NodeLink = (id: string, text: string, current: ViewState) => HTMLElement;

const asTable = (t: HTMLElement) => h('details', {}, h('summary', {}, T.showTable), t);
/** The columns of an NPS cell's figures, after the one naming the row. */
const figureColumns = (): Column[] => [
  { head: T.npsAnswers, kind: 'int' },
  { head: 'NPS', kind: 'nps' },
  { head: T.ci, kind: 'ci' },
  { head: T.promoters, kind: 'int' },
  { head: T.passives, kind: 'int' },
  { head: T.detractors, kind: 'int' },
];
const figuresRow = (c: NpsCell): Value[] =>
  hidden(c) ? [T.suppressed, '', '', '', '', ''] : [c.n, c.nps, c.ci95, c.promoters, c.passives, c.detractors];

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

/**
 * The key figures as a sheet for the download, with the words the page shows when there are none:
 * shares as in the key figures, counts as in the trend's table.
 */
export function kpiSheet(total: NpsCell, nodeName: string, s: ViewState): Sheet {
  const columns: Column[] = [
    { head: T.name, kind: 'text' },
    { head: T.npsTotal, kind: 'nps' },
    { head: T.ci, kind: 'ci' },
    { head: T.npsAnswers, kind: 'int' },
    { head: T.promoters, kind: 'pct' },
    { head: T.passives, kind: 'pct' },
    { head: T.detractors, kind: 'pct' },
  ];
  const row: Value[] = hidden(total)
    ? [nodeName, T.suppressedOver, '', '', '', '', '']
    : !total.n
      ? [nodeName, T.noData, '', '', '', '', '']
      : [nodeName, total.nps, total.ci95, total.n, total.promoters / total.n, total.passives / total.n, total.detractors / total.n];
  return { caption: `${T.keyFigures}, ${fmtMonths(s.from, s.to)}`, columns, rows: [row] };
}

/**
 * The months of the trend's range that are not reported yet: when the range ends at the newest
 * reported month, the months after it up to today, which the chart draws dashed and says when the
 * next one comes.
 */
function unreportedAfter(s: ViewState): typeof cfg.unreported {
  return s.to.slice(0, 7) === cfg.lastClosedMonth ? cfg.unreported : [];
}

/** The trend chart, one point per month with its count, its legend and its table; returns the table's sheet. */
export function renderTrend(r: NpsReport, s: ViewState): Sheet {
  const label = fill(T.trendLabel, { period: fmtMonths(s.from, s.to) });
  const box = byId('trend');
  const pending = unreportedAfter(s);
  const sheet: Sheet = {
    caption: label,
    columns: [{ head: T.month, kind: 'text' }, ...figureColumns()],
    rows: r.series.map((c) => [fmtPeriod(c.period), ...figuresRow(c)]),
  };
  box.replaceChildren(
    trendChart(
      r.series,
      pending.map((p) => p.month),
      label,
      box.clientWidth,
    ),
    h(
      'ul',
      { class: 'legend' },
      legendItem('sw-line', 'NPS'),
      legendItem('sw-band', T.ci),
      r.series.some((c) => !hidden(c) && c.n) ? h('li', {}, T.countLegend) : null,
      r.series.some(hidden) ? h('li', {}, T.suppressedNote) : null,
      pending.length ? legendItem('sw-pending', T.notReported) : null,
    ),
    ...(pending.length
      ? [
          h(
            'p',
            { class: 'pending-note', id: 'pending-note' },
            fill(T.unreportedNote, { days: cfg.reportLagDays, month: fmtMonth(pending[0]!.month), date: fmtDay(pending[0]!.from) }),
          ),
        ]
      : []),
    asTable(sheetTable(sheet)),
  );
  return sheet;
}

/** The lower levels with their NPS and interval, each a link to drill down; hidden when there are none. */
export function renderChildren(r: ChildrenReport | undefined, s: ViewState, link: NodeLink): Sheet | undefined {
  const sec = byId('children-section');
  sec.hidden = !r || r.children.length === 0;
  if (!r || sec.hidden) return undefined;
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
  const sheet: Sheet = {
    caption: fill(T.childrenCaption, { node: nodes.get(s.node)?.name ?? s.node }),
    columns: [
      { head: T.name, kind: 'text' },
      { head: T.npsAnswers, kind: 'int' },
      { head: 'NPS', kind: 'nps' },
      { head: T.ci, kind: 'ci' },
    ],
    rows: r.children.map((c): Value[] => (hidden(c) ? [c.name[L], T.suppressedCell, '', ''] : [c.name[L], c.n, c.nps, c.ci95])),
  };
  byId('children').replaceChildren(
    sheetTable(sheet, {
      cls: 'children',
      rowHead: (i) => link(r.children[i]!.node, r.children[i]!.name[L], s),
      after: (i) => h('td', { class: 'barcol', 'aria-hidden': 'true' }, bar(r.children[i]!)),
      afterHead: h('td', { class: 'barcol', 'aria-hidden': 'true' }),
    }),
  );
  return sheet;
}

/** The statements: shares of 1–5 as stacked bars, share agreeing and mean, and their table. */
export function renderStatements(rows: StatementRow[]): Sheet | undefined {
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
  const sheet: Sheet = {
    caption: T.statementsCaption,
    columns: [
      { head: T.statement, kind: 'text' },
      ...['1', '2', '3', '4', '5', T.cantSay].map((head): Column => ({ head, kind: 'int' })),
      { head: T.agree, kind: 'pct' },
      { head: T.mean, kind: 'dec' },
    ],
    rows: rows.map((r): Value[] =>
      hidden(r)
        ? [r.text?.[L] ?? r.id, T.suppressedCell, '', '', '', '', '', '', '']
        : [r.text?.[L] ?? r.id, ...r.values, r.cantSay, r.shareAgreeing, r.mean],
    ),
  };
  box.replaceChildren(legend, list, asTable(sheetTable(sheet)));
  return sheet;
}

/**
 * A breakdown (channels or respondent roles) as bars of their shares, and its table. The groups are
 * sums of the units' shown group cells, so the bars hold only part of the answers when some cells are
 * hidden: a note under them says how many are left out (`hiddenN`), so the shares are not read as the
 * whole node's.
 */
export function renderGroups(id: string, title: string, r: BreakdownReport, name: (g: string) => string): Sheet | undefined {
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
  const sheet: Sheet = {
    caption: title,
    columns: [
      { head: T.group, kind: 'text' },
      { head: T.npsAnswers, kind: 'int' },
      { head: T.share, kind: 'pct' },
      { head: 'NPS', kind: 'nps' },
      { head: T.ci, kind: 'ci' },
    ],
    rows: groups.map((g): Value[] =>
      hidden(g) ? [name(g.group), T.suppressedCell, '', '', ''] : [name(g.group), g.n, shownTotal ? g.n / shownTotal : null, g.nps, g.ci95],
    ),
  };
  byId(id).replaceChildren(...[bars, note, asTable(sheetTable(sheet))].filter((x) => x !== null));
  return sheet;
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
