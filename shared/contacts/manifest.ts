/** The contacts feature: contact requests kept apart from the answers, encrypted per item. */
import { S, type ManifestFragment } from '../platform/index.ts';

/** The environment variables naming the contacts table and key: functions read them here, without the fragment. */
export const CONTACTS_ENV = { table: 'CONTACTS_TABLE', key: 'CONTACTS_KEY_ID' } as const;

/** The phone check's module beside a Lambda bundle, built from PHONE_CHECK_ENTRY (`lib/bundling.ts`, the bench). */
export const PHONE_CHECK_FILE = 'phone-check.mjs';
/** The module the phone check's sidecar is built from, relative to the repository root. */
export const PHONE_CHECK_ENTRY = 'shared/contacts/phone-check.ts';

/** The `purpose` of every contact's encryption context, and the condition of every grant on the key. */
export const CONTACT_PURPOSE = 'contact';

/**
 * The contacts feature's manifest fragment. It declares storage only: the functions that write
 * contacts (the submit functions) and read or erase them (case handling) are granted them in their own
 * fragments.
 *
 * `contacts` — one item per contact request: `pk = CONTACT#{feedbackId}` (the answer's id, which is
 *  also its case's id). Attributes: `unitId` (for access checks before anything is decrypted), the
 *  AES-256-GCM `ciphertext`, `iv` and `tag`, the `wrappedKey` (the item's own data key, wrapped by the
 *  KMS key under the context `{ purpose: 'contact', feedbackId }`) and `keyId`; nothing in clear.
 *  Written together with its answer in one TransactWriteItems; read by GetItem; erased by DeleteItem
 *  when its case has been closed long enough (no TTL: the deadline is counted from the closing).
 *
 * Key `contacts` — the customer-managed KMS key the data keys are made with.
 */
// biome-ignore format: the fragment keeps its indentation inside the @__PURE__ call
export const contactsManifest = /* @__PURE__ */ (() => ({
  tables: {
    contacts: {
      envVar: CONTACTS_ENV.table,
      partitionKey: S('pk'),
      indexes: [],
    },
  },
  functions: {},
  routes: [],
  queues: {},
  schedules: {},
  secrets: {},
  keys: {
    contacts: {
      envVar: CONTACTS_ENV.key,
      description: 'Envelope encryption of contact requests (name, phone, e-mail), one data key per item',
      purpose: CONTACT_PURPOSE,
    },
  },
  scopes: [],
} as const satisfies ManifestFragment))();
