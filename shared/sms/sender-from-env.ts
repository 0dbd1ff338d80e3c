import { SNSClient } from '@aws-sdk/client-sns';
import { localAdapter } from '../platform/index.ts';
import { SnsSmsSender } from './sns-sms-sender.ts';
import type { SmsSender } from './sms-sender.ts';

/** The SMS sender: SNS on Lambda, the outbox locally. */
export function smsSender(): SmsSender {
  return localAdapter<SmsSender>('smsSender') ?? new SnsSmsSender(new SNSClient({}));
}
