import type { smsContracts } from '#shared/sms/contracts.ts';
import { parsePeriod, smsStats } from '#shared/sms/stats.ts';
import { httpHandler, replyOf } from '#shared/platform/index.ts';
import { smsStoreFromEnv } from '#shared/sms/store-from-env.ts';

const store = smsStoreFromEnv();
const reply = replyOf<(typeof smsContracts)['GET /api/sms/stats']>();

/**
 * `GET /api/sms/stats?from=YYYY-MM-DD&to=YYYY-MM-DD` (scope `sms:read`): the SMS funnel per day and
 * unit. `parsePeriod` checks the query with the contract's schema.
 */
export const handler = httpHandler(async (event) => {
  const q = event.queryStringParameters ?? {};
  const { from, to } = parsePeriod(q.from, q.to);
  return reply(200, await smsStats(store, from, to));
});
