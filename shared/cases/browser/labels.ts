/**
 * Themes and sentiment as the workbench shows them: labels in the page's language from the taxonomy
 * the page embeds (`region.themes.labels`), used by the queue and the case page alike.
 */
import { h } from '../../platform/browser/dom.ts';
import type { CaseSummary } from './cases-api.ts';
import { cfg, T } from './config.ts';

/** A theme's label in the page's language (the id when the taxonomy no longer has it). */
export const themeLabel = (id: string) => cfg.themes.find((t) => t.id === id)?.label ?? id;

/** A sentiment's label in the page's language. */
export const sentimentLabel = (s: CaseSummary['sentiment']) => (s ? T[`sentiment_${s}`] : T.none);

/** The themes and sentiment of a case as a short labelled list. */
export function labelList(c: Pick<CaseSummary, 'themes' | 'sentiment'>): HTMLElement | false {
  if (!c.themes.length && !c.sentiment) return false;
  return h(
    'ul',
    { class: 'themes', 'aria-label': T.labelsTitle },
    ...c.themes.map((t) => h('li', { class: 'theme' }, themeLabel(t))),
    c.sentiment && h('li', { class: 'theme' }, `${T.sentiment}: ${sentimentLabel(c.sentiment)}`),
  );
}
