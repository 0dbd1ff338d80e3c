import { RetryableSendError, type SmsMessage, type SmsSender } from './sms-sender.ts';

/** Waits `ms` milliseconds; injected so that a test can record the waits instead of sleeping. */
export type Sleep = (ms: number) => Promise<void>;

/** Sleeps on a timer (Lambda, the local stack). */
export const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How the sender backs off within one delivery of a queue message. */
export interface BackoffSettings {
  /** Sends per delivery, the first included. */
  attempts: number;
  /** The first wait's ceiling; each later one doubles it. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
}

/**
 * Three sends a delivery, waiting at most 0.2 s then 0.4 s ("full jitter"): SNS's SMS throttling is a
 * per-second rate, so a throttled send usually goes through a few hundred milliseconds later, and the
 * waits stay far inside the consumer's 60 s timeout even with a batch of ten. What still fails goes
 * back to the queue, whose visibility timeout is the long backoff before the next delivery.
 */
export const SMS_BACKOFF: BackoffSettings = { attempts: 3, baseMs: 200, capMs: 2000 };

/**
 * An SmsSender that retries a refused send (`RetryableSendError`: throttled, the provider answered
 * with an error) with exponential backoff and full jitter, then rethrows the last refusal. Nothing
 * else is retried: a permanent error would fail again, and a send whose answer was lost
 * (`SendUnconfirmedError`) may have been delivered, so a retry could send the SMS twice.
 */
export class RetryingSmsSender implements SmsSender {
  constructor(
    private readonly inner: SmsSender,
    private readonly settings: BackoffSettings = SMS_BACKOFF,
    private readonly sleep: Sleep = timerSleep,
    private readonly random: () => number = Math.random,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inner.send(message);
      } catch (e) {
        if (!(e instanceof RetryableSendError) || attempt >= this.settings.attempts) throw e;
        const ceiling = Math.min(this.settings.capMs, this.settings.baseMs * 2 ** (attempt - 1));
        await this.sleep(Math.floor(this.random() * ceiling));
      }
    }
  }
}
