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
 *
 * `idempotency` — `pk = IDEM#{sha256(Idempotency-Key)}`: one conditional PutItem claims a key; the
 *  item keeps the request hash and the answer so a retry returns the first id. Expires after 24 h.
 */
export const tables = {
  feedback: {
    envVar: 'FEEDBACK_TABLE',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    indexes: [
      { name: 'byDay', partitionKey: S('dayPk'), sortKey: S('dayUnitSk'), projection: 'ALL' },
      { name: 'byQueue', partitionKey: S('queuePk'), sortKey: S('sk'), projection: 'KEYS_ONLY' },
    ],
  },
  idempotency: {
    envVar: 'IDEMPOTENCY_TABLE',
    partitionKey: S('pk'),
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
} as const satisfies Record<string, TableSpec>;

/** Name of a table in the manifest. */
export type TableName = keyof typeof tables;

/** DynamoDB actions a function may be granted on a table: the least it needs, never a wildcard. */
export type DynamoAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem' | 'dynamodb:Query' | 'dynamodb:BatchWriteItem';

/** A Lambda function: its handler module and what it may touch. */
export interface FunctionSpec {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Table → actions granted; the table's name reaches the function in the table's `envVar`. */
  tables: Partial<Record<TableName, readonly DynamoAction[]>>;
}

/** Functions. */
export const functions = {
  health: { entry: 'functions/health.ts', description: 'Liveness check', memoryMb: 128, timeoutSeconds: 3, tables: {} },
  listUnits: { entry: 'functions/list-units.ts', description: 'Lists the units feedback can be given to', memoryMb: 256, timeoutSeconds: 5, tables: {} },
  getSurvey: { entry: 'functions/get-survey.ts', description: 'Returns the current version of a survey in one language', memoryMb: 256, timeoutSeconds: 5, tables: {} },
  submitFeedback: {
    entry: 'functions/submit-feedback.ts',
    description: 'Stores one feedback answer posted as JSON',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { feedback: ['dynamodb:PutItem'], idempotency: ['dynamodb:PutItem', 'dynamodb:GetItem'] },
  },
  formPage: { entry: 'functions/form-page.ts', description: 'Renders the public HTML feedback form and thank-you page', memoryMb: 256, timeoutSeconds: 5, tables: {} },
  formSubmit: {
    entry: 'functions/form-submit.ts',
    description: 'Stores an answer posted from the HTML form',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { feedback: ['dynamodb:PutItem'], idempotency: ['dynamodb:PutItem', 'dynamodb:GetItem'] },
  },
} as const satisfies Record<string, FunctionSpec>;

/** Name of a function in the manifest. */
export type FunctionName = keyof typeof functions;

/** An HTTP route: method and API Gateway path (with `{param}` segments) → function. */
export interface RouteSpec {
  method: 'GET' | 'POST';
  path: string;
  function: FunctionName;
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
];
