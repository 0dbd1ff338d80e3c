/** Cases: every answer with free text or a contact request, handled by its unit within a deadline. */
import { S, type ManifestFragment } from '../platform/index.ts';
import { WORKBENCH_PATH } from './workbench-config.ts';

/** The environment variable naming the cases table: functions read it here, without the fragment. */
export const CASES_TABLE_ENV = 'CASES_TABLE';

/**
 * The queue index of each org level, by the node kind whose queue it serves: one GSI per level, so
 * the queue of any node (a unit's handler, a service's, a service area's, the region's) is one Query.
 */
export const QUEUE_INDEXES = {
  unit: { name: 'byUnit', pk: 'unitQ' },
  service: { name: 'byService', pk: 'serviceQ' },
  serviceArea: { name: 'byServiceArea', pk: 'areaQ' },
  region: { name: 'byRegion', pk: 'regionQ' },
} as const;
/** The sort key of every queue index: `{createdAt}#{id}`, newest first by a backward Query. */
export const QUEUE_SK = 'queueSk';
/**
 * Environment of the workbench function on AWS for Cognito sign-in (authorization code + PKCE): the
 * same Cognito domain and staff client as the dashboard's, and the workbench's own callback URL.
 * Without the first two the page offers the local stack's `/dev/signin` when running locally, and
 * says that sign-in is not configured otherwise.
 */
export const WORKBENCH_AUTH_ENV = {
  /** The Cognito domain's base URL (as the dashboard's STAFF_AUTH_URL). */
  authUrl: 'STAFF_AUTH_URL',
  /** The staff client's id (as the dashboard's STAFF_CLIENT_ID). */
  clientId: 'STAFF_CLIENT_ID',
  /** The callback URL registered on the client for the workbench; defaults to the page's own origin + `/admin/cases`. */
  pageUrl: 'WORKBENCH_URL',
} as const;

/** The API scopes the workbench asks Cognito for: reading and changing cases, and reading contacts. */
export const WORKBENCH_SCOPES = ['cases:read', 'cases:write', 'contacts:read'] as const;

/** The sparse index of open cases by due instant, read by the daily reminder job. */
export const BY_DUE = 'byDue';
/** The sparse index of closed contact cases by the Helsinki day their contact must be erased. */
export const BY_PURGE = 'byPurge';
/**
 * The sparse index of cases whose labels changed after their answer was stored (a handler's
 * correction, the remote model at opening), by that instant: the aggregation recounts their days.
 */
export const BY_RELABEL = 'byRelabel';

const queueIndex = (q: { name: string; pk: string }) =>
  ({ name: q.name, partitionKey: S(q.pk), sortKey: S(QUEUE_SK), projection: 'ALL' }) as const;

const CASE_QUERIES = [
  'dynamodb:Query@byUnit',
  'dynamodb:Query@byService',
  'dynamodb:Query@byServiceArea',
  'dynamodb:Query@byRegion',
] as const;

/**
 * The cases feature's manifest fragment.
 *
 * `cases` — one item per case, `pk = CASE#{id}` (the case id is the answer's id); notes and history
 *  inside the item, capped (shared/cases/model.ts) so it stays far below 400 KB.
 *  - A node's queue, newest first: index per level (`byUnit`, `byService`, `byServiceArea`,
 *    `byRegion`), `{level}Q = Q#{nodeId}`, `queueSk = {createdAt}#{id}`; a Query with
 *    ScanIndexForward false, `from`/`to` as a range on `queueSk`, the other filters as a filter.
 *  - Open cases by due instant, for reminders and escalation: sparse index `byDue`,
 *    `openPk = OPEN`, `openSk = {dueAt}#{id}`, set while the case is not closed.
 *  - Closed contact cases whose contact must be erased: sparse index `byPurge`, `purgePk = PURGE`,
 *    `purgeSk = {Helsinki day of erasure}#{id}`, set on close, removed on reopen and once erased.
 *  - Cases whose labels changed after intake, for the aggregation to recount: sparse index
 *    `byRelabel`, `relabelPk = RELABEL`, `relabelSk = {relabelledAt}#{id}` (few: corrections are rare).
 *  - The case opener's watermark: `pk = META#openCases` (no index attributes).
 */
// biome-ignore format: the fragment keeps its indentation inside the @__PURE__ call
export const casesManifest = /* @__PURE__ */ (() => ({
  tables: {
    cases: {
      envVar: CASES_TABLE_ENV,
      partitionKey: S('pk'),
      indexes: [
        queueIndex(QUEUE_INDEXES.unit),
        queueIndex(QUEUE_INDEXES.service),
        queueIndex(QUEUE_INDEXES.serviceArea),
        queueIndex(QUEUE_INDEXES.region),
        { name: BY_DUE, partitionKey: S('openPk'), sortKey: S('openSk'), projection: 'KEYS_ONLY' },
        { name: BY_PURGE, partitionKey: S('purgePk'), sortKey: S('purgeSk'), projection: 'KEYS_ONLY' },
        { name: BY_RELABEL, partitionKey: S('relabelPk'), sortKey: S('relabelSk'), projection: 'KEYS_ONLY' },
      ],
    },
  },
  functions: {
    cases: {
      entry: 'functions/cases/cases.ts',
      description: 'Cases API: a node\'s queue, one case, its contact details (audited) and changes to it',
      memoryMb: 512,
      timeoutSeconds: 10,
      // A change is a conditional PutItem of the whole case on its version (notes and history inside).
      // The corrections export finds the relabelled cases through byRelabel and reads them by BatchGetItem.
      tables: {
        cases: ['dynamodb:GetItem', 'dynamodb:PutItem', ...CASE_QUERIES, 'dynamodb:Query@byRelabel', 'dynamodb:BatchGetItem'],
        contacts: ['dynamodb:GetItem'],
      },
      // The contact route decrypts the contact it reads (kms:Decrypt under purpose=contact only).
      keys: { contacts: ['kms:Decrypt'] },
      // CaseClosed.
      publishesEvents: true,
    },
    openCases: {
      entry: 'functions/cases/open-cases.ts',
      description: 'Scheduled each minute: opens a case for every newly arrived answer with free text or a contact request',
      memoryMb: 512,
      timeoutSeconds: 60,
      tables: {
        feedback: ['dynamodb:Query@byArrival', 'dynamodb:BatchGetItem'],
        cases: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      },
      // FeedbackReceived and CaseCreated.
      publishesEvents: true,
      // The remote classifier (Bedrock), when region.themes.classifier turns it on: masked text only.
      invokesModel: true,
    },
    remindCases: {
      entry: 'functions/cases/remind-cases.ts',
      description: 'Scheduled each morning: reminds handlers of cases soon due and escalates cases past due',
      memoryMb: 512,
      timeoutSeconds: 300,
      tables: { cases: ['dynamodb:Query@byDue', 'dynamodb:BatchGetItem', 'dynamodb:PutItem'] },
      needsPublicUrl: true,
      // Reminders and escalations to functional mailboxes; CaseOverdue and CaseEscalated.
      sendsMail: true,
      publishesEvents: true,
    },
    purgeContacts: {
      entry: 'functions/cases/purge-contacts.ts',
      description:
        "Scheduled nightly: deletes the cases past the answers' retention, and erases the contact details of cases closed longer ago than the contact retention",
      memoryMb: 512,
      // The longest Lambda timeout, as the answer purge's: a backlog (retention shortened, the job down
      // for weeks) takes long, and a run cut short resumes the next night.
      timeoutSeconds: 900,
      // Scan (keys and the contact flag, filtered on the answer's day) and BatchWriteItem to delete the
      // cases past the answers' retention, as the answer purge does; no DeleteItem, no GetItem.
      tables: {
        cases: ['dynamodb:Query@byPurge', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:BatchWriteItem'],
        contacts: ['dynamodb:DeleteItem'],
      },
    },
    workbench: {
      entry: 'functions/cases/workbench.ts',
      description: "The case handlers' workbench page; its data comes from the cases API with the signed-in token",
      memoryMb: 256,
      timeoutSeconds: 5,
      tables: {},
      env: WORKBENCH_AUTH_ENV,
    },
  },
  routes: [
    { method: 'GET', path: '/api/cases', function: 'cases', scopes: ['cases:read'] },
    { method: 'GET', path: '/api/cases/corrections', function: 'cases', scopes: ['cases:read'] },
    { method: 'GET', path: '/api/cases/{id}', function: 'cases', scopes: ['cases:read'] },
    { method: 'GET', path: '/api/cases/{id}/contact', function: 'cases', scopes: ['contacts:read'] },
    { method: 'PATCH', path: '/api/cases/{id}', function: 'cases', scopes: ['cases:write'] },
    {
      method: 'GET',
      path: WORKBENCH_PATH,
      function: 'workbench',
      public:
        "It serves the case workbench page only, no case data: a browser navigating to a page sends no bearer token, so a JWT authorizer would lock everyone out. The page signs staff in through Cognito (authorization code with PKCE) and reads and changes every case through /api/cases, which the JWT authorizer protects with palaute/cases:read, cases:write and contacts:read.",
    },
  ],
  queues: {},
  schedules: {
    openCases: {
      function: 'openCases',
      expression: 'rate(1 minute)',
      timezone: 'Europe/Helsinki',
      description: 'Opens cases for the answers that arrived since the last run',
    },
    remindCases: {
      function: 'remindCases',
      // 07:00 Helsinki: handlers read the reminder as the working day starts; 07:00 exists once on both DST days.
      expression: 'cron(0 7 * * ? *)',
      timezone: 'Europe/Helsinki',
      description: 'At 07:00 Helsinki time: reminders for cases soon due, escalation of cases past due',
    },
    purgeContacts: {
      function: 'purgeContacts',
      // 04:15: between the answer purge (04:00) and the nightly aggregation (04:30), once on both DST days.
      expression: 'cron(15 4 * * ? *)',
      timezone: 'Europe/Helsinki',
      description:
        'At 04:15 Helsinki time: deletes cases past region.retention.answerYears; erases contact details region.handling.contactRetentionDays after their case closed',
    },
  },
  secrets: {},
  scopes: ['cases:read', 'cases:write', 'contacts:read'],
} as const satisfies ManifestFragment))();
