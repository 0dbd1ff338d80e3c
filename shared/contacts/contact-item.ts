import type { Contact } from './contact.ts';
import type { DataKeys, EncryptionContext } from './data-keys.ts';
import { open, seal, type Sealed } from './envelope.ts';
import { CONTACT_PURPOSE } from './manifest.ts';

/** A contact request ready to store: its answer's id, its unit, and the contact sealed under a key of its own. */
export interface SealedContact {
  feedbackId: string;
  unitId: string;
  sealed: Sealed;
}

/** The encryption context of a contact: bound to its answer, so a sealed contact opens nowhere else. */
export function contactContext(feedbackId: string): EncryptionContext {
  return { purpose: CONTACT_PURPOSE, feedbackId };
}

/** Encrypts a contact for its answer (envelope encryption, a fresh data key). */
export async function sealContact(keys: DataKeys, feedbackId: string, unitId: string, contact: Contact): Promise<SealedContact> {
  const plaintext = Buffer.from(JSON.stringify(contact), 'utf8');
  try {
    return { feedbackId, unitId, sealed: await seal(keys, contactContext(feedbackId), plaintext) };
  } finally {
    plaintext.fill(0);
  }
}

/** Decrypts a stored contact; throws when it was changed or belongs to another answer. */
export async function openContact(keys: DataKeys, item: SealedContact): Promise<Contact> {
  const plain = await open(keys, contactContext(item.feedbackId), item.sealed);
  return JSON.parse(Buffer.from(plain).toString('utf8')) as Contact;
}

/** The contacts table's key of a contact; written down beside the table in shared/contacts/manifest.ts. */
export function contactKey(feedbackId: string): { pk: string } {
  return { pk: `CONTACT#${feedbackId}` };
}

/** The stored item: keys, unit and the sealed parts as binary attributes, nothing in clear. */
export function contactItem(c: SealedContact): Record<string, unknown> {
  const { ciphertext, iv, tag, wrappedKey, keyId } = c.sealed;
  return { ...contactKey(c.feedbackId), feedbackId: c.feedbackId, unitId: c.unitId, ciphertext, iv, tag, wrappedKey, keyId };
}

/** A stored item back as a sealed contact. */
export function fromContactItem(item: Record<string, unknown>): SealedContact {
  const bytes = (k: string) => item[k] as Uint8Array;
  return {
    feedbackId: item.feedbackId as string,
    unitId: item.unitId as string,
    sealed: {
      ciphertext: bytes('ciphertext'),
      iv: bytes('iv'),
      tag: bytes('tag'),
      wrappedKey: bytes('wrappedKey'),
      keyId: item.keyId as string,
    },
  };
}

/**
 * The Put of a contact inside the submit's TransactWriteItems (beside the answer's Put): a new item
 * only, so a replayed submission cancels the whole transaction rather than re-encrypting a stored contact.
 */
export function contactPut(table: string, c: SealedContact) {
  return { TableName: table, Item: contactItem(c), ConditionExpression: 'attribute_not_exists(pk)' };
}
