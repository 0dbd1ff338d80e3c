/**
 * Staff entry without personal accounts: a unit's staff type in paper and oral feedback at
 * `/staff/{unitId}`, signed in with the unit's entry code instead of an account of their own.
 */
import { S, type ManifestFragment } from '../platform/index.ts';

/** The staff entry pages: the code page and entry form (GET, POST to store), and the sign-in post. */
export const STAFF_PATHS = { form: '/staff/{unitId}', session: '/staff/{unitId}/session' } as const;
/** Where a unit's handler makes a new entry code. */
export const ENTRY_CODE_PATH = '/api/units/{unitId}/entry-code';

/** The environment variable naming the staff entry table: functions read it here, without the fragment. */
export const STAFF_ENTRY_TABLE_ENV = 'STAFF_ENTRY_TABLE';

const STAFF_PAGES =
  "Its callers are a unit's staff without personal accounts (paper and oral feedback typed in on a shared computer); the unit's entry code, checked by the handler against its scrypt hash with a lockout after five wrong tries, is the credential, and the session it opens is a random id stored server-side.";

/**
 * The staff entry feature's manifest fragment.
 *
 * `staffentry` — small items per unit and per session, `pk` only; TTL on `expiresAt` where an item expires.
 *  - A unit's entry code: `pk = CODE#{unitId}` — the scrypt hash and salt of the code (never the code),
 *    its random `codeId` (sessions name it, so a new code ends the old code's sessions) and when it was made.
 *  - A unit's wrong tries: `pk = LOCK#{unitId}` — the times of the wrong tries of the last 15 minutes and
 *    `lockedUntil`, written with a PutItem conditional on `version`, so concurrent tries on any number
 *    of function instances are all counted.
 *  - A session: `pk = SESSION#{sha256(session id)}` — unit, `codeId`, `expiresAt` (8 hours); the id itself
 *    is only in the staff member's cookie.
 */
// biome-ignore format: the fragment keeps its indentation inside the @__PURE__ call
export const staffEntryManifest = /* @__PURE__ */ (() => ({
  tables: {
    staffentry: {
      envVar: STAFF_ENTRY_TABLE_ENV,
      partitionKey: S('pk'),
      indexes: [],
      ttlAttribute: 'expiresAt',
    },
  },
  functions: {
    entryCode: {
      entry: 'functions/staffentry/entry-code.ts',
      description: "Makes a unit's new staff entry code, replacing the old one",
      memoryMb: 512,
      timeoutSeconds: 10,
      tables: { staffentry: ['dynamodb:PutItem'] },
    },
    staffEntryPages: {
      entry: 'functions/staffentry/staff-pages.ts',
      description: 'The staff entry code page, the sign-in with the entry code and the empty entry form',
      // scrypt of a sign-in takes 16 MiB and tens of milliseconds of CPU: more memory is more CPU on Lambda.
      memoryMb: 512,
      timeoutSeconds: 10,
      tables: { staffentry: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
      needsPublicUrl: true,
    },
    staffEntrySubmit: {
      entry: 'functions/staffentry/staff-submit.ts',
      description: 'Stores paper or oral feedback typed in at the staff entry form',
      memoryMb: 512,
      timeoutSeconds: 10,
      // The session is read; the answer is stored as every submit path stores it (with a contact
      // request, in one TransactWriteItems authorised as PutItem on each table).
      tables: {
        staffentry: ['dynamodb:GetItem'],
        feedback: ['dynamodb:PutItem'],
        idempotency: ['dynamodb:PutItem', 'dynamodb:GetItem'],
        contacts: ['dynamodb:PutItem'],
      },
      keys: { contacts: ['kms:GenerateDataKey'] },
      needsPublicUrl: true,
    },
  },
  routes: [
    { method: 'POST', path: ENTRY_CODE_PATH, function: 'entryCode', scopes: ['cases:write'] },
    { method: 'GET', path: STAFF_PATHS.form, function: 'staffEntryPages', public: STAFF_PAGES },
    { method: 'POST', path: STAFF_PATHS.session, function: 'staffEntryPages', public: STAFF_PAGES },
    { method: 'POST', path: STAFF_PATHS.form, function: 'staffEntrySubmit', public: STAFF_PAGES },
  ],
  queues: {},
  schedules: {},
  secrets: {},
  scopes: [],
} as const satisfies ManifestFragment))();
