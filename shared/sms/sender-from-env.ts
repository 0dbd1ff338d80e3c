import { SNSClient } from '@aws-sdk/client-sns';
import { localAdapter } from '../platform/index.ts';
import { RetryingSmsSender } from './retrying-sms-sender.ts';
import { SnsSmsSender } from './sns-sms-sender.ts';
import type { SmsSender } from './sms-sender.ts';

/**
 * The SMS sender: SNS on Lambda, the outbox locally, both behind the same backoff. The SNS client
 * makes one attempt per call: the SDK's own retries would also resend after a timeout, when SNS may
 * already have accepted the SMS; `RetryingSmsSender` retries only sends SNS refused.
 */
export function smsSender(): SmsSender {
  return new RetryingSmsSender(localAdapter<SmsSender>('smsSender') ?? new SnsSmsSender(new SNSClient({ maxAttempts: 1 })));
}
