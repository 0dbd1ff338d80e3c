import { loadConfig } from '#shared/platform/config.ts';
import { releaseDueInvitations } from '#shared/sms/release.ts';
import { smsStoreFromEnv } from '#shared/platform/clients.ts';
import { clock } from '#shared/platform/clock.ts';
import { workQueue } from '#shared/platform/work-queue.ts';

const deps = { config: loadConfig(), store: smsStoreFromEnv(), queue: workQueue('invitations'), clock: clock() };

/** Scheduled (EventBridge Scheduler, every 5 minutes): queues the SMS invitations that are due. */
export const handler = async (): Promise<{ released: number; quietHours: boolean }> => {
  const result = await releaseDueInvitations(deps);
  console.log(JSON.stringify({ level: 'info', msg: 'invitations released', ...result }));
  return result;
};
