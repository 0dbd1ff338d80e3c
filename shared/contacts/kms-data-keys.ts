import type { DecryptCommandInput, GenerateDataKeyCommandInput, KMSClient } from '@aws-sdk/client-kms';
import type { DataKey, DataKeys, EncryptionContext } from './data-keys.ts';

/** The exact GenerateDataKey request for a contact's data key: AES-256, bound to the context. */
export function generateDataKeyInput(keyId: string, context: EncryptionContext): GenerateDataKeyCommandInput {
  return { KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } };
}

/** The exact Decrypt request: the stored key id (so KMS refuses a blob of another key) and the context. */
export function decryptInput(wrapped: Uint8Array, keyId: string, context: EncryptionContext): DecryptCommandInput {
  return { CiphertextBlob: wrapped, KeyId: keyId, EncryptionContext: { ...context } };
}

/**
 * DataKeys on a customer-managed KMS key. The KMS client is loaded at first use: only submissions
 * with a contact request (and contact reads) need it, so the other requests' cold starts do not
 * load it (the SDK is external to the bundles, as the Lambda runtime ships it).
 */
export class KmsDataKeys implements DataKeys {
  private client: KMSClient | undefined;

  constructor(
    private readonly keyId: string,
    client?: KMSClient,
  ) {
    this.client = client;
  }

  async generate(context: EncryptionContext): Promise<DataKey> {
    const { GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
    const out = await (await this.kms()).send(new GenerateDataKeyCommand(generateDataKeyInput(this.keyId, context)));
    if (!out.Plaintext || !out.CiphertextBlob || !out.KeyId) throw new Error('KMS GenerateDataKey returned no key');
    return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob, keyId: out.KeyId };
  }

  async decrypt(wrapped: Uint8Array, keyId: string, context: EncryptionContext): Promise<Uint8Array> {
    const { DecryptCommand } = await import('@aws-sdk/client-kms');
    const out = await (await this.kms()).send(new DecryptCommand(decryptInput(wrapped, keyId, context)));
    if (!out.Plaintext) throw new Error('KMS Decrypt returned no plaintext');
    return out.Plaintext;
  }

  private async kms(): Promise<KMSClient> {
    if (!this.client) {
      const { KMSClient } = await import('@aws-sdk/client-kms');
      this.client = new KMSClient({});
    }
    return this.client;
  }
}
