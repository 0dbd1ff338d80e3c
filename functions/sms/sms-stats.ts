import { parsePeriod, smsStats } from '#shared/sms/stats.ts';
import { httpHandler, json } from '#shared/platform/index.ts';
import { smsStoreFromEnv } from '#shared/sms/store-from-env.ts';

const store = smsStoreFromEnv();

/** `GET /api/sms/stats?from=YYYY-MM-DD&to=YYYY-MM-DD` (scope `sms:read`): the SMS funnel per day and unit. */
export const handler = httpHandler(async (event) => {
  const q = event.queryStringParameters ?? {};
  const { from, to } = parsePeriod(q.from, q.to);
  return json(200, await smsStats(store, from, to));
});
