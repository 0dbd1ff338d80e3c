/** The feedback feature: answers from the JSON API and the public HTML form, stored with their unit. */
import { S, type ManifestFragment } from '../platform/index.ts';

/** The HTML form's paths: the form (GET, and POST to send it) and the page after sending. */
export const FORM_PATHS = { form: '/f/{unitId}', thanks: '/f/{unitId}/thanks' } as const;

/** The index of answers by the UTC hour they arrived, read by the incremental aggregation. */
export const BY_ARRIVAL = 'byArrival';

const FORM_PAGES =
  'It is the public feedback form that anonymous citizens open from a QR code or link; it returns only the form and thank-you pages.';

/** The environment variables naming the feedback tables: functions read them here, without the fragment. */
export const FEEDBACK_TABLE_ENV = { feedback: 'FEEDBACK_TABLE', idempotency: 'IDEMPOTENCY_TABLE' } as const;

/**
 * The feedback feature's manifest fragment.
 *
 * `feedback` — one item per answer.
 *  - A unit's answers by time: Query `pk = UNIT#{unitId}`, `sk BETWEEN {fromIso} AND {toIso}` (sk = `{submittedAt}#{id}`).
 *  - A unit handler's queue: not here. The cases feature opens a case for each answer with free text
 *    or a contact request (from `byArrival`, each minute), and its table holds the queues.
 *  - Answers that arrived in an hour, for incremental aggregation: index `byArrival`,
 *    `arrivalPk = ARR#{UTC YYYY-MM-DDTHH of receivedAt}`, `arrivalSk = {receivedAt}#{id}`, keys only —
 *    the table key (`UNIT#{unitId}`, `{submittedAt}#…`) tells the unit and the Helsinki day to recompute.
 *    An answer given offline lands on the day it was given (`submittedAt`), found by when it arrived.
 *
 *  - Answers past retention, for the nightly purge: a Scan of the keys filtered on `date`, paged and
 *    deleted page by page. No index: keys are per unit and units removed from the config keep their
 *    answers, so only a Scan reaches every one; at a county's size it reads the table once a night
 *    for cents (README, "Retention").
 *
 * `idempotency` — `pk = IDEM#{sha256(Idempotency-Key)}`: one conditional PutItem claims a key; the
 *  item keeps the request hash and the answer so a retry returns the first id. Expires after 24 h:
 *  DynamoDB TTL on `expiresAt` on AWS, and the nightly purge everywhere (Scan filtered on `expiresAt`).
 */
// biome-ignore format: the fragment keeps its indentation inside the @__PURE__ call
export const feedbackManifest = /* @__PURE__ */ (() => ({
  tables: {
    feedback: {
      envVar: FEEDBACK_TABLE_ENV.feedback,
      partitionKey: S('pk'),
      sortKey: S('sk'),
      indexes: [
        { name: BY_ARRIVAL, partitionKey: S('arrivalPk'), sortKey: S('arrivalSk'), projection: 'KEYS_ONLY' },
      ],
    },
    idempotency: {
      envVar: FEEDBACK_TABLE_ENV.idempotency,
      partitionKey: S('pk'),
      indexes: [],
      ttlAttribute: 'expiresAt',
    },
  },
  functions: {
    submitFeedback: {
      entry: 'functions/feedback/submit-feedback.ts',
      description: 'Stores one feedback answer posted as JSON',
      memoryMb: 512,
      timeoutSeconds: 10,
      // An answer with a contact request is written with its encrypted contact in one TransactWriteItems
      // (authorised as PutItem on each table), under a data key made for it alone.
      tables: { feedback: ['dynamodb:PutItem'], idempotency: ['dynamodb:PutItem', 'dynamodb:GetItem'], contacts: ['dynamodb:PutItem'] },
      keys: { contacts: ['kms:GenerateDataKey'] },
    },
    enterFeedback: {
      entry: 'functions/feedback/enter-feedback.ts',
      description: 'Stores paper or oral feedback a staff member types in',
      memoryMb: 512,
      timeoutSeconds: 10,
      // An answer with a contact request is written with its encrypted contact in one TransactWriteItems
      // (authorised as PutItem on each table), under a data key made for it alone.
      tables: { feedback: ['dynamodb:PutItem'], idempotency: ['dynamodb:PutItem', 'dynamodb:GetItem'], contacts: ['dynamodb:PutItem'] },
      keys: { contacts: ['kms:GenerateDataKey'] },
    },
    formPage: {
      entry: 'functions/feedback/form-page.ts',
      description: 'Renders the public HTML feedback form and thank-you page',
      memoryMb: 256,
      timeoutSeconds: 5,
      tables: {},
    },
    formSubmit: {
      entry: 'functions/feedback/form-submit.ts',
      description: 'Stores an answer posted from the HTML form',
      memoryMb: 512,
      timeoutSeconds: 10,
      // An answer with a contact request is written with its encrypted contact in one TransactWriteItems
      // (authorised as PutItem on each table), under a data key made for it alone.
      tables: { feedback: ['dynamodb:PutItem'], idempotency: ['dynamodb:PutItem', 'dynamodb:GetItem'], contacts: ['dynamodb:PutItem'] },
      keys: { contacts: ['kms:GenerateDataKey'] },
    },
    purgeExpired: {
      entry: 'functions/feedback/purge-expired.ts',
      description: 'Scheduled nightly: deletes answers past retention and expired idempotency records',
      memoryMb: 512,
      // A normal night deletes a few hundred answers; the first run after retention is shortened may
      // delete years of them. A run cut off by the timeout has deleted what it reached, and the next continues.
      timeoutSeconds: 900,
      // Scan to find, BatchWriteItem to delete (IAM has no narrower action for deletes in a batch); no
      // GetItem, Query or DeleteItem. The Scan reads only key attributes (and filters on date).
      tables: { feedback: ['dynamodb:Scan', 'dynamodb:BatchWriteItem'], idempotency: ['dynamodb:Scan', 'dynamodb:BatchWriteItem'] },
    },
  },
  routes: [
    {
      method: 'POST',
      path: '/api/feedback',
      function: 'submitFeedback',
      public:
        'Its callers are anonymous citizens answering on the web or from a QR code, who have no account an authorizer could check; it accepts only those two channels, answered now and unassisted (staff-only claims need the entries route and its scope); the handler validates every answer and an idempotency key deduplicates retries.',
    },
    { method: 'POST', path: '/api/feedback/entries', function: 'enterFeedback', scopes: ['feedback:enter'] },
    {
      method: 'GET',
      path: FORM_PATHS.form,
      function: 'formPage',
      public: FORM_PAGES,
    },
    {
      method: 'GET',
      path: FORM_PATHS.thanks,
      function: 'formPage',
      public: FORM_PAGES,
    },
    {
      method: 'POST',
      path: FORM_PATHS.form,
      function: 'formSubmit',
      public:
        'Its callers are anonymous citizens posting the HTML form, who have no account an authorizer could check; the handler validates every answer and deduplicates retries.',
    },
  ],
  queues: {},
  schedules: {
    purgeExpired: {
      function: 'purgeExpired',
      // 04:00 exists exactly once on both DST days (03:00–03:59 is skipped in March and repeated in
      // October), and the run's Helsinki day is unambiguous.
      expression: 'cron(0 4 * * ? *)',
      timezone: 'Europe/Helsinki',
      description: 'At 04:00 Helsinki time: deletes answers past region.retention.answerYears and expired idempotency records',
    },
  },
  secrets: {},
  scopes: ['feedback:enter'],
} as const satisfies ManifestFragment))();
