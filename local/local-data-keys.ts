import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InvalidCiphertextException } from '@aws-sdk/client-kms';
import { contextBytes, type DataKey, type DataKeys, type EncryptionContext } from '#shared/contacts/index.ts';

/** The local master key's id, where KMS would give the key's ARN. */
export const LOCAL_CONTACT_KEY_ID = 'local/contacts';

/**
 * The KMS stand-in for the contact key: a 256-bit master key in a git-ignored file of the local data
 * folder (mode 600), made on first start; without a file (tests) it lives in memory. Data keys are
 * wrapped with AES-256-GCM under the master key with the encryption context as additional data, so,
 * as with KMS, a data key unwraps only under the context it was made with (and only with this key).
 */
export class LocalDataKeys implements DataKeys {
  private readonly master: Buffer;

  constructor(file?: string) {
    if (file && existsSync(file)) this.master = Buffer.from((JSON.parse(readFileSync(file, 'utf8')) as { key: string }).key, 'base64url');
    else {
      this.master = randomBytes(32);
      if (file)
        writeFileSync(file, `${JSON.stringify({ keyId: LOCAL_CONTACT_KEY_ID, key: this.master.toString('base64url') }, null, 2)}\n`, {
          mode: 0o600,
        });
    }
  }

  async generate(context: EncryptionContext): Promise<DataKey> {
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.master, iv);
    cipher.setAAD(contextBytes(context));
    const wrapped = Buffer.concat([iv, Buffer.concat([cipher.update(plaintext), cipher.final()]), cipher.getAuthTag()]);
    return { plaintext: new Uint8Array(plaintext), wrapped: new Uint8Array(wrapped), keyId: LOCAL_CONTACT_KEY_ID };
  }

  async decrypt(wrapped: Uint8Array, keyId: string, context: EncryptionContext): Promise<Uint8Array> {
    const blob = Buffer.from(wrapped);
    try {
      if (keyId !== LOCAL_CONTACT_KEY_ID || blob.length !== 12 + 32 + 16) throw new Error('not a blob of this key');
      const decipher = createDecipheriv('aes-256-gcm', this.master, blob.subarray(0, 12));
      decipher.setAAD(contextBytes(context));
      decipher.setAuthTag(blob.subarray(44));
      return new Uint8Array(Buffer.concat([decipher.update(blob.subarray(12, 44)), decipher.final()]));
    } catch {
      // What KMS answers a blob that does not open under the key and context given.
      throw new InvalidCiphertextException({ message: 'The ciphertext is invalid for this key and encryption context', $metadata: {} });
    }
  }
}
