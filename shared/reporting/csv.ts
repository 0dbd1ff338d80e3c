/**
 * CSV as RFC 4180 writes it, with the choices Finnish spreadsheet users need: `;` between fields
 * (Excel in a Finnish locale uses `,` as the decimal mark and `;` as the list separator), CRLF
 * line ends, and a UTF-8 byte order mark so that Excel reads ä, ö and å as UTF-8 rather than
 * Windows-1252 when the file is opened with a double click.
 */

/** Field separator of the exports. */
export const CSV_DELIMITER = ';';
/** UTF-8 byte order mark that starts every export. */
export const BOM = '\uFEFF';

/** A cell value: text, a number, or empty. */
export type CsvValue = string | number | null | undefined;

/**
 * One field: quoted when it holds the delimiter, a quote, CR or LF (quotes doubled); text that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading apostrophe.
 * Numbers are written as they are, so −12 stays a number.
 */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'number' ? String(v) : v;
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";,\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole file: the BOM, a header line, the rows, each line ended by CRLF. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return BOM + [header, ...rows].map((r) => `${r.map(csvField).join(CSV_DELIMITER)}\r\n`).join('');
}
