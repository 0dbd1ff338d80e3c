/** Staff pulse surveys: rounds of one-time answer codes per work unit, results only where anonymity holds. */
import { S, type ManifestFragment } from '../platform/index.ts';
import {
  PULSE_COMPARE_PATH,
  PULSE_FORM_PATH,
  PULSE_PAGE_PATH,
  PULSE_RESULTS_PATH,
  PULSE_ROUNDS_PATH,
  PULSE_SHEET_PATH,
  PULSE_THANKS_PATH,
} from './paths.ts';

/** The environment variable naming the pulse table: functions read it here, without the fragment. */
export const PULSE_TABLE_ENV = 'PULSE_TABLE';

/** The sparse index of rounds by work unit, newest last. */
export const BY_NODE = 'byNode';

/**
 * Environment of the pulse page's function for Cognito sign-in: the staff client's, as the
 * dashboard's and the workbench's, with its own callback URL.
 */
export const PULSE_AUTH_ENV = {
  authUrl: 'STAFF_AUTH_URL',
  clientId: 'STAFF_CLIENT_ID',
  pageUrl: 'PULSE_PAGE_URL',
} as const;

/** The API scopes the pulse page asks Cognito for. */
export const PULSE_PAGE_SCOPES = ['pulse:read', 'pulse:write'] as const;

const PUBLIC_FORM =
  'Staff answer a pulse round with a one-time code printed on a slip handed out anonymously: the code is the only credential, and no person may be identified, so no token is asked for. The code is refused once used.';

/**
 * The pulse feature's manifest fragment.
 *
 * `pulse` — `pk`/`sk`:
 *  - a round: `ROUND#{id}` / `ROUND`, with its unit, survey and version, period, number of codes and
 *    the answer counters (`answers`, `c_{statement}_{1…5}`) that a results read sums without reading answers;
 *    index `byNode` (`nodePk = NODE#{unitId}`, `nodeSk = {opensOn}#{id}`) lists a unit's rounds;
 *  - a code: `CODE#{sha256(code)}` / `CODE`, its round and `used` once answered (never the code itself);
 *  - an answer: `ANSWER#{roundId}` / `{random id}`: values per statement, the redacted open text and the
 *    Helsinki day only (no code, no time of day, no client data). Marking the code used, adding the
 *    answer and counting it are one TransactWriteItems, so no item links a code to an answer;
 *  - the printable sheet: `SHEET#{sha256(token)}` / `SHEET`, the round's codes sealed with a key derived
 *    from the sheet token (AES-256-GCM), which only the round's creator received; `expiresAt` (TTL).
 */
// biome-ignore format: the fragment keeps its indentation inside the @__PURE__ call
export const pulseManifest = /* @__PURE__ */ (() => ({
  tables: {
    pulse: {
      envVar: PULSE_TABLE_ENV,
      partitionKey: S('pk'),
      sortKey: S('sk'),
      ttlAttribute: 'expiresAt',
      indexes: [{ name: BY_NODE, partitionKey: S('nodePk'), sortKey: S('nodeSk'), projection: 'ALL' }],
    },
  },
  functions: {
    pulseApi: {
      entry: 'functions/pulse/pulse-api.ts',
      description: 'Pulse API: opens rounds with their one-time codes, lists rounds, results and staff beside customers',
      memoryMb: 512,
      timeoutSeconds: 10,
      tables: {
        // A round, its sealed sheet and its codes (BatchWriteItem); results read the round and the texts (Query).
        pulse: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:Query', 'dynamodb:Query@byNode'],
        // Customer NPS beside the pulse index, as the reports read it.
        aggregates: ['dynamodb:Query', 'dynamodb:BatchGetItem'],
      },
    },
    pulseForm: {
      entry: 'functions/pulse/pulse-form.ts',
      description: 'The staff answer form of a one-time code, its thank-you page and the printable sheet of a round',
      memoryMb: 256,
      timeoutSeconds: 10,
      // GetItem of the code, round and sheet; the answer is one TransactWriteItems of an Update (the
      // code marked used, the round's counters) and a Put (the answer).
      tables: { pulse: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
      needsPublicUrl: true,
    },
    pulsePage: {
      entry: 'functions/pulse/pulse-page.ts',
      description: "The supervisors' pulse page; its data comes from the pulse API with the signed-in token",
      memoryMb: 256,
      timeoutSeconds: 5,
      tables: {},
      env: PULSE_AUTH_ENV,
    },
  },
  routes: [
    { method: 'POST', path: PULSE_ROUNDS_PATH, function: 'pulseApi', scopes: ['pulse:write'] },
    { method: 'GET', path: PULSE_ROUNDS_PATH, function: 'pulseApi', scopes: ['pulse:read'] },
    { method: 'GET', path: PULSE_RESULTS_PATH, function: 'pulseApi', scopes: ['pulse:read'] },
    { method: 'GET', path: PULSE_COMPARE_PATH, function: 'pulseApi', scopes: ['pulse:read'] },
    { method: 'GET', path: PULSE_FORM_PATH, function: 'pulseForm', public: PUBLIC_FORM },
    { method: 'POST', path: PULSE_FORM_PATH, function: 'pulseForm', public: PUBLIC_FORM },
    { method: 'GET', path: PULSE_THANKS_PATH, function: 'pulseForm', public: 'A fixed thank-you page with no data in it.' },
    {
      method: 'GET',
      path: PULSE_SHEET_PATH,
      function: 'pulseForm',
      public:
        "The printable sheet of a round's codes, opened by a browser (which sends no bearer token): the token in its path is a 256-bit secret handed only to the supervisor who opened the round, and the codes are stored sealed under a key derived from it.",
    },
    {
      method: 'GET',
      path: PULSE_PAGE_PATH,
      function: 'pulsePage',
      public:
        "It serves the supervisors' pulse page only, no data: a browser navigating to a page sends no bearer token. The page signs staff in through Cognito and reads every figure from /api/pulse/*, which the JWT authorizer protects with palaute/pulse:read and pulse:write.",
    },
  ],
  queues: {},
  schedules: {},
  secrets: {},
  scopes: ['pulse:read', 'pulse:write'],
} as const satisfies ManifestFragment))();
