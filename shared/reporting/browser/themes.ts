/**
 * The themes panel and the monthly digest of the dashboard. The panel draws each theme's comments as
 * a bar split by sentiment (the same segments as the statements), with the change against the
 * previous period of as many months, and its data table; the digest lists the last month's top
 * themes, development ideas and example comments (masked by the API). Hidden cells say so in words.
 */
import { fill } from '../dashboard-text.ts';
import type { DigestReport } from '../digest.ts';
import type { ThemeRow, ThemesReport } from '../themes-report.ts';
import type { Sentiment } from '../../text/index.ts';
import { byId, h } from '../../platform/browser/dom.ts';
import { T } from './config.ts';
import { fmtMonth, fmtMonths, hidden, int, pct } from './format.ts';
import { type Column, type Sheet, sheetTable, type Value } from './sheet.ts';
import type { ViewState } from './state.ts';

/** Sentiments in the order the bars show them, each with the statements' segment colour it borrows. */
const SEGMENTS: readonly [Sentiment, string][] = [
  ['positive', 's5'],
  ['neutral', 's3'],
  ['mixed', 's2'],
  ['negative', 's1'],
];

type Shown = Extract<ThemeRow, { n: number }>;

/** A signed change in whole numbers ("+3", "−2", "0"), or words when there is none to show. */
function fmtChange(change: number | null): string {
  if (change === null) return T.notComparable;
  return change > 0 ? `+${int.format(change)}` : change < 0 ? `−${int.format(-change)}` : '0';
}

/** The change of a theme against the previous period, null when either cell is hidden. */
function changeOf(row: ThemeRow, prev: ThemesReport): number | null {
  const before = prev.themes.find((t) => t.id === row.id);
  return hidden(row) || !before || hidden(before) ? null : row.n - before.n;
}

/** Draws the themes panel; returns its sheet for the download. */
export function renderThemes(r: ThemesReport, prev: ThemesReport, s: ViewState, prevPeriod: { from: string; to: string }): Sheet {
  const box = byId('themes');
  const rows = [...r.themes]
    .filter((t) => hidden(t) || t.n > 0)
    .sort((a, b) => (hidden(a) ? 1 : 0) - (hidden(b) ? 1 : 0) || (hidden(a) || hidden(b) ? 0 : (b as Shown).n - (a as Shown).n));
  const sheet: Sheet = {
    caption: fill(T.themesCaption, { period: fmtMonths(s.from, s.to) }),
    columns: [
      { head: T.theme, kind: 'text' },
      { head: T.comments, kind: 'int' },
      ...SEGMENTS.map(([sent]): Column => ({ head: T[`sentiment_${sent}`], kind: 'int' })),
      { head: fill(T.previousPeriod, { period: fmtMonths(prevPeriod.from, prevPeriod.to) }), kind: 'int' },
      { head: T.change, kind: 'int' },
    ],
    rows: rows.map((t): Value[] => {
      const before = prev.themes.find((p) => p.id === t.id);
      const prevN = before && !hidden(before) ? before.n : T.suppressedCell;
      // A change is shown only where both periods are; a hidden cell on either side leaves it empty.
      return hidden(t)
        ? [t.label, T.suppressedCell, '', '', '', '', prevN, '']
        : [t.label, t.n, ...SEGMENTS.map(([sent]) => t[sent]), prevN, changeOf(t, prev) ?? ''];
    }),
  };
  const total = hidden(r.total) ? T.suppressedOver : int.format(r.total.n);
  if (!rows.length) {
    box.replaceChildren(h('p', {}, hidden(r.total) ? `${T.themesTitle}: ${T.suppressedOver}` : T.noComments));
    return sheet;
  }
  const legend = h(
    'ul',
    { class: 'legend' },
    ...SEGMENTS.map(([sent, cls]) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), T[`sentiment_${sent}`])),
  );
  const list = h('ul', { class: 'stmts' });
  for (const t of rows) {
    if (hidden(t)) {
      list.append(h('li', {}, h('p', { class: 'st-label' }, t.label), h('p', { class: 'st-fig' }, T.suppressedOver)));
      continue;
    }
    const stack = h('div', { class: 'stack', 'aria-hidden': 'true' });
    for (const [sent, cls] of SEGMENTS) {
      const share = t.n ? t[sent] / t.n : 0;
      if (share > 0)
        stack.append(h('span', { class: `seg ${cls}`, style: `width:${share * 100}%` }, share >= 0.09 ? pct.format(share) : ''));
    }
    list.append(
      h(
        'li',
        {},
        h('p', { class: 'st-label' }, t.label),
        stack,
        h(
          'p',
          { class: 'st-fig' },
          `n ${int.format(t.n)} · ${SEGMENTS.map(([sent]) => `${T[`sentiment_${sent}`]} ${int.format(t[sent])}`).join(' · ')} · ${T.change} ${fmtChange(changeOf(t, prev))}`,
        ),
      ),
    );
  }
  box.replaceChildren(
    h('p', { class: 'hint' }, T.themesLead),
    h('p', {}, fill(T.commentsTotal, { n: total })),
    legend,
    list,
    h('details', {}, h('summary', {}, T.showTable), sheetTable(sheet)),
  );
  return sheet;
}

/** Draws the digest of the period's last month. */
export function renderDigest(d: DigestReport): void {
  byId('digest-h').textContent = fill(T.digestTitle, { month: fmtMonth(d.month) });
  const box = byId('digest');
  if (hidden(d.total)) return void box.replaceChildren(h('p', {}, T.digestHidden));
  if (!d.topThemes.length) return void box.replaceChildren(h('p', {}, T.noComments));
  const quotes = (comments: string[]) =>
    comments.length ? h('ul', { class: 'quotes', 'aria-label': T.examples }, ...comments.map((c) => h('li', {}, h('q', {}, c)))) : null;
  box.replaceChildren(
    h('p', { class: 'hint' }, T.digestLead),
    h('h4', {}, T.topThemes),
    h(
      'ol',
      { class: 'digest' },
      ...d.topThemes.map((t) =>
        h(
          'li',
          {},
          h(
            'p',
            { class: 'st-label' },
            h('strong', {}, t.label),
            ` · n ${int.format(t.n)} · `,
            fill(T.vsPrevious, { change: fmtChange(t.change) }),
          ),
          quotes(t.comments),
        ),
      ),
    ),
    h('h4', {}, T.developmentIdeas),
    d.developmentIdeas.length
      ? h(
          'ul',
          { class: 'digest' },
          ...d.developmentIdeas.map((i) =>
            h('li', {}, h('p', { class: 'st-label' }, h('strong', {}, i.label), ` · n ${int.format(i.n)}`), quotes(i.comments)),
          ),
        )
      : h('p', {}, T.noIdeas),
  );
}
