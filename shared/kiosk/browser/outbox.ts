/**
 * The kiosk's outbox: answers wait in IndexedDB (idb-keyval, about 1 KB) until the server has them,
 * each under its own UUID, sent as the Idempotency-Key, so however often a send is retried — a lost
 * reply, a reload mid-send — the server stores it once. Keys start with the time the answer was
 * given, so the queue drains in the order the answers were given.
 */
import { createStore, del, entries, set } from 'idb-keyval';

const store = createStore('palaute-kiosk', 'outbox');

/** What one send of the queue ended with. */
export type DrainOutcome = 'sent' | 'offline' | 'not_enrolled';

/** Puts an answer in the outbox. */
export async function enqueue(body: { answeredAt: string }): Promise<void> {
  await set(`${body.answeredAt}|${crypto.randomUUID()}`, body, store);
}

/** How many answers wait. */
export async function pendingCount(): Promise<number> {
  return (await entries(store)).length;
}

/**
 * Sends every queued answer, oldest first, and removes each the server stored (201). Stops at the
 * first network failure or server error (to try again later), or at 401 (the device is not
 * enrolled: the answers stay, for a device enrolled again). An answer the server refuses for good
 * (another 4xx) is dropped, since sending it again can never succeed and it would block the rest.
 */
export async function drainOutbox(url: string): Promise<DrainOutcome> {
  const queued = (await entries<string, unknown>(store)).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [key, body] of queued) {
    let status: number;
    try {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key.split('|')[1]! },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
      status = r.status;
    } catch {
      return 'offline';
    }
    if (status === 401) return 'not_enrolled';
    if (status === 429 || status >= 500) return 'offline';
    await del(key, store);
  }
  return 'sent';
}
