/**
 * What the cases feature needs of the contact store (the contacts feature owns it: its own table,
 * encrypted per item): read one request's contact details, and erase them after the retention period.
 */

/** Contact details as the person gave them; absent fields omitted. */
export interface Contact {
  name?: string;
  phone?: string;
  email?: string;
}

/** The contact store, as cases use it. */
export interface ContactVault {
  /** The decrypted contact details of an answer, or null when none are stored (never given, or erased). */
  read(feedbackId: string): Promise<Contact | null>;
  /** Erases the contact details of these answers; returns how many were erased (absent ones are not errors). */
  erase(feedbackIds: readonly string[]): Promise<number>;
}
