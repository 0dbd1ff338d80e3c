import { loadConfig } from '#shared/config.ts';
import { toIssues, ValidationError, clock, HttpError, httpHandler, jsonBody, logger, replyOf } from '#shared/platform/index.ts';
import { MAX_BATCH_BYTES, type smsContracts } from '#shared/sms/contracts.ts';
import { smsStoreFromEnv } from '#shared/sms/store-from-env.ts';
import { receiveVisits } from '#shared/sms/intake.ts';
import { MAX_VISITS_PER_REQUEST, visitBatchSchema } from '#shared/sms/visit.ts';
import { smsSecretsSource } from '#shared/sms/secrets-from-env.ts';

const deps = { config: loadConfig(), store: smsStoreFromEnv(), secrets: smsSecretsSource(), clock: clock() };
const reply = replyOf<(typeof smsContracts)['POST /api/visits']>();

/**
 * `POST /api/visits` (scope `visits:write`): visits from the patient information system →
 * `202 { received, scheduled, excluded, rejected }`. The batch's envelope is checked here; each visit
 * against the contract's visit schema in the use case, so one bad visit is rejected alone.
 */
export const handler = httpHandler(async (event) => {
  const body = jsonBody(event, MAX_BATCH_BYTES);
  const parsed = visitBatchSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError('The visit batch is not valid.', toIssues(parsed.error));
  if (parsed.data.visits.length > MAX_VISITS_PER_REQUEST) {
    throw new HttpError(413, 'too_many_visits', `At most ${MAX_VISITS_PER_REQUEST} visits per request.`, [
      { path: 'visits', message: `has ${parsed.data.visits.length} visits; split it into requests of at most ${MAX_VISITS_PER_REQUEST}` },
    ]);
  }
  const result = await receiveVisits(deps, parsed.data.visits);
  // Counts only: the log line carries no number, visit id or unit-level detail.
  logger.info('visits received', { received: result.received, scheduled: result.scheduled, rejected: result.rejected.length });
  return reply(202, result);
});
