import type { Contact } from './contact.ts';

/**
 * Where case handling reads and erases contacts: decrypted on read, gone for good on erase. Access
 * (a handler of the unit, scope `contacts:read`) and the audit entry are the caller's: the case knows
 * its unit and keeps its history.
 */
export interface ContactVault {
  /** The decrypted contact of an answer, or null when there is none (never given, or erased). */
  read(feedbackId: string): Promise<Contact | null>;
  /** Erases the contacts of these answers; returns how many existed and were erased. Repeatable. */
  erase(feedbackIds: readonly string[]): Promise<number>;
}
