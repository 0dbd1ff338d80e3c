/**
 * Envelope encryption of contacts with the local key (the KMS stand-in): a round trip, a fresh data
 * key and nonce per item, and failure on every kind of tampering — a changed ciphertext, tag, nonce
 * or wrapped key, a contact moved to another answer, a wrong key id.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contactContext, openContact, sealContact, type SealedContact } from '#shared/contacts/index.ts';
import { LOCAL_CONTACT_KEY_ID, LocalDataKeys } from '#local/local-data-keys.ts';

const keys = new LocalDataKeys();
const contact = { name: 'Maija Meikäläinen', phone: '+358401234567', email: 'maija@example.fi' };

function flip(bytes: Uint8Array, at = 0): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[at] = (copy[at] ?? 0) ^ 1;
  return copy;
}

describe('sealContact / openContact', () => {
  it('round-trips, with nothing of the contact in clear', async () => {
    const sealed = await sealContact(keys, 'f-1', 'keskusta-ta', contact);
    expect(await openContact(keys, sealed)).toEqual(contact);
    const all = Buffer.concat([sealed.sealed.ciphertext, sealed.sealed.wrappedKey, sealed.sealed.iv, sealed.sealed.tag]).toString('latin1');
    for (const v of ['Maija', '358401234567', '401234567', 'maija@example.fi']) expect(all).not.toContain(v);
    expect(sealed.sealed.keyId).toBe(LOCAL_CONTACT_KEY_ID);
  });

  it('uses a fresh data key and nonce for every item', async () => {
    const a = await sealContact(keys, 'f-1', 'u', contact);
    const b = await sealContact(keys, 'f-1', 'u', contact);
    expect(Buffer.from(a.sealed.wrappedKey).equals(Buffer.from(b.sealed.wrappedKey))).toBe(false);
    expect(Buffer.from(a.sealed.iv).equals(Buffer.from(b.sealed.iv))).toBe(false);
    expect(Buffer.from(a.sealed.ciphertext).equals(Buffer.from(b.sealed.ciphertext))).toBe(false);
  });

  it.each<[string, (s: SealedContact) => SealedContact]>([
    ['a changed ciphertext', (s) => ({ ...s, sealed: { ...s.sealed, ciphertext: flip(s.sealed.ciphertext) } })],
    ['a changed tag', (s) => ({ ...s, sealed: { ...s.sealed, tag: flip(s.sealed.tag) } })],
    ['a changed nonce', (s) => ({ ...s, sealed: { ...s.sealed, iv: flip(s.sealed.iv) } })],
    ['a changed wrapped key', (s) => ({ ...s, sealed: { ...s.sealed, wrappedKey: flip(s.sealed.wrappedKey, 20) } })],
    ['another key id', (s) => ({ ...s, sealed: { ...s.sealed, keyId: 'arn:aws:kms:eu-north-1:1:key/other' } })],
    ['the contact moved to another answer', (s) => ({ ...s, feedbackId: 'f-2' })],
  ])('refuses %s', async (_, tamper) => {
    const sealed = await sealContact(keys, 'f-1', 'keskusta-ta', contact);
    await expect(openContact(keys, tamper(sealed))).rejects.toThrow();
  });

  it('binds the data key to the context: the key service refuses it under another answer id', async () => {
    const key = await keys.generate(contactContext('f-1'));
    await expect(keys.decrypt(key.wrapped, key.keyId, contactContext('f-2'))).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
    expect(Buffer.from(await keys.decrypt(key.wrapped, key.keyId, contactContext('f-1'))).equals(Buffer.from(key.plaintext))).toBe(true);
  });
});

describe('the local key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'palaute-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created with mode 600 and read again on the next start, so stored contacts stay readable', async () => {
    const file = join(dir, 'contacts-key.json');
    const sealed = await sealContact(new LocalDataKeys(file), 'f-1', 'u', contact);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('Maija');
    expect(await openContact(new LocalDataKeys(file), sealed)).toEqual(contact);
    await expect(openContact(new LocalDataKeys(join(dir, 'other.json')), sealed)).rejects.toThrow();
  });
});
