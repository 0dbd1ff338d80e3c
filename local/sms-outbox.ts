import { appendJsonLine, readJsonLines } from './json-lines.ts';
import type { Clock } from '#shared/platform/time.ts';
import { RetryableSendError, SendUnconfirmedError, type SmsMessage, type SmsSender } from '#shared/sms/sms-sender.ts';

/** One SMS the local stack "sent". */
export interface OutboxEntry {
  to: string;
  senderId: string;
  text: string;
  sentAt: string;
}

/**
 * Faults the SNS stand-in plays, in the error classes SnsSmsSender turns SNS's answers into: `throttle`
 * refuses the next sends as SNS's ThrottledException does; `failAll` refuses every send until cleared,
 * retryably (an SNS outage) or for good (an invalid parameter); `loseReplies` accepts the next sends
 * (they are in the outbox) and then loses the answer, as a timeout after SNS took the request.
 */
export interface SmsFaults {
  throttle(times: number): void;
  failAll(kind: 'retryable' | 'permanent' | null): void;
  loseReplies(times: number): void;
  /** Calls of `send` so far, faulted or not. */
  attempts(): number;
}

/**
 * The SNS stand-in: every SMS goes to an outbox that `/dev/sms` shows. With a file the outbox is
 * kept across restarts (JSON lines); this is the only place a number is written locally, as it is
 * the SMS itself.
 */
export class SmsOutbox implements SmsSender {
  private readonly entries: OutboxEntry[];
  private throttled = 0;
  private lostReplies = 0;
  private failing: 'retryable' | 'permanent' | null = null;
  private calls = 0;

  /** The faults this stand-in plays (fault tests); none until set. */
  readonly faults: SmsFaults = {
    throttle: (times) => {
      this.throttled = times;
    },
    failAll: (kind) => {
      this.failing = kind;
    },
    loseReplies: (times) => {
      this.lostReplies = times;
    },
    attempts: () => this.calls,
  };

  constructor(
    private readonly clock: Clock,
    private readonly file?: string,
  ) {
    this.entries = readJsonLines<OutboxEntry>(file);
  }

  async send(m: SmsMessage): Promise<void> {
    this.calls += 1;
    if (this.failing === 'retryable') throw new RetryableSendError('SNS: InternalErrorException');
    if (this.failing === 'permanent') throw new Error('SNS publish failed: InvalidParameterException');
    if (this.throttled > 0) {
      this.throttled -= 1;
      throw new RetryableSendError('SNS: ThrottledException');
    }
    const entry = { to: m.to, senderId: m.senderId, text: m.text, sentAt: this.clock.now().toISOString() };
    this.entries.push(entry);
    appendJsonLine(this.file, entry);
    if (this.lostReplies > 0) {
      this.lostReplies -= 1;
      throw new SendUnconfirmedError('SNS: no answer (TimeoutError)');
    }
  }

  /** Everything sent, oldest first. */
  list(): OutboxEntry[] {
    return [...this.entries];
  }
}
