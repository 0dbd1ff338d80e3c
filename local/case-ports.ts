/**
 * Stand-ins for the ports the cases feature uses but other features provide, until they are wired:
 * the mail outbox and event list of the platform (part C of issue 9) and the contact vault of the
 * contacts feature (part A). Each keeps what it was given in memory, so the local stack runs the case
 * jobs end to end and a test reads what they sent. TODO(coordinator): register part C's outbox and
 * event list and part A's vault instead, and remove this module.
 */
import type { Contact, ContactVault } from '#shared/cases/contact-vault.ts';
import type { DomainEvent, EventPublisher, Mail, Mailer } from '#shared/platform/index.ts';
import type { Clock } from '#shared/platform/time.ts';

/** A sent mail with when it was sent. */
export interface SentMail extends Mail {
  sentAt: string;
}

/** Mail kept in memory, newest last. */
export class MemoryMailer implements Mailer {
  readonly sent: SentMail[] = [];
  constructor(private readonly clock: Clock) {}
  async send(mail: Mail): Promise<void> {
    this.sent.push({ to: [...mail.to], subject: mail.subject, text: mail.text, sentAt: this.clock.now().toISOString() });
  }
}

/** Events kept in memory, in publishing order. */
export class MemoryEvents implements EventPublisher {
  readonly published: DomainEvent[] = [];
  async publish(events: readonly DomainEvent[]): Promise<void> {
    this.published.push(...events.map((e) => ({ ...e, detail: { ...e.detail } })));
  }
}

/** Contact details in memory, by answer id. */
export class MemoryContactVault implements ContactVault {
  private readonly contacts = new Map<string, Contact>();
  /** Stores a contact, as the submit path does in the contacts table. */
  put(feedbackId: string, contact: Contact): void {
    this.contacts.set(feedbackId, { ...contact });
  }
  async read(feedbackId: string): Promise<Contact | null> {
    const c = this.contacts.get(feedbackId);
    return c ? { ...c } : null;
  }
  async erase(feedbackIds: readonly string[]): Promise<number> {
    let n = 0;
    for (const id of feedbackIds) if (this.contacts.delete(id)) n += 1;
    return n;
  }
  /** Every stored id, for tests. */
  ids(): string[] {
    return [...this.contacts.keys()];
  }
}

/** The three stand-ins of one local stack. */
export interface CasePorts {
  mailer: MemoryMailer;
  events: MemoryEvents;
  contactVault: MemoryContactVault;
}

/** Creates the stand-ins. */
export function casePorts(clock: Clock): CasePorts {
  return { mailer: new MemoryMailer(clock), events: new MemoryEvents(), contactVault: new MemoryContactVault() };
}
