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

/**
 * Error of an SMS send whose outcome is unknown: the request went out and no answer came back (a
 * timeout, a connection lost mid-request), so the provider may have accepted it. SNS takes no
 * idempotency key for an SMS, so resending could deliver it twice: it is never resent.
 */
export class SendUnconfirmedError extends Error {
  override name = 'SendUnconfirmedError';
}
