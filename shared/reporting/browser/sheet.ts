/**
 * The figures of the view as sheets: each table on the page (and the key figures) is built from one,
 * and the download writes the same sheets as CSV. One source for both, so the file holds exactly what
 * is on screen, hidden cells included, with numbers as numbers a spreadsheet can use.
 */
import { csvDocument, type CsvValue } from '../csv.ts';
import { T } from './config.ts';
import { h } from '../../platform/browser/dom.ts';
import { dec, fmtCi, fmtNps, int, pct } from './format.ts';

/** How a column's values are written: text, a count, an NPS, an interval, a share 0…1 or a mean. */
export type Kind = 'text' | 'int' | 'nps' | 'ci' | 'pct' | 'dec';

/**
 * A cell: a number (an interval as its bounds), null when there is none (a dash on the page, empty in
 * the file), or text shown as it is in any column (names, and the words that stand for hidden figures).
 */
export type Value = string | number | readonly [number, number] | null;

/** A column: heading and kind. */
export interface Column {
  head: string;
  kind: Kind;
}

/** A table of the view. The first column names the row. */
export interface Sheet {
  caption: string;
  columns: Column[];
  rows: Value[][];
}

/** A cell as the page shows it. */
export function cellText(v: Value, kind: Kind): string {
  if (typeof v === 'string') return v;
  if (v === null) return '–';
  if (kind === 'ci') return fmtCi(v as [number, number]);
  const n = v as number;
  return kind === 'int' ? int.format(n) : kind === 'nps' ? fmtNps(n) : kind === 'pct' ? pct.format(n) : dec.format(n);
}

// Decimals as the page writes them: the CSV's `;` separator is there for spreadsheets in a Finnish
// locale, which read "4,3" as a number and "4.3" as a date.
const decimalMark = dec.format(1.5).replace(/\d/g, '');

/** A cell's fields in the CSV: numbers unformatted (an interval as its two bounds), words and text as shown. */
function csvCells(v: Value, kind: Kind): CsvValue[] {
  const width = kind === 'ci' ? 2 : 1;
  if (typeof v === 'string') return [v, ...Array<CsvValue>(width - 1).fill('')];
  if (v === null) return Array<CsvValue>(width).fill('');
  if (kind === 'ci') return (v as [number, number]).map(Math.round);
  if (kind === 'pct') return [Math.round((v as number) * 100)];
  if (kind === 'dec') return [(Math.round((v as number) * 10) / 10).toFixed(1).replace('.', decimalMark)];
  return [v as number];
}

function csvHead(c: Column): string[] {
  if (c.kind === 'ci') return [`${c.head}, ${T.ciLow}`, `${c.head}, ${T.ciHigh}`];
  return [c.kind === 'pct' ? `${c.head} (%)` : c.head];
}

/** What a table may add to its sheet: the first cell's content (a link) and a last, decorative cell. */
export interface TableExtras {
  cls?: string;
  rowHead?: (row: number) => Node | string;
  after?: (row: number) => HTMLElement;
  afterHead?: HTMLElement;
}

/**
 * A sheet as an HTML table in a box of its own that scrolls sideways (focusable, so keyboard users can
 * scroll it too), its first column kept in view: a phone never scrolls the whole page.
 */
export function sheetTable(s: Sheet, x: TableExtras = {}): HTMLElement {
  const num = (i: number) => (i && s.columns[i]!.kind !== 'text' ? 'num' : undefined);
  return h(
    'div',
    { class: 'tablebox', role: 'region', 'aria-label': s.caption, tabindex: 0 },
    h(
      'table',
      { class: x.cls },
      h('caption', {}, s.caption),
      h('thead', {}, h('tr', {}, ...s.columns.map((c, i) => h('th', { scope: 'col', class: num(i) }, c.head)), x.afterHead)),
      h(
        'tbody',
        {},
        ...s.rows.map((r, row) =>
          h(
            'tr',
            {},
            ...r.map((v, i) =>
              i === 0
                ? h('th', { scope: 'row' }, x.rowHead ? x.rowHead(row) : cellText(v, s.columns[0]!.kind))
                : h('td', { class: num(i) }, cellText(v, s.columns[i]!.kind)),
            ),
            x.after?.(row),
          ),
        ),
      ),
    ),
  );
}

/** The view's sheets as one CSV file: each sheet's caption, header and rows, a blank line between sheets. */
export function sheetsCsv(title: string, sheets: Sheet[]): string {
  const rows: CsvValue[][] = [[title]];
  for (const s of sheets) {
    rows.push([], [s.caption], s.columns.flatMap(csvHead));
    for (const r of s.rows) rows.push(r.flatMap((v, i) => csvCells(v, s.columns[i]!.kind)));
  }
  const [first, ...rest] = rows;
  return csvDocument(first as string[], rest);
}
