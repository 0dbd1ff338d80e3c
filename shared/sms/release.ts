import { type AppConfig, addDays, helsinkiDate, type Clock, type WorkQueue } from '../platform/index.ts';
import type { SmsStore } from './sms-store.ts';
import { inQuietHours } from './timing.ts';
import { smsDefaults } from './settings.ts';

/** How many past sending days a release looks back, so a missed run or an outage is caught up. */
const CATCH_UP_DAYS = 2;

/**
 * The scheduled release: puts every due, pending invitation on the send queue, outside the region's
 * quiet hours. Queue first, then mark: a crash between the two re-queues the invitation next run,
 * and the sender's claim makes the duplicate harmless.
 */
export async function releaseDueInvitations(deps: {
  config: AppConfig;
  store: SmsStore;
  queue: WorkQueue;
  clock: Clock;
}): Promise<{ released: number; quietHours: boolean }> {
  const now = deps.clock.now();
  if (inQuietHours(now, smsDefaults(deps.config.org).quietHours)) return { released: 0, quietHours: true };
  const today = helsinkiDate(now);
  let released = 0;
  for (let d = -CATCH_UP_DAYS; d <= 0; d++) {
    for (const key of await deps.store.listDue(addDays(today, d), now.toISOString())) {
      await deps.queue.send({ key });
      if (await deps.store.markQueued(key)) released += 1;
    }
  }
  return { released, quietHours: false };
}
