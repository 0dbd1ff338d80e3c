import { loadConfig } from '#shared/config.ts';
import { planDailyRates } from '#shared/sms/precision-plan.ts';
import { clock, eventHandler, logger } from '#shared/platform/index.ts';
import { aggregateStoreFromEnv } from '#shared/reporting/index.ts';
import { smsStoreFromEnv } from '#shared/sms/store-from-env.ts';

const deps = { config: loadConfig(), store: smsStoreFromEnv(), aggregates: aggregateStoreFromEnv(), clock: clock() };

/** Scheduled (every 15 minutes): stores the day's sampling rate of each unit with a precision target, once a day. */
export const handler = eventHandler(async (): Promise<{ planned: number }> => {
  const planned = await planDailyRates(deps);
  logger.info('sampling rates planned', { planned });
  return { planned };
});
