/**
 * Output helpers: Markdown tables, so the printed report can be pasted into a GitHub issue as is, and
 * the target records every section hands back for the final summary.
 */

/** One target of the bench: what was measured against which limit, and whether it held. */
export interface TargetResult {
  name: string;
  measured: string;
  limit: string;
  pass: boolean;
}

/** A finished section: its printed lines and its targets. */
export interface SectionReport {
  title: string;
  lines: string[];
  targets: TargetResult[];
}

/** PASS or FAIL, the word the summary and the tables use. */
export function verdict(pass: boolean): 'PASS' | 'FAIL' {
  return pass ? 'PASS' : 'FAIL';
}

/** Kibibytes with one decimal; the targets' "KB" are 1,024 bytes. */
export function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

/** Milliseconds with a precision that suits the magnitude. */
export function ms(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/**
 * A Markdown table with padded columns: readable in a terminal and rendered by GitHub. `right` lists
 * the numeric columns, right-aligned in both.
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = []): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length), 3));
  const cell = (text: string, i: number) => (right.includes(i) ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const line = (cells: readonly string[]) => `| ${headers.map((_, i) => cell(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right.includes(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)];
}
