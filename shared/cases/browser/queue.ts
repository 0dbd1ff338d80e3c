/**
 * A node's queue: the counts (new, overdue, escalated), one page of cases newest first and "show
 * more" with the page's cursor.
 */
import { byId, h, type Kid } from '../../platform/browser/dom.ts';
import { fill } from '../../platform/staff-page.ts';
import { COUNT_CAP } from '../workbench-config.ts';
import { type CaseSummary, listCases } from './cases-api.ts';
import { fmtDay, fmtTime, T } from './config.ts';
import type { QueueView, View } from './state.ts';
import { say, showFailure } from './view.ts';
import { labelList } from './labels.ts';

/** Cases on one page of the queue. */
const PAGE = '25';
/** Characters of a comment the queue shows before "…". */
const EXCERPT = 160;

/** A link that opens a view in the page (and still opens in a new tab). */
export type ViewLink = (view: View, text: string) => HTMLAnchorElement;

/**
 * How many cases of the node match `filter`, honestly from one queue page of COUNT_CAP: exact below
 * the cap; at it, with a cursor to go on, "COUNT_CAP or more".
 */
async function count(node: string, filter: Omit<QueueView, 'node'>): Promise<string> {
  const page = await listCases({ node, ...filter, limit: String(COUNT_CAP) });
  return page.next ? fill(T.countMore, { n: COUNT_CAP }) : String(page.cases.length);
}

/** The flags of a case as small labelled marks. */
export function flags(c: Pick<CaseSummary, 'overdue' | 'escalated' | 'contactRequested'>): HTMLElement | false {
  const marks: Kid[] = [
    c.overdue && h('li', { class: 'flag over' }, T.flagOverdue),
    c.escalated && h('li', { class: 'flag esc' }, T.flagEscalated),
    c.contactRequested && h('li', { class: 'flag contact' }, T.flagContact),
  ];
  return marks.some(Boolean) && h('ul', { class: 'flags' }, ...marks);
}

function item(c: CaseSummary, view: QueueView, link: ViewLink, unitName: (id: string) => string): HTMLElement {
  const text = c.text ? (c.text.length > EXCERPT ? `${c.text.slice(0, EXCERPT).trimEnd()}…` : c.text) : T.noText;
  return h(
    'li',
    { class: 'card', 'data-case': c.id },
    h('h3', {}, link({ ...view, case: c.id }, `${fmtTime(c.createdAt)} – ${T[`status_${c.status}`]}`)),
    flags(c),
    h('p', { class: 'excerpt' }, text),
    labelList(c),
    h(
      'p',
      { class: 'meta' },
      `${unitName(c.unitId)} · ${T.colNps}: ${c.nps ?? T.none} · ${T.colDue}: ${c.status === 'closed' ? T.none : fmtDay(c.dueAt)}`,
    ),
  );
}

let cursor: string | null = null;
let shown = 0;

/** Loads and draws the queue of `view`; false when a newer load (`stale`) took over meanwhile. */
export async function loadQueue(
  view: QueueView,
  nodeName: string,
  link: ViewLink,
  unitName: (id: string) => string,
  stale: () => boolean,
): Promise<boolean> {
  const [page, cNew, cOverdue, cEscalated] = await Promise.all([
    listCases({ ...view, limit: PAGE }),
    count(view.node, { status: 'new' }),
    count(view.node, { overdue: 'true' }),
    count(view.node, { escalated: 'true' }),
  ]);
  if (stale()) return false;
  const figure = (label: string, value: string, cls = '') => h('div', { class: cls || undefined }, h('dt', {}, label), h('dd', {}, value));
  byId('counts').replaceChildren(
    figure(T.countNew, cNew),
    figure(T.countOverdue, cOverdue, cOverdue === '0' ? '' : 'over'),
    figure(T.countEscalated, cEscalated, cEscalated === '0' ? '' : 'over'),
  );
  byId('queue-h').textContent = `${T.queueTitle}: ${nodeName}`;
  // The posters of the node shown: the page carries the route's path template, so no path is spelt here.
  const posters = byId<HTMLAnchorElement>('posters');
  posters.href = fill(posters.dataset.href ?? '', { poster: `${view.node}.pdf` });
  const list = byId('queue');
  list.replaceChildren(...page.cases.map((c) => item(c, view, link, unitName)));
  if (page.cases.length === 0) list.replaceChildren(h('li', {}, T.noCases));
  cursor = page.next;
  shown = page.cases.length;
  const more = byId<HTMLButtonElement>('more');
  more.hidden = !cursor;
  more.onclick = () => void loadMore(view, nodeName, link, unitName);
  say(fill(cursor ? T.loadedMore : T.loaded, { count: shown, node: nodeName }));
  return true;
}

/** Appends the next page and moves focus to its first case, so a keyboard user reads on from there. */
async function loadMore(view: QueueView, nodeName: string, link: ViewLink, unitName: (id: string) => string): Promise<void> {
  if (!cursor) return;
  say(T.loading);
  try {
    const page = await listCases({ ...view, limit: PAGE, cursor });
    const items = page.cases.map((c) => item(c, view, link, unitName));
    byId('queue').append(...items);
    cursor = page.next;
    shown += page.cases.length;
    byId('more').hidden = !cursor;
    say(fill(cursor ? T.loadedMore : T.loaded, { count: shown, node: nodeName }));
    items[0]?.querySelector('a')?.focus();
  } catch (e) {
    showFailure(e);
  }
}
