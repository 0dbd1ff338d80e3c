/** The NPS trend as inline SVG: no chart library, and the CSP allows no other script. */
import type { NpsCell, NpsFigures } from '../report.ts';
import { T } from './config.ts';
import { h } from '../../platform/browser/dom.ts';
import { fmtCi, fmtNps, fmtPeriod, hidden, int, signed } from './format.ts';

/** The NPS trend: a line over the periods with its 95 % band; hidden periods leave a gap and say so. */
export function trendChart(series: NpsCell[], label: string, width: number): Element {
  // Drawn at the width it is shown at, so its text is the page's size; it still scales if resized.
  const W = Math.max(320, Math.round(width) || 760);
  const H = 300;
  const widest = Math.max(...series.map((c) => fmtPeriod(c.period).length)) * 7.5 + 16;
  const m = { l: Math.max(48, widest / 2), r: Math.max(14, widest / 2 - 6), t: 14, b: 46 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const shown = series.filter((c): c is { period: string } & NpsFigures => !hidden(c) && c.nps !== null);
  let lo = Math.min(0, ...shown.map((c) => c.ci95?.[0] ?? c.nps!));
  let hi = Math.max(50, ...shown.map((c) => c.ci95?.[1] ?? c.nps!));
  lo = Math.max(-100, Math.floor(lo / 25) * 25);
  hi = Math.min(100, Math.ceil(hi / 25) * 25);
  const x = (i: number) => m.l + (series.length === 1 ? pw / 2 : (i * pw) / (series.length - 1));
  const y = (v: number) => m.t + ((hi - v) * ph) / (hi - lo);
  const svg = h(
    'svg:svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'trend-title', class: 'chart' },
    h('svg:title', { id: 'trend-title' }, label),
  );
  // A hidden period is a shaded column marked "< 5", so the gap reads as "too few", not "none".
  const colW = Math.min(48, series.length > 1 ? (pw / (series.length - 1)) * 0.7 : 48);
  series.forEach((c, i) => {
    if (hidden(c)) svg.append(h('svg:rect', { x: x(i) - colW / 2, y: m.t, width: colW, height: ph, class: 'supcol' }));
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
      svg.append(
        h(
          'svg:circle',
          { cx: x(i), cy: y(c.nps!), r: 4.5, class: 'dot' },
          h('svg:title', {}, `${fmtPeriod(series[i]!.period)}: NPS ${fmtNps(c.nps)} (${fmtCi(c.ci95)}), n ${int.format(c.n)}`),
        ),
      );
    }
  }
  const every = Math.max(1, Math.ceil(series.length / Math.max(1, Math.floor(pw / widest))));
  series.forEach((c, i) => {
    if (hidden(c)) svg.append(h('svg:text', { x: x(i), y: m.t + ph - 8, 'text-anchor': 'middle', class: 'sup' }, T.suppressedShort));
    // Labelled from the latest period backwards, so the newest one always has its label.
    if ((series.length - 1 - i) % every === 0)
      svg.append(h('svg:text', { x: x(i), y: H - m.b + 22, 'text-anchor': 'middle', class: 'tick' }, fmtPeriod(c.period)));
  });
  return svg;
}
