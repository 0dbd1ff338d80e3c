/**
 * An e-mail to a functional mailbox (a unit's handlers): Amazon SES v2 on AWS, the local outbox
 * (`/dev/mail`) locally. Mails carry counts and links only, never free text or contact data, so the
 * port takes plain text and nothing else.
 */
export interface Mail {
  /** Functional mailboxes from the region config (`handlerEmails`), never a patient's address. */
  to: readonly string[];
  subject: string;
  text: string;
}

/** Sends e-mail; a failure throws, so the scheduled job that sent it can retry on its next run. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}
