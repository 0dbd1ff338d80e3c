import { SNSClient } from '@aws-sdk/client-sns';
import { SnsSmsSender } from './sns-sms-sender.ts';
import type { SmsSender } from '../platform/messaging.ts';
import { localAdapters } from '../platform/local-adapters.ts';

/** The SMS sender: SNS on Lambda, the outbox locally. */
export function smsSender(): SmsSender {
  return localAdapters()?.smsSender ?? new SnsSmsSender(new SNSClient({}));
}
