/** The NPS trend as inline SVG: no chart library, and the CSP allows no other script. */
import type { NpsCell, NpsFigures } from '../report.ts';
import { T } from './config.ts';
import { h } from '../../platform/browser/dom.ts';
import { fmtCi, fmtNps, fmtPeriod, hidden, int, signed } from './format.ts';

/**
 * The NPS trend: a line over the months with its 95 % band and each month's count of answers over its
 * point; hidden months leave a gap and say so. `pending` are the months after the series that are not
 * reported yet: dashed, labelled columns at the right end, so the chart never ends as if nothing came
 * after it.
 */
export function trendChart(series: NpsCell[], pending: string[], label: string, width: number): Element {
  // Drawn at the width it is shown at, so its text is the page's size; it still scales if resized.
  const W = Math.max(260, Math.round(width) || 760);
  const H = 300;
  const months = [...series.map((c) => c.period), ...pending];
  const widest = Math.max(...months.map((p) => fmtPeriod(p).length)) * 7.5 + 16;
  const m = { l: Math.max(48, widest / 2), r: Math.max(14, widest / 2 - 6), t: 14, b: 46 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const shown = series.filter((c): c is { period: string } & NpsFigures => !hidden(c) && c.nps !== null);
  let lo = Math.min(0, ...shown.map((c) => c.ci95?.[0] ?? c.nps!));
  let hi = Math.max(50, ...shown.map((c) => c.ci95?.[1] ?? c.nps!));
  lo = Math.max(-100, Math.floor(lo / 25) * 25);
  hi = Math.min(100, Math.ceil(hi / 25) * 25);
  const x = (i: number) => m.l + (months.length === 1 ? pw / 2 : (i * pw) / (months.length - 1));
  const step = months.length > 1 ? pw / (months.length - 1) : pw;
  const y = (v: number) => m.t + ((hi - v) * ph) / (hi - lo);
  const svg = h(
    'svg:svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'trend-title', class: 'chart' },
    h('svg:title', { id: 'trend-title' }, label),
  );
  // A hidden period is a shaded column marked "< 5", so the gap reads as "too few", not "none".
  const colW = Math.min(48, step * 0.7);
  series.forEach((c, i) => {
    if (hidden(c)) svg.append(h('svg:rect', { x: x(i) - colW / 2, y: m.t, width: colW, height: ph, class: 'supcol' }));
  });
  // Not reported yet: a dashed column with the words written up its middle.
  pending.forEach((p, j) => {
    const cx = x(series.length + j);
    svg.append(
      h(
        'svg:rect',
        { x: cx - colW / 2, y: m.t, width: colW, height: ph, class: 'pending' },
        h('svg:title', {}, `${fmtPeriod(p)}: ${T.notReported}`),
      ),
      h(
        'svg:text',
        { x: cx + 4, y: m.t + ph / 2, 'text-anchor': 'middle', transform: `rotate(-90 ${cx + 4} ${m.t + ph / 2})`, class: 'pending-label' },
        T.notReported,
      ),
    );
  });
  for (let v = lo; v <= hi; v += 25) {
    svg.append(
      h('svg:line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'gridline' }),
      h('svg:text', { x: m.l - 8, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, signed.format(v)),
    );
  }
  // Contiguous runs of shown periods: each gets its band and its line; a lone point gets a whisker.
  const runs: number[][] = [];
  series.forEach((c, i) => {
    const ok = !hidden(c) && c.nps !== null;
    if (ok && runs.length && runs[runs.length - 1]!.at(-1) === i - 1) runs[runs.length - 1]!.push(i);
    else if (ok) runs.push([i]);
  });
  const fig = (i: number) => series[i] as NpsFigures;
  for (const run of runs) {
    const withCi = run.filter((i) => fig(i).ci95);
    if (run.length > 1 && withCi.length === run.length) {
      const upper = run.map((i) => `${x(i)},${y(fig(i).ci95![1])}`);
      const lower = run.map((i) => `${x(i)},${y(fig(i).ci95![0])}`).reverse();
      svg.append(h('svg:polygon', { points: upper.concat(lower).join(' '), class: 'band' }));
    } else {
      for (const i of withCi)
        svg.append(h('svg:line', { x1: x(i), x2: x(i), y1: y(fig(i).ci95![0]), y2: y(fig(i).ci95![1]), class: 'whisker' }));
    }
    if (run.length > 1) svg.append(h('svg:polyline', { points: run.map((i) => `${x(i)},${y(fig(i).nps!)}`).join(' '), class: 'line' }));
  }
  for (const run of runs) {
    for (const i of run) {
      const c = fig(i);
      const cy = y(c.nps!);
      svg.append(
        h(
          'svg:circle',
          { cx: x(i), cy, r: 4.5, class: 'dot' },
          h('svg:title', {}, `${fmtPeriod(series[i]!.period)}: NPS ${fmtNps(c.nps)} (${fmtCi(c.ci95)}), n ${int.format(c.n)}`),
        ),
        // The month's count over its point (under it near the top), on a white halo so the line
        // does not cross it: a swing on few answers shows as one.
        h('svg:text', { x: x(i), y: cy - 10 < m.t + 12 ? cy + 20 : cy - 10, 'text-anchor': 'middle', class: 'count' }, int.format(c.n)),
      );
    }
  }
  const every = Math.max(1, Math.ceil(months.length / Math.max(1, Math.floor(pw / widest))));
  months.forEach((p, i) => {
    if (i < series.length && hidden(series[i]!))
      svg.append(h('svg:text', { x: x(i), y: m.t + ph - 8, 'text-anchor': 'middle', class: 'sup' }, T.suppressedShort));
    // Labelled from the newest reported month both ways, so it always has its label.
    if (Math.abs(series.length - 1 - i) % every === 0)
      svg.append(h('svg:text', { x: x(i), y: H - m.b + 22, 'text-anchor': 'middle', class: 'tick' }, fmtPeriod(p)));
  });
  return svg;
}
