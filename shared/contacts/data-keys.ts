/**
 * The key service behind the contact encryption: KMS on AWS (`kms-data-keys.ts`), a key file in the
 * local data folder on the local stack (`local/local-data-keys.ts`), with the same semantics — a data
 * key is bound to its encryption context, and unwrapping it under another context fails.
 */

/** Additional authenticated data KMS binds a data key to; contacts use `{ purpose: 'contact', feedbackId }`. */
export type EncryptionContext = Readonly<Record<string, string>>;

/** A fresh data key: the plaintext to encrypt with (then forget), and the same key wrapped by the master key. */
export interface DataKey {
  plaintext: Uint8Array;
  wrapped: Uint8Array;
  /** The master key that wrapped it (its ARN on AWS), kept with the data to unwrap it later. */
  keyId: string;
}

/** A master key that issues and unwraps data keys (envelope encryption). */
export interface DataKeys {
  /** A new 256-bit data key bound to `context`. */
  generate(context: EncryptionContext): Promise<DataKey>;
  /** The plaintext of a wrapped data key; fails when `context` differs from the one it was made with. */
  decrypt(wrapped: Uint8Array, keyId: string, context: EncryptionContext): Promise<Uint8Array>;
}

/** The encryption context as one string, keys sorted: GCM's additional data, equal for equal contexts. */
export function contextBytes(context: EncryptionContext): Buffer {
  const sorted = Object.keys(context)
    .sort()
    .map((k) => [k, context[k]]);
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}
