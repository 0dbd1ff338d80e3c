/**
 * The stand-in for the contact vault the cases feature reads but the contacts feature provides (part A
 * of issue 9), until it is wired: contact details in memory, so the local stack serves the contact
 * route and runs the purge end to end. TODO(coordinator): register part A's vault (its table and local
 * key) instead, and remove this module.
 */
import type { Contact, ContactVault } from '#shared/cases/contact-vault.ts';

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

/** The stand-ins of one local stack. */
export interface CasePorts {
  contactVault: MemoryContactVault;
}

/** Creates the stand-ins. */
export function casePorts(): CasePorts {
  return { contactVault: new MemoryContactVault() };
}
