import { loadConfig } from '#shared/config.ts';
import { releaseDueInvitations } from '#shared/sms/release.ts';
import { clock, eventHandler, logger, workQueue } from '#shared/platform/index.ts';
import { smsManifest } from '#shared/sms/manifest.ts';
import { smsStoreFromEnv } from '#shared/sms/store-from-env.ts';

const deps = { config: loadConfig(), store: smsStoreFromEnv(), queue: workQueue(smsManifest.queues, 'invitations'), clock: clock() };

/** Scheduled (EventBridge Scheduler, every 5 minutes): queues the SMS invitations that are due. */
export const handler = eventHandler(async (): Promise<{ released: number; quietHours: boolean }> => {
  const result = await releaseDueInvitations(deps);
  logger.info('invitations released', result);
  return result;
});
