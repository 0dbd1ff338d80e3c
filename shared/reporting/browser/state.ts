/**
 * What is shown — node and period — lives in the URL, so a view can be bookmarked and Back works.
 * It is exactly the NPS report's query.
 */
import { DASHBOARD_PATH, SERIES_GRANULARITIES, type SeriesGranularity } from '../api-contract.ts';
import type { NpsQuery } from '../query.ts';
import { cfg, L } from './config.ts';
import { scope } from './org.ts';

/** The node and period shown. */
export type ViewState = NpsQuery;

/** Whether a string is a granularity the NPS report offers. */
export const isGranularity = (g: string | null): g is SeriesGranularity => (SERIES_GRANULARITIES as readonly (string | null)[]).includes(g);

/** The view the URL names, with the defaults for what it leaves out. */
export function readState(): ViewState {
  const q = new URLSearchParams(location.search);
  const g = q.get('granularity');
  return {
    node: q.get('node') || scope[0] || '',
    from: q.get('from') || cfg.defaults.from,
    to: q.get('to') || cfg.defaults.to,
    granularity: isGranularity(g) ? g : cfg.defaults.granularity,
  };
}

/** The page's URL for a view, in a language. */
export const viewHref = (s: ViewState, lang: string = L) =>
  `${DASHBOARD_PATH}?${new URLSearchParams({ lang, node: s.node, from: s.from, to: s.to, granularity: s.granularity }).toString()}`;
