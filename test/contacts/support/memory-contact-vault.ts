import type { Contact, ContactVault } from '#shared/contacts/index.ts';

/**
 * ContactVault in memory, faithful to DynamoContactVault (test/contacts/integration/
 * contact-vault.contract.test.ts runs the same behaviours against both): for use-case tests of case
 * handling. Contacts are kept as copies, so a caller changing what it got changes nothing stored.
 */
export class MemoryContactVault implements ContactVault {
  private readonly contacts = new Map<string, Contact>();

  /** Stores a contact as the submit path would (here in clear: there is no table to keep it from). */
  put(feedbackId: string, contact: Contact): void {
    if (!this.contacts.has(feedbackId)) this.contacts.set(feedbackId, { ...contact });
  }

  async read(feedbackId: string): Promise<Contact | null> {
    const c = this.contacts.get(feedbackId);
    return c ? { ...c } : null;
  }

  async erase(feedbackIds: readonly string[]): Promise<number> {
    let erased = 0;
    for (const id of new Set(feedbackIds)) if (this.contacts.delete(id)) erased++;
    return erased;
  }
}
