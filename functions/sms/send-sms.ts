import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadConfig } from '#shared/config.ts';
import { smsManifest } from '#shared/sms/manifest.ts';
import { sendInvitation, type SendOutcome } from '#shared/sms/send-invitation.ts';
import { recordSendOutcomes } from '#shared/sms/metrics.ts';
import { RateLimiter } from '#shared/sms/rate-limiter.ts';
import { clock, errorFields, eventHandler, logger, PUBLIC_BASE_URL_ENV, requireEnv } from '#shared/platform/index.ts';
import { smsStoreFromEnv } from '#shared/sms/store-from-env.ts';
import { smsSecretsSource } from '#shared/sms/secrets-from-env.ts';
import { smsSender } from '#shared/sms/sender-from-env.ts';

const spec = smsManifest.queues.invitations;
const deps = {
  config: loadConfig(),
  store: smsStoreFromEnv(),
  secrets: smsSecretsSource(),
  sms: smsSender(),
  clock: clock(),
  baseUrl: requireEnv(PUBLIC_BASE_URL_ENV, 'origin of the SMS survey links').replace(/\/$/, ''),
};
// Each concurrent consumer takes its share of the configured rate.
const limiter = new RateLimiter(spec.maxMessagesPerSecond / spec.maxConcurrency);

/**
 * SQS consumer of the invitations queue: sends each invitation once, at the configured rate, and
 * reports only the retryable failures back (partial batch response) so the rest is not redelivered.
 * A message given up on its last delivery (`dead`) is reported too, so that SQS moves it to the
 * dead-letter queue; its invitation is already marked failed, so a redrive sends nothing.
 */
export const handler = eventHandler(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const failures: { itemIdentifier: string }[] = [];
  const outcomes: Partial<Record<SendOutcome, number>> = {};
  for (const record of event.Records) {
    let outcome: SendOutcome;
    try {
      const { key } = JSON.parse(record.body) as { key: string };
      await limiter.take();
      outcome = await sendInvitation(deps, key, Number(record.attributes.ApproximateReceiveCount), spec.maxReceiveCount);
    } catch (e) {
      logger.error('send failed', errorFields(e));
      outcome = 'retry';
    }
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (outcome === 'retry' || outcome === 'dead') failures.push({ itemIdentifier: record.messageId });
  }
  logger.info('sms batch', outcomes);
  recordSendOutcomes(outcomes);
  return { batchItemFailures: failures };
});
