import { SNSClient } from '@aws-sdk/client-sns';
import { SnsSmsSender } from '#shared/adapters/sns-sms-sender.ts';
import type { SmsSender } from '#shared/ports/messaging.ts';
import { localAdapters } from './local-adapters.ts';

/** The SMS sender: SNS on Lambda, the outbox locally. */
export function smsSender(): SmsSender {
  return localAdapters()?.smsSender ?? new SnsSmsSender(new SNSClient({}));
}
