/** The SMS channel: visits in, a sampled invitation out the next day, a one-time survey link back. */
import { S, type ManifestFragment } from '../platform/index.ts';

/** The one-time link's paths: the survey (GET, and POST to answer), the thank-you page, opt-out. */
export const SURVEY_LINK_PATHS = { survey: '/s/{token}', thanks: '/s/{token}/thanks', optOut: '/s/{token}/opt-out' } as const;

/** The sparse index of invitations by sending day and time, removed when queued. */
export const BY_DUE = 'byDue';

const SMS_LINK =
  'Its callers are patients following an SMS link; the one-time token in the path, checked by the handler against its stored hash, is the credential, and a used or expired token gets nothing.';

/** The environment variables naming the SMS table and secret: functions read them here, without the fragment. */
export const SMS_ENV = { table: 'SMS_TABLE', secret: 'SMS_SECRET_ARN' } as const;

/**
 * The SMS feature's manifest fragment.
 *
 * `sms` — the SMS channel's state; no item holds a phone number except a pending invitation's
 *  encrypted one, deleted when sent. Every item expires (`expiresAt`).
 *  - Visit seen: `pk = VISIT#{hmac(visitId)}`, `sk = VISIT` — makes re-sent visits no-ops (looked up under every active key version).
 *  - Person: `pk = PERSON#{hmac(number)}`, `sk = COOLDOWN | OPTOUT` — one Query reads both; each
 *    row records the key version of its hash (`keyVersion`), an opt-out copied to a newer version
 *    also `rekeyedTo`. Intake looks a number up under every active key version.
 *  - Invitation: `pk = INV#{hmac(number)}#{sendDate}`, `sk = INV` — one per person and sending day;
 *    `keyVersion` names the key of its hash and encrypted number.
 *    Due invitations: sparse index `byDue`, `duePk = DUE#{sendDate}`, `dueSk = {sendAt}#{key}`,
 *    removed when queued.
 *  - Daily cap: `pk = CAP#{unitId}#{sendDate}`, `sk = CAP`, a counter.
 *  - Link: `pk = LINK#{sha256(token)}`, `sk = LINK` — the token itself is never stored.
 *  - Audit: `pk = AUDIT#{YYYY-MM}`, `sk = {date}#{unitId}` — counters; one Query per month of stats.
 *  - Daily rate (precision-targeted sampling): `pk = RATE#{YYYY-MM}`, `sk = {date}#{unitId}` — the
 *    rate a unit's visits of that day are sampled at, written once; one Query per month.
 */
// biome-ignore format: the fragment keeps its indentation inside the @__PURE__ call
export const smsManifest = /* @__PURE__ */ (() => ({
  tables: {
    sms: {
      envVar: SMS_ENV.table,
      partitionKey: S('pk'),
      sortKey: S('sk'),
      indexes: [{ name: BY_DUE, partitionKey: S('duePk'), sortKey: S('dueSk'), projection: 'KEYS_ONLY' }],
      ttlAttribute: 'expiresAt',
    },
  },
  functions: {
    receiveVisits: {
      entry: 'functions/sms/receive-visits.ts',
      description: 'Receives visits from the patient information system and schedules SMS invitations',
      memoryMb: 1024,
      timeoutSeconds: 29,
      // BatchGetItem and BatchWriteItem: the visits seen before, read and remembered a request at a time.
      tables: {
        sms: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
      },
      secrets: ['sms'],
    },
    smsStats: {
      entry: 'functions/sms/sms-stats.ts',
      description: 'Returns the SMS audit counters per day and unit',
      memoryMb: 256,
      timeoutSeconds: 10,
      tables: { sms: ['dynamodb:Query'] },
    },
    releaseInvitations: {
      entry: 'functions/sms/release-invitations.ts',
      description: 'Scheduled: queues the SMS invitations that are due',
      memoryMb: 256,
      timeoutSeconds: 60,
      tables: { sms: [`dynamodb:Query@${BY_DUE}`, 'dynamodb:UpdateItem'] },
      sendsTo: ['invitations'],
    },
    planSamplingRates: {
      entry: 'functions/sms/plan-sampling-rates.ts',
      description: 'Scheduled: sets the day’s SMS sampling rate of each unit with a precision target',
      memoryMb: 256,
      timeoutSeconds: 60,
      tables: { sms: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem'], aggregates: ['dynamodb:BatchGetItem'] },
    },
    sendSms: {
      entry: 'functions/sms/send-sms.ts',
      description: 'Queue consumer: sends SMS invitations through SNS at the configured rate',
      memoryMb: 256,
      timeoutSeconds: 60,
      tables: { sms: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
      secrets: ['sms'],
      sendsSms: true,
      needsPublicUrl: true,
    },
    smsSurvey: {
      entry: 'functions/sms/sms-survey.ts',
      description: 'The one-time SMS survey link: form, answer, thank-you and opt-out pages',
      memoryMb: 512,
      timeoutSeconds: 10,
      tables: {
        sms: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        feedback: ['dynamodb:PutItem'],
        idempotency: ['dynamodb:PutItem', 'dynamodb:GetItem'],
        contacts: ['dynamodb:PutItem'],
      },
      keys: { contacts: ['kms:GenerateDataKey'] },
      // Only to tell whether the key version a link was sealed under is still active (survey-link.ts).
      secrets: ['sms'],
    },
  },
  routes: [
    { method: 'POST', path: '/api/visits', function: 'receiveVisits', scopes: ['visits:write'] },
    { method: 'GET', path: '/api/sms/stats', function: 'smsStats', scopes: ['sms:read'] },
    { method: 'GET', path: SURVEY_LINK_PATHS.survey, function: 'smsSurvey', public: SMS_LINK },
    { method: 'POST', path: SURVEY_LINK_PATHS.survey, function: 'smsSurvey', public: SMS_LINK },
    { method: 'GET', path: SURVEY_LINK_PATHS.thanks, function: 'smsSurvey', public: SMS_LINK },
    { method: 'GET', path: SURVEY_LINK_PATHS.optOut, function: 'smsSurvey', public: SMS_LINK },
    { method: 'POST', path: SURVEY_LINK_PATHS.optOut, function: 'smsSurvey', public: SMS_LINK },
  ],
  queues: {
    invitations: {
      envVar: 'INVITATIONS_QUEUE_URL',
      consumer: 'sendSms',
      batchSize: 10,
      maxReceiveCount: 3,
      // At least 6 × the consumer's timeout is AWS's advice for SQS event sources.
      visibilityTimeoutSeconds: 360,
      maxConcurrency: 2,
      // SNS's default SMS quota is 20 messages/s per account; stay well under it.
      maxMessagesPerSecond: 10,
    },
  },
  schedules: {
    releaseInvitations: {
      function: 'releaseInvitations',
      expression: 'rate(5 minutes)',
      timezone: 'Europe/Helsinki',
      description: 'Queues due SMS invitations (the release itself skips quiet hours)',
    },
    planSamplingRates: {
      function: 'planSamplingRates',
      // The first run after midnight sets the day's rates; later runs find them set and read one Query.
      expression: 'rate(15 minutes)',
      timezone: 'Europe/Helsinki',
      description: 'Sets the day’s SMS sampling rates of units with a precision target (idempotent)',
    },
  },
  secrets: {
    sms: { envVar: SMS_ENV.secret, description: 'HMAC key for hashed numbers and sampling; AES key for pending numbers' },
  },
  scopes: ['visits:write', 'sms:read'],
} as const satisfies ManifestFragment))();
