/** One SMS to send. */
export interface SmsMessage {
  /** E.164 number. */
  to: string;
  senderId: string;
  text: string;
}

/** Sends SMS: SNS on AWS, the outbox locally. */
export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

/** Error of an SMS send that may succeed if retried (throttling, a provider outage). */
export class RetryableSendError extends Error {
  override name = 'RetryableSendError';
}
