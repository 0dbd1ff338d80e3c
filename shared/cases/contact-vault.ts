/**
 * What the cases feature needs of the contact store, which the contacts feature owns (its own table,
 * encrypted per item): read one request's contact details, and erase them after the retention period.
 */
export type { Contact, ContactVault } from '../contacts/index.ts';
