import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { contextBytes, type DataKeys, type EncryptionContext } from './data-keys.ts';

/** A value encrypted under its own data key: everything needed to open it, nothing in clear. */
export interface Sealed {
  ciphertext: Uint8Array;
  /** 96-bit GCM nonce, random per item (each item has its own key anyway). */
  iv: Uint8Array;
  /** 128-bit GCM authentication tag. */
  tag: Uint8Array;
  /** The data key, wrapped by the master key under the same context. */
  wrappedKey: Uint8Array;
  keyId: string;
}

/**
 * Envelope encryption: a fresh data key per value from the key service, AES-256-GCM with the
 * encryption context also as additional data, so a sealed value copied to another item (another
 * feedback id) fails to open twice over — KMS refuses the key, GCM the tag.
 */
export async function seal(keys: DataKeys, context: EncryptionContext, plaintext: Uint8Array): Promise<Sealed> {
  const key = await keys.generate(context);
  try {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.plaintext, iv);
    cipher.setAAD(contextBytes(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { ciphertext, iv, tag: cipher.getAuthTag(), wrappedKey: key.wrapped, keyId: key.keyId };
  } finally {
    key.plaintext.fill(0);
  }
}

/** Opens a sealed value; throws when any part was changed or the context is not the one it was sealed under. */
export async function open(keys: DataKeys, context: EncryptionContext, sealed: Sealed): Promise<Uint8Array> {
  const key = await keys.decrypt(sealed.wrappedKey, sealed.keyId, context);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
    decipher.setAAD(contextBytes(context));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } finally {
    key.fill(0);
  }
}
