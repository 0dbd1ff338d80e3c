import { loadConfig } from '#shared/config/index.ts';
import { aggregateRecentDays } from '#shared/reports/aggregate.ts';
import { aggregateStoreFromEnv, feedbackStoreFromEnv } from './lib/clients.ts';
import { clock } from './lib/clock.ts';

const deps = { config: loadConfig(), feedback: feedbackStoreFromEnv(), store: aggregateStoreFromEnv(), clock: clock() };

/** Scheduled nightly: recomputes every unit's last two days, whatever the arrival index said. */
export const handler = async () => {
  const result = await aggregateRecentDays(deps, 2);
  console.log(JSON.stringify({ level: 'info', msg: 'nightly aggregation', ...result }));
  return result;
};
