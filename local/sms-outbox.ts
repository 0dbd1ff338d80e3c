import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Clock } from '#shared/platform/time.ts';
import type { SmsMessage, SmsSender } from '#shared/sms/sms-sender.ts';

/** One SMS the local stack "sent". */
export interface OutboxEntry {
  to: string;
  senderId: string;
  text: string;
  sentAt: string;
}

/**
 * The SNS stand-in: every SMS goes to an outbox that `/dev/sms` shows. With a file the outbox is
 * kept across restarts (JSON lines); this is the only place a number is written locally, as it is
 * the SMS itself.
 */
export class SmsOutbox implements SmsSender {
  private readonly entries: OutboxEntry[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly file?: string,
  ) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) this.entries.push(JSON.parse(line) as OutboxEntry);
    }
  }

  async send(m: SmsMessage): Promise<void> {
    const entry = { to: m.to, senderId: m.senderId, text: m.text, sentAt: this.clock.now().toISOString() };
    this.entries.push(entry);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }

  /** Everything sent, oldest first. */
  list(): OutboxEntry[] {
    return [...this.entries];
  }
}
