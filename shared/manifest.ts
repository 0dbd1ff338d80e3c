/**
 * The one declaration of what the system is made of: tables, functions and routes. The CDK app
 * (lib/) builds AWS resources from it and the local stack (local/) builds its router and dynalite
 * tables from it, so the two runtimes cannot drift. Plain data only: no CDK or SDK imports, since
 * functions import it for table environment names.
 */

/** Attribute of a key schema; every key here is a string. */
export interface KeyAttribute {
  name: string;
  type: 'S';
}

/** A global secondary index. */
export interface IndexSpec {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Projected attributes: ALL, or KEYS_ONLY. */
  projection: 'ALL' | 'KEYS_ONLY';
}

/** A DynamoDB table and the environment variable that carries its name to functions. */
export interface TableSpec {
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  indexes: IndexSpec[];
  /** Attribute holding an epoch-seconds expiry, deleted by DynamoDB TTL (dynalite ignores it). */
  ttlAttribute?: string;
}

const S = (name: string): KeyAttribute => ({ name, type: 'S' });

/**
 * Tables, with the access patterns their keys serve.
 *
 * `feedback` — one item per answer.
 *  - A unit's answers by time: Query `pk = UNIT#{unitId}`, `sk BETWEEN {fromIso} AND {toIso}` (sk = `{submittedAt}#{id}`).
 *  - All answers of a Helsinki day, for aggregation: Query index `byDay`, `dayPk = DAY#{YYYY-MM-DD}`,
 *    sorted by `dayUnitSk = {unitId}#{submittedAt}#{id}`; one partition per day holds the national
 *    10× design load (~550 k answers a day at most) well within a partition's 1,000 writes/s.
 *  - A unit handler's queue (coming): sparse index `byQueue`, `queuePk = QUEUE#{unitId}` set only on
 *    answers that await handling (free text; later contact requests), removed when handled.
 *  - Answers that arrived in an hour, for incremental aggregation: index `byArrival`,
 *    `arrivalPk = ARR#{UTC YYYY-MM-DDTHH of receivedAt}`, `arrivalSk = {receivedAt}#{id}`, keys only —
 *    the table key (`UNIT#{unitId}`, `{submittedAt}#…`) tells the unit and the Helsinki day to recompute.
 *    An answer given offline lands on the day it was given (`submittedAt`), found by when it arrived.
 *
 * `idempotency` — `pk = IDEM#{sha256(Idempotency-Key)}`: one conditional PutItem claims a key; the
 *  item keeps the request hash and the answer so a retry returns the first id. Expires after 24 h.
 *
 * `sms` — the SMS channel's state; no item holds a phone number except a pending invitation's
 *  encrypted one, deleted when sent. Every item expires (`expiresAt`).
 *  - Visit seen: `pk = VISIT#{sha256(visitId)}`, `sk = VISIT` — makes re-sent visits no-ops.
 *  - Person: `pk = PERSON#{hmac(number)}`, `sk = COOLDOWN | OPTOUT` — one Query reads both.
 *  - Invitation: `pk = INV#{hmac(number)}#{sendDate}`, `sk = INV` — one per person and sending day.
 *    Due invitations: sparse index `byDue`, `duePk = DUE#{sendDate}`, `dueSk = {sendAt}#{key}`,
 *    removed when queued.
 *  - Daily cap: `pk = CAP#{unitId}#{sendDate}`, `sk = CAP`, a counter.
 *  - Link: `pk = LINK#{sha256(token)}`, `sk = LINK` — the token itself is never stored.
 *  - Audit: `pk = AUDIT#{YYYY-MM}`, `sk = {date}#{unitId}` — counters; one Query per month of stats.
 *
 * `aggregates` — NPS snapshots: additive counts per org node and period.
 *  - A node's series: `pk = AGG#{nodeId}#{day|week|month|quarter|year}`, `sk = {period}` (`2026-11-22`,
 *    `2026-W47`, `2026-11`, `2026-Q4`, `2026`) — one Query of 24 items per node for 24 months; a report
 *    reads its node and the nodes that decide its suppression (the region: itself and 4 service areas).
 *  - Children of a node for one period: BatchGetItem of their keys.
 *  - The incremental run's watermark: `pk = META`, `sk = watermark`.
 */
export const tables = {
  feedback: {
    envVar: 'FEEDBACK_TABLE',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    indexes: [
      { name: 'byDay', partitionKey: S('dayPk'), sortKey: S('dayUnitSk'), projection: 'ALL' },
      { name: 'byQueue', partitionKey: S('queuePk'), sortKey: S('sk'), projection: 'KEYS_ONLY' },
      { name: 'byArrival', partitionKey: S('arrivalPk'), sortKey: S('arrivalSk'), projection: 'KEYS_ONLY' },
    ],
  },
  idempotency: {
    envVar: 'IDEMPOTENCY_TABLE',
    partitionKey: S('pk'),
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
  sms: {
    envVar: 'SMS_TABLE',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    indexes: [{ name: 'byDue', partitionKey: S('duePk'), sortKey: S('dueSk'), projection: 'KEYS_ONLY' }],
    ttlAttribute: 'expiresAt',
  },
  aggregates: {
    envVar: 'AGGREGATES_TABLE',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    indexes: [],
  },
} as const satisfies Record<string, TableSpec>;

/** Name of a table in the manifest. */
export type TableName = keyof typeof tables;

/** DynamoDB actions a function may be granted on a table: the least it needs, never a wildcard. */
export type DynamoAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem' | 'dynamodb:Query' | 'dynamodb:BatchWriteItem' | 'dynamodb:BatchGetItem';

/** An SQS queue with its dead-letter queue; its URL reaches producers in `envVar`. */
export interface QueueSpec {
  envVar: string;
  /** Function that consumes it (an SQS event source with partial batch responses). */
  consumer: FunctionName;
  batchSize: number;
  /** Deliveries before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
  /** Most consumer instances at once (SQS event sources allow no fewer than 2). */
  maxConcurrency: number;
  /** Most messages handled per second across all consumers; each consumer takes its share. */
  maxMessagesPerSecond: number;
}

/** A schedule (EventBridge Scheduler on AWS, a timer locally), in Helsinki time. */
export interface ScheduleSpec {
  function: FunctionName;
  /** EventBridge Scheduler expression: `rate(5 minutes)` or `cron(min hour dom month dow year)`. */
  expression: string;
  timezone: 'Europe/Helsinki';
  description: string;
}

/** A secret: Secrets Manager on AWS (its ARN in `envVar`), a git-ignored file locally. */
export interface SecretSpec {
  envVar: string;
  description: string;
}

/** A Lambda function: its handler module and what it may touch. */
export interface FunctionSpec {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Table → actions granted; the table's name reaches the function in the table's `envVar`. */
  tables: Partial<Record<TableName, readonly DynamoAction[]>>;
  /** Queues it sends to. */
  sendsTo?: readonly QueueName[];
  /** Secrets it reads. */
  secrets?: readonly SecretName[];
  /** Whether it publishes SMS through SNS. */
  sendsSms?: boolean;
  /** Whether it needs PUBLIC_BASE_URL, the origin links point to. */
  needsPublicUrl?: boolean;
}

/** Functions. */
export const functions = {
  health: { entry: 'functions/platform/health.ts', description: 'Liveness check', memoryMb: 128, timeoutSeconds: 3, tables: {} },
  listUnits: { entry: 'functions/surveys/list-units.ts', description: 'Lists the units feedback can be given to', memoryMb: 256, timeoutSeconds: 5, tables: {} },
  getSurvey: { entry: 'functions/surveys/get-survey.ts', description: 'Returns the current version of a survey in one language', memoryMb: 256, timeoutSeconds: 5, tables: {} },
  submitFeedback: {
    entry: 'functions/feedback/submit-feedback.ts',
    description: 'Stores one feedback answer posted as JSON',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { feedback: ['dynamodb:PutItem'], idempotency: ['dynamodb:PutItem', 'dynamodb:GetItem'] },
  },
  formPage: { entry: 'functions/feedback/form-page.ts', description: 'Renders the public HTML feedback form and thank-you page', memoryMb: 256, timeoutSeconds: 5, tables: {} },
  formSubmit: {
    entry: 'functions/feedback/form-submit.ts',
    description: 'Stores an answer posted from the HTML form',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { feedback: ['dynamodb:PutItem'], idempotency: ['dynamodb:PutItem', 'dynamodb:GetItem'] },
  },
  receiveVisits: {
    entry: 'functions/sms/receive-visits.ts',
    description: 'Receives visits from the patient information system and schedules SMS invitations',
    memoryMb: 1024,
    timeoutSeconds: 29,
    tables: { sms: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
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
    tables: { sms: ['dynamodb:Query', 'dynamodb:UpdateItem'] },
    sendsTo: ['invitations'],
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
    },
  },
  aggregate: {
    entry: 'functions/reporting/aggregate.ts',
    description: 'Scheduled: recomputes the NPS snapshots touched by newly arrived answers',
    memoryMb: 1024,
    timeoutSeconds: 300,
    tables: { feedback: ['dynamodb:Query'], aggregates: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'] },
  },
  aggregateNightly: {
    entry: 'functions/reporting/aggregate-nightly.ts',
    description: 'Scheduled nightly: recomputes the last two days of every unit and their roll-ups',
    memoryMb: 1024,
    timeoutSeconds: 900,
    tables: { feedback: ['dynamodb:Query'], aggregates: ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'] },
  },
  reports: {
    entry: 'functions/reporting/reports.ts',
    description: 'Reporting API: NPS series, statements, children and breakdowns from the snapshots',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { aggregates: ['dynamodb:Query', 'dynamodb:BatchGetItem'] },
  },
  exportMonthly: {
    entry: 'functions/reporting/export-monthly.ts',
    description: 'National monthly export: one CSV row per unit',
    memoryMb: 512,
    timeoutSeconds: 29,
    tables: { aggregates: ['dynamodb:Query', 'dynamodb:BatchGetItem'] },
  },
  dashboard: {
    entry: 'functions/reporting/dashboard.ts',
    description: 'The managers\' dashboard page; its data comes from the reporting API with the signed-in token',
    memoryMb: 256,
    timeoutSeconds: 5,
    tables: {},
  },
  publicResults: {
    entry: 'functions/reporting/public-results.ts',
    description: 'Public results: NPS of the last 30 days per service area and unit, suppressed below the public threshold',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { aggregates: ['dynamodb:Query', 'dynamodb:BatchGetItem'] },
  },
} as const satisfies Record<string, FunctionSpec>;

/** Name of a function in the manifest. */
export type FunctionName = keyof typeof functions;

/** Queues. */
export const queues = {
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
} as const satisfies Record<string, QueueSpec>;

/** Name of a queue in the manifest. */
export type QueueName = 'invitations';

/** Schedules. */
export const schedules = {
  releaseInvitations: {
    function: 'releaseInvitations',
    expression: 'rate(5 minutes)',
    timezone: 'Europe/Helsinki',
    description: 'Queues due SMS invitations (the release itself skips quiet hours)',
  },
  aggregate: {
    function: 'aggregate',
    expression: 'rate(15 minutes)',
    timezone: 'Europe/Helsinki',
    description: 'Recomputes the NPS snapshots touched by answers that arrived since the last run',
  },
  aggregateNightly: {
    function: 'aggregateNightly',
    // 04:30 exists exactly once on both DST days; 03:30 is skipped in March and runs twice in October.
    expression: 'cron(30 4 * * ? *)',
    timezone: 'Europe/Helsinki',
    description: 'At 04:30 Helsinki time: recomputes the last two days of every unit',
  },
} as const satisfies Record<string, ScheduleSpec>;

/** Secrets. */
export const secrets = {
  sms: { envVar: 'SMS_SECRET_ARN', description: 'HMAC key for hashed numbers and sampling; AES key for pending numbers' },
} as const satisfies Record<string, SecretSpec>;

/** Name of a secret in the manifest. */
export type SecretName = 'sms';

/** OAuth scopes of the API; on AWS they are prefixed with the resource server, `palaute/visits:write`. */
export const SCOPES = ['visits:write', 'sms:read', 'reports:read'] as const;
/** An API scope. */
export type Scope = (typeof SCOPES)[number];
/** Identifier of the Cognito resource server; scopes in tokens read `palaute/<scope>`. */
export const RESOURCE_SERVER = 'palaute';
/**
 * Staff see the org nodes (and everything below them) named by their Cognito groups `org:<nodeId>`;
 * API Gateway passes the `cognito:groups` claim to handlers as the string `[org:a org:b]`.
 */
export const ORG_GROUP_PREFIX = 'org:';

/** An HTTP route: method and API Gateway path (with `{param}` segments) → function. */
export interface RouteSpec {
  method: 'GET' | 'POST';
  path: string;
  function: FunctionName;
  /** Scopes a bearer JWT must carry; API Gateway (or the local stack) checks them before the handler. */
  scopes?: readonly Scope[];
}

/** Routes of the HTTP API; the local stack serves exactly these. */
export const routes: readonly RouteSpec[] = [
  { method: 'GET', path: '/health', function: 'health' },
  { method: 'GET', path: '/api/units', function: 'listUnits' },
  { method: 'GET', path: '/api/surveys/{surveyId}', function: 'getSurvey' },
  { method: 'POST', path: '/api/feedback', function: 'submitFeedback' },
  { method: 'GET', path: '/f/{unitId}', function: 'formPage' },
  { method: 'GET', path: '/f/{unitId}/thanks', function: 'formPage' },
  { method: 'POST', path: '/f/{unitId}', function: 'formSubmit' },
  { method: 'POST', path: '/api/visits', function: 'receiveVisits', scopes: ['visits:write'] },
  { method: 'GET', path: '/api/sms/stats', function: 'smsStats', scopes: ['sms:read'] },
  { method: 'GET', path: '/s/{token}', function: 'smsSurvey' },
  { method: 'POST', path: '/s/{token}', function: 'smsSurvey' },
  { method: 'GET', path: '/s/{token}/thanks', function: 'smsSurvey' },
  { method: 'GET', path: '/s/{token}/opt-out', function: 'smsSurvey' },
  { method: 'POST', path: '/s/{token}/opt-out', function: 'smsSurvey' },
  { method: 'GET', path: '/api/reports/nps', function: 'reports', scopes: ['reports:read'] },
  { method: 'GET', path: '/api/reports/statements', function: 'reports', scopes: ['reports:read'] },
  { method: 'GET', path: '/api/reports/children', function: 'reports', scopes: ['reports:read'] },
  { method: 'GET', path: '/api/reports/breakdown', function: 'reports', scopes: ['reports:read'] },
  { method: 'GET', path: '/api/exports/monthly', function: 'exportMonthly', scopes: ['reports:read'] },
  { method: 'GET', path: '/admin', function: 'dashboard' },
  { method: 'GET', path: '/tulokset', function: 'publicResults' },
  { method: 'GET', path: '/resultat', function: 'publicResults' },
  { method: 'GET', path: '/results', function: 'publicResults' },
];
