/**
 * What is shown lives in the URL — the node, the filters and the open case — so a view can be
 * bookmarked, linked from a reminder mail (`/admin/cases?node=…`) and Back works.
 */
import type { Sentiment, ThemeId } from '../contracts.ts';
import { CASE_STATUSES, type CaseStatus } from '../model.ts';
import { WORKBENCH_PATH } from '../workbench-config.ts';
import { cfg, L } from './config.ts';

/** The filters of a node's queue, as `GET /api/cases` takes them. */
export interface QueueView {
  node: string;
  status?: CaseStatus;
  overdue?: 'true';
  contactRequested?: 'true';
  escalated?: 'true';
  theme?: ThemeId;
  sentiment?: Sentiment;
  from?: string;
  to?: string;
}

/** What the page shows: a queue, and the case opened from it, if any. */
export interface View extends QueueView {
  case?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FLAGS = ['overdue', 'contactRequested', 'escalated'] as const;

/** The view the query names; `node` falls back to `defaultNode`, and anything malformed is left out. */
export function parseView(search: string, defaultNode: string): View {
  const q = new URLSearchParams(search);
  const v: View = { node: q.get('node') || defaultNode };
  const status = q.get('status');
  if (status && (CASE_STATUSES as readonly string[]).includes(status)) v.status = status as CaseStatus;
  for (const f of FLAGS) if (q.get(f) === 'true') v[f] = 'true';
  const theme = q.get('theme');
  if (theme && cfg.themes.some((t) => t.id === theme)) v.theme = theme as ThemeId;
  const sentiment = q.get('sentiment');
  if (sentiment && cfg.sentiments.includes(sentiment as Sentiment)) v.sentiment = sentiment as Sentiment;
  for (const d of ['from', 'to'] as const) {
    const s = q.get(d);
    if (s && DAY.test(s)) v[d] = s;
  }
  const id = q.get('case');
  if (id && /^[A-Za-z0-9_-]{1,64}$/.test(id)) v.case = id;
  return v;
}

/** The queue part of a view: what the API is asked and the counts are made for. */
export function queueOf(v: View): QueueView {
  const { case: _open, ...queue } = v;
  return queue;
}

/** The page's URL for a view, in a language. */
export function viewHref(v: View, lang: string = L): string {
  const q = new URLSearchParams({ lang });
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string' && val) q.set(k, val);
  return `${WORKBENCH_PATH}?${q.toString()}`;
}
