/**
 * The workbench's kiosk control: on a unit's queue, its kiosks (create one and show its one-time
 * enrolment link, revoke one) through the kiosk API (`/api/kiosks`, scope `kiosks:write`). Hidden for
 * other nodes and for a token without the scope.
 */
import { ApiError, staffApi } from '../../platform/browser/staff-api.ts';
import { storedToken } from '../../platform/browser/staff-signin.ts';
import { byId, h } from '../../platform/browser/dom.ts';
import { fill } from '../../platform/staff-page.ts';
import { T } from './config.ts';
import { showFailure } from './view.ts';

interface KioskRow {
  id: string;
  name: string;
  status: 'pending' | 'enrolled' | 'revoked';
}

let shownUnit = '';

/** Shows the kiosks of `unitId`, or hides the control when the node is no unit (undefined) or the token may not. */
export async function showKiosks(unitId: string | undefined): Promise<void> {
  const section = byId('kiosks');
  shownUnit = unitId ?? '';
  if (!unitId) {
    section.hidden = true;
    return;
  }
  try {
    const { kiosks } = await staffApi<{ kiosks: KioskRow[] }>(`/api/kiosks?unitId=${encodeURIComponent(unitId)}`);
    if (shownUnit !== unitId) return;
    byId('kiosk-list').replaceChildren(...(kiosks.length ? kiosks.map((k) => row(unitId, k)) : [h('li', {}, T.kioskNone)]));
    section.hidden = false;
  } catch (e) {
    // Without kiosks:write the control is not for this person: no error, just no control.
    section.hidden = true;
    if (!(e instanceof ApiError && e.status === 403)) throw e;
  }
}

function row(unitId: string, k: KioskRow): HTMLElement {
  const li = h('li', {}, `${k.name} – ${T[`kiosk_${k.status}`]} `);
  if (k.status !== 'revoked') {
    const b = h('button', { type: 'button', class: 'quiet' }, fill(T.kioskRevoke, { name: k.name }));
    b.addEventListener('click', async () => {
      // 204 has no body, which staffApi would read as JSON.
      const r = await fetch(`/api/kiosks/${encodeURIComponent(k.id)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${storedToken() ?? ''}` },
      });
      if (!r.ok) return showFailure(new ApiError(r.status));
      await showKiosks(unitId);
    });
    li.append(b);
  }
  return li;
}

/** Wires the control's form once. */
export function initKiosks(): void {
  byId<HTMLFormElement>('kiosk-new').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = byId<HTMLInputElement>('kiosk-name');
    try {
      const created = await staffApi<{ enrolmentUrl: string }>('/api/kiosks', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ unitId: shownUnit, name: input.value }),
      });
      byId('kiosk-link').textContent = fill(T.kioskLink, { url: created.enrolmentUrl });
      input.value = '';
      await showKiosks(shownUnit);
    } catch (err) {
      showFailure(err);
    }
  });
}
