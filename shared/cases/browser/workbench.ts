/**
 * The case workbench's browser script: the entry esbuild bundles into the one inline script of
 * `/admin/cases` (lib/browser-bundles.ts; workbench-page.ts serves it under a CSP hash). It signs in
 * like the dashboard (platform/browser/staff-signin.ts), offers the nodes the token's groups name
 * and everything below them, and shows a node's queue (queue.ts) or one case (case-view.ts) as the
 * URL says (state.ts).
 *
 * Only types and plain constants come from the server's modules (`import type`, model.ts,
 * workbench-config.ts, platform/staff-page.ts): the bundle must not pull in server code.
 */
import { byId, h } from '../../platform/browser/dom.ts';
import { fillPicker, heldNodes, orgTree } from '../../platform/browser/staff-org.ts';
import { startSignedIn } from '../../platform/browser/staff-signin.ts';
import { getCase } from './cases-api.ts';
import { initKiosks, showKiosks } from './kiosks.ts';
import { renderCase } from './case-view.ts';
import { entryCodeControl, wireEntryCode } from './entry-code.ts';
import { cfg, T } from './config.ts';
import { loadQueue, type ViewLink } from './queue.ts';
import { parseView, queueOf, viewHref, type View } from './state.ts';
import { say, showError, showFailure } from './view.ts';

const org = orgTree(cfg.tree);
let scope: string[] = [];

const nodeName = (id: string) => {
  const n = org.nodes.get(id);
  return n ? `${T[n.kind]} ${n.name}` : id;
};
const unitName = (id: string) => org.nodes.get(id)?.name ?? id;
const readView = (): View => parseView(location.search, scope[0] ?? '');

/** Puts the view into the filter form and the language links. */
function syncControls(v: View): void {
  const form = byId<HTMLFormElement>('filters');
  const field = <E extends HTMLElement>(name: string) => form.elements.namedItem(name) as E;
  field<HTMLSelectElement>('node').value = scope.includes(v.node) ? v.node : '';
  field<HTMLSelectElement>('status').value = v.status ?? '';
  field<HTMLSelectElement>('theme').value = v.theme ?? '';
  field<HTMLSelectElement>('sentiment').value = v.sentiment ?? '';
  field<HTMLInputElement>('from').value = v.from ?? '';
  field<HTMLInputElement>('to').value = v.to ?? '';
  for (const f of ['overdue', 'contactRequested', 'escalated'] as const) field<HTMLInputElement>(f).checked = v[f] === 'true';
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[hreflang]')) a.href = viewHref(v, a.hreflang);
  byId<HTMLAnchorElement>('back').href = viewHref(queueOf(v));
}

function go(v: View): void {
  history.pushState(null, '', viewHref(v));
  void show(true);
}

/** A link to another view that stays on the page (and still opens in a new tab). */
const viewLink: ViewLink = (v, text) => {
  const a = h('a', { href: viewHref(v) }, text) as HTMLAnchorElement;
  a.addEventListener('click', (e) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go(v);
  });
  return a;
};

let generation = 0;
/** Shows the view the URL names; a newer one wins over one still loading. `focus` moves focus to its heading. */
async function show(focus = false): Promise<void> {
  const v = readView();
  const mine = ++generation;
  const stale = () => mine !== generation;
  syncControls(v);
  say(T.loading);
  showError();
  byId('queue-view').hidden = Boolean(v.case);
  byId('case-view').hidden = !v.case;
  try {
    if (v.case) {
      const c = await getCase(v.case);
      if (stale()) return;
      renderCase(c, unitName, focus ? 'heading' : undefined);
      say('');
      return;
    }
    if (v.from && v.to && v.from > v.to) {
      say('');
      return showError(T.rangeInvalid);
    }
    entryCodeControl(org.nodes.get(v.node)?.kind === 'unit' ? v.node : undefined);
    if (await loadQueue(queueOf(v), nodeName(v.node), viewLink, unitName, stale)) {
      if (focus) byId('queue-h').focus();
      await showKiosks(org.nodes.get(v.node)?.kind === 'unit' ? v.node : undefined);
    }
  } catch (e) {
    if (!stale()) showFailure(e);
  }
}

async function main(): Promise<void> {
  const c = await startSignedIn('cases:read');
  if (!c) return;
  scope = org.scopeOf(heldNodes(c));
  fillPicker(byId<HTMLFormElement>('filters').elements.namedItem('node') as HTMLSelectElement, scope, org.depth, nodeName);
  byId<HTMLFormElement>('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, val] of new FormData(e.target as HTMLFormElement)) if (typeof val === 'string' && val && k !== 'lang') q.set(k, val);
    go(parseView(q.toString(), scope[0] ?? ''));
  });
  byId('back').addEventListener('click', (e) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    const opened = readView().case;
    history.pushState(null, '', viewHref(queueOf(readView())));
    // Back in the queue, focus returns to the case just read.
    void show().then(() => {
      const link = opened && document.querySelector<HTMLAnchorElement>(`#queue li[data-case="${CSS.escape(opened)}"] a`);
      (link || byId('queue-h')).focus();
    });
  });
  wireEntryCode();
  addEventListener('popstate', () => void show(true));
  initKiosks();
  await show();
}

void main();
