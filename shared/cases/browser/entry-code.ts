/**
 * The workbench's one staff entry control: on a unit's queue, its handler makes the unit's new entry
 * code (`POST` to staff entry's API with the workbench's token) and reads it here, once, with a link
 * to the unit's entry page. Nothing keeps the code: it is in the page until the view changes.
 */
import { staffApi } from '../../platform/browser/staff-api.ts';
import { byId, h } from '../../platform/browser/dom.ts';
import { fill } from '../../platform/staff-page.ts';
import { cfg, T } from './config.ts';
import { showFailure } from './view.ts';

const forUnit = (template: string, unitId: string) => template.replace('{unitId}', encodeURIComponent(unitId));
let shownFor: string | undefined;

/** Shows the control for a unit's queue and hides it for any other node, clearing a code shown before. */
export function entryCodeControl(unitId: string | undefined): void {
  byId('entry-code').hidden = unitId === undefined;
  if (unitId === shownFor) return;
  shownFor = unitId;
  byId('entry-code-out').replaceChildren();
}

/** Wires the button once: it makes the new code for the unit the control is shown for. */
export function wireEntryCode(): void {
  byId('entry-code-new').addEventListener('click', async () => {
    const unitId = shownFor;
    if (unitId === undefined) return;
    try {
      const { code } = await staffApi<{ code: string }>(forUnit(cfg.entryCode.api, unitId), { method: 'POST' });
      byId('entry-code-out').replaceChildren(
        fill(T.entryCodeShown, { code }),
        ' ',
        h('a', { href: `${forUnit(cfg.entryCode.page, unitId)}?lang=${cfg.lang}` }, T.entryCodePage),
      );
    } catch (e) {
      showFailure(e);
    }
  });
}
