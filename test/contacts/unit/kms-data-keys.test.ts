/**
 * The KMS adapter sends exactly the commands the design names: GenerateDataKey (KeySpec AES_256, the
 * key id, the encryption context) and Decrypt (the stored key id and the same context), and an
 * envelope sealed through it opens through it.
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { contactContext, KmsDataKeys, openContact, sealContact } from '#shared/contacts/index.ts';

const KEY = 'arn:aws:kms:eu-north-1:111122223333:alias/palaute-test-contacts';
const KEY_ARN = 'arn:aws:kms:eu-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const kms = mockClient(KMSClient);
afterEach(() => kms.reset());

describe('KmsDataKeys', () => {
  it('asks GenerateDataKey for an AES-256 key under the configured key and the contact context', async () => {
    const plain = randomBytes(32);
    const wrapped = randomBytes(184);
    kms.on(GenerateDataKeyCommand).resolves({ Plaintext: plain, CiphertextBlob: wrapped, KeyId: KEY_ARN });
    const key = await new KmsDataKeys(KEY, new KMSClient({})).generate(contactContext('f-1'));
    expect(kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: KEY, KeySpec: 'AES_256', EncryptionContext: { purpose: 'contact', feedbackId: 'f-1' } },
    ]);
    expect(key).toEqual({ plaintext: plain, wrapped, keyId: KEY_ARN });
  });

  it('asks Decrypt with the blob, the stored key id and the same context', async () => {
    const plain = randomBytes(32);
    kms.on(DecryptCommand).resolves({ Plaintext: plain, KeyId: KEY_ARN });
    const wrapped = randomBytes(184);
    expect(await new KmsDataKeys(KEY, new KMSClient({})).decrypt(wrapped, KEY_ARN, contactContext('f-1'))).toEqual(plain);
    expect(kms.commandCalls(DecryptCommand).map((c) => c.args[0].input)).toEqual([
      { CiphertextBlob: wrapped, KeyId: KEY_ARN, EncryptionContext: { purpose: 'contact', feedbackId: 'f-1' } },
    ]);
  });

  it('seals and opens a contact through KMS, which sees only the data key', async () => {
    const plain = randomBytes(32);
    const wrapped = randomBytes(184);
    kms.on(GenerateDataKeyCommand).callsFake(() => ({ Plaintext: new Uint8Array(plain), CiphertextBlob: wrapped, KeyId: KEY_ARN }));
    kms.on(DecryptCommand).callsFake(() => ({ Plaintext: new Uint8Array(plain), KeyId: KEY_ARN }));
    const keys = new KmsDataKeys(KEY, new KMSClient({}));
    const sealed = await sealContact(keys, 'f-1', 'keskusta-ta', { phone: '+358401234567' });
    expect(sealed.sealed.keyId).toBe(KEY_ARN);
    expect(await openContact(keys, sealed)).toEqual({ phone: '+358401234567' });
    expect(JSON.stringify([...kms.calls()].map((c) => c.args[0].input))).not.toContain('358401234567');
  });

  it('fails when KMS refuses', async () => {
    kms.on(DecryptCommand).rejects(Object.assign(new Error('invalid'), { name: 'InvalidCiphertextException' }));
    await expect(new KmsDataKeys(KEY, new KMSClient({})).decrypt(randomBytes(10), KEY_ARN, contactContext('f-1'))).rejects.toThrow(
      'invalid',
    );
  });
});
