import type { Mail, Mailer } from '#shared/platform/mail-port.ts';
import { checkMail } from '#shared/platform/ses-mailer.ts';
import type { Clock } from '#shared/platform/time.ts';
import { appendJsonLine, readJsonLines } from './json-lines.ts';

/** One mail the local stack "sent", as `GET /dev/mail` lists it. */
export interface MailEntry {
  to: string[];
  subject: string;
  text: string;
  sentAt: string;
}

/** Faults the SES stand-in plays: the next sends fail as the SES adapter fails on a throttled or failed call. */
export interface MailFaults {
  failNext(times: number): void;
}

/**
 * The SES stand-in: every mail goes to an outbox that `/dev/mail` shows, after the same check the SES
 * adapter makes (a mail SES would be asked to send malformed is refused here too). With a file the
 * outbox is kept across restarts (JSON lines).
 */
export class MailOutbox implements Mailer {
  private readonly entries: MailEntry[];
  private failing = 0;

  /** The faults this stand-in plays (tests of a job that must send again on its next run); none until set. */
  readonly faults: MailFaults = {
    failNext: (times) => {
      this.failing = times;
    },
  };

  constructor(
    private readonly clock: Clock,
    private readonly file?: string,
  ) {
    this.entries = readJsonLines<MailEntry>(file);
  }

  async send(mail: Mail): Promise<void> {
    checkMail(mail);
    if (this.failing > 0) {
      this.failing -= 1;
      throw new Error('SES SendEmail failed: TooManyRequestsException');
    }
    const entry: MailEntry = { to: [...mail.to], subject: mail.subject, text: mail.text, sentAt: this.clock.now().toISOString() };
    this.entries.push(entry);
    appendJsonLine(this.file, entry);
  }

  /** Everything sent, oldest first. */
  list(): MailEntry[] {
    return [...this.entries];
  }
}
