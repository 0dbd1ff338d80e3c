import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { RetryableSendError, SendUnconfirmedError, type SmsMessage, type SmsSender } from './sms-sender.ts';

/** SNS errors worth a retry through the queue: throttling and service-side failures. */
const RETRYABLE = new Set([
  'ThrottledException',
  'ThrottlingException',
  'InternalErrorException',
  'KMSThrottlingException',
  'ServiceUnavailable',
]);

/** Socket errors after which the request may have reached SNS and been accepted. */
const LOST_REPLY_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT']);

/** The exact PublishCommand input for one SMS: direct to the number, sender ID, transactional. */
export function publishInput(m: SmsMessage) {
  return {
    PhoneNumber: m.to,
    Message: m.text,
    MessageAttributes: {
      'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: m.senderId },
      // Transactional: delivered with priority routes, as a survey link is time-bound.
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
    },
  };
}

/** SmsSender on Amazon SNS. */
export class SnsSmsSender implements SmsSender {
  constructor(private readonly sns: SNSClient) {}

  async send(m: SmsMessage): Promise<void> {
    try {
      await this.sns.send(new PublishCommand(publishInput(m)));
    } catch (e) {
      const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
      // Never rethrow the SDK error itself: its message may echo the phone number into logs.
      // No answer at all (a timeout, a connection lost mid-request): SNS may have accepted the SMS.
      if (err.name === 'TimeoutError' || (err.code !== undefined && LOST_REPLY_CODES.has(err.code)))
        throw new SendUnconfirmedError(`SNS: no answer (${err.name === 'TimeoutError' ? 'TimeoutError' : err.code})`);
      if (RETRYABLE.has(err.name ?? '') || (err.$metadata?.httpStatusCode ?? 0) >= 500) throw new RetryableSendError(`SNS: ${err.name}`);
      throw new Error(`SNS publish failed: ${err.name ?? 'unknown error'}`);
    }
  }
}
