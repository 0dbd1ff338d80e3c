import { loadConfig } from '#shared/config.ts';
import { aggregateNewAnswers } from '#shared/reporting/aggregate.ts';
import { clock } from '#shared/platform/index.ts';
import { aggregateStoreFromEnv } from '#shared/reporting/store-from-env.ts';
import { feedbackStoreFromEnv } from '#shared/feedback/index.ts';

const deps = { config: loadConfig(), feedback: feedbackStoreFromEnv(), store: aggregateStoreFromEnv(), clock: clock() };

/** Scheduled every 15 minutes: recomputes the NPS snapshots touched by newly arrived answers. */
export const handler = async () => {
  const result = await aggregateNewAnswers(deps);
  console.log(JSON.stringify({ level: 'info', msg: 'aggregation', ...result }));
  return result;
};
