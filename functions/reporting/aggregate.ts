import { loadConfig } from '#shared/platform/config.ts';
import { aggregateNewAnswers } from '#shared/reporting/aggregate.ts';
import { aggregateStoreFromEnv, feedbackStoreFromEnv } from '#shared/platform/clients.ts';
import { clock } from '#shared/platform/clock.ts';

const deps = { config: loadConfig(), feedback: feedbackStoreFromEnv(), store: aggregateStoreFromEnv(), clock: clock() };

/** Scheduled every 15 minutes: recomputes the NPS snapshots touched by newly arrived answers. */
export const handler = async () => {
  const result = await aggregateNewAnswers(deps);
  console.log(JSON.stringify({ level: 'info', msg: 'aggregation', ...result }));
  return result;
};
