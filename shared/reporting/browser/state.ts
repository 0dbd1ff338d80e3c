/**
 * What is shown — node and period — lives in the URL, so a view can be bookmarked and Back works.
 * It is the reports' range query: `from` and `to` the first and last day of whole closed months.
 */
import { DASHBOARD_PATH } from '../api-contract.ts';
import type { RangeQuery } from '../query.ts';
import { cfg, L } from './config.ts';
import { snapPeriod } from './months.ts';
import { scope } from './org.ts';

/** The node and period shown. */
export type ViewState = RangeQuery;

/**
 * The view the URL names, with the defaults for what it leaves out. Days are snapped to whole months
 * up to the last closed one (months.ts), so links from before the reports covered months only still
 * open; a `granularity` they carry is ignored, months being the only one.
 */
export function readState(): ViewState {
  const q = new URLSearchParams(location.search);
  return {
    node: q.get('node') || scope[0] || '',
    ...snapPeriod(q.get('from') || cfg.defaults.from, q.get('to') || cfg.defaults.to, cfg.lastClosedMonth),
  };
}

/** The page's URL for a view, in a language. */
export const viewHref = (s: ViewState, lang: string = L) =>
  `${DASHBOARD_PATH}?${new URLSearchParams({ lang, node: s.node, from: s.from, to: s.to }).toString()}`;
