import { dynamo, localAdapter, requireEnv, tableNameFromEnv } from '../platform/index.ts';
import type { ContactVault } from './contact-vault.ts';
import type { DataKeys } from './data-keys.ts';
import { DynamoContactVault } from './dynamo-contact-vault.ts';
import { KmsDataKeys } from './kms-data-keys.ts';
import { CONTACTS_ENV } from './manifest.ts';

/** The name the local stack registers its key-file stand-in under (`local/local-data-keys.ts`). */
export const LOCAL_CONTACT_KEYS = 'contactKeys';

/** The contact key: the KMS key named in CONTACTS_KEY_ID on Lambda, the local key file on the local stack. */
export function contactKeysFromEnv(): DataKeys {
  return localAdapter<DataKeys>(LOCAL_CONTACT_KEYS) ?? new KmsDataKeys(requireEnv(CONTACTS_ENV.key, 'id of the contacts KMS key'));
}

/** The contacts table's name, from its manifest environment variable. */
export function contactsTableFromEnv(): string {
  return tableNameFromEnv('contacts', { envVar: CONTACTS_ENV.table });
}

let vault: ContactVault | undefined;

/**
 * The process's contact vault: reading needs GetItem on contacts and kms:Decrypt on the contact key,
 * erasing DeleteItem only. The key is looked up at the first read, so a function that only erases
 * (the daily purge) needs no key and no CONTACTS_KEY_ID.
 */
export function contactVaultFromEnv(): ContactVault {
  let keys: DataKeys | undefined;
  const key = () => (keys ??= contactKeysFromEnv());
  vault ??= new DynamoContactVault(dynamo(), contactsTableFromEnv(), {
    generate: (context) => key().generate(context),
    decrypt: (wrapped, keyId, context) => key().decrypt(wrapped, keyId, context),
  });
  return vault;
}
