/**
 * The vocabulary of the manifest: what a table, function, route, queue, schedule and secret is.
 * Each feature declares its own in `shared/<feature>/manifest.ts` with these types and
 * `shared/manifest.ts` composes them. Plain data only: no CDK or SDK imports, because both the CDK
 * app and the Lambda bundles read it.
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
  indexes: readonly IndexSpec[];
  /** Attribute holding an epoch-seconds expiry, deleted by DynamoDB TTL (dynalite ignores it). */
  ttlAttribute?: string;
}

/** Builds a string key attribute. */
export const S = (name: string): KeyAttribute => ({ name, type: 'S' });

/** DynamoDB actions on a table itself: the least a function needs, never a wildcard. */
export type DynamoTableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query'
  | 'dynamodb:Scan'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:BatchGetItem';

/**
 * A DynamoDB action a function may be granted: on the table, or `dynamodb:Query@<index>` for a
 * Query on one named index only (IAM grants Query per index ARN, so a grant names the index).
 */
export type DynamoAction = DynamoTableAction | `dynamodb:Query@${string}`;

/** An SQS queue with its dead-letter queue; its URL reaches producers in `envVar`. */
export interface QueueSpec<F extends string = string> {
  envVar: string;
  /** Function that consumes it (an SQS event source with partial batch responses). */
  consumer: F;
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
export interface ScheduleSpec<F extends string = string> {
  function: F;
  /** EventBridge Scheduler expression: `rate(5 minutes)` or `cron(min hour dom month dow year)`. */
  expression: string;
  timezone: 'Europe/Helsinki';
  description: string;
}

/** What a function may do with a manifest KMS key: make data keys (to encrypt) or unwrap them (to read). */
export type KmsAction = 'kms:GenerateDataKey' | 'kms:Decrypt';

/**
 * A customer-managed KMS key for envelope encryption (a local key file on the local stack); its id
 * reaches granted functions in `envVar`. Every data key is made and unwrapped under an encryption
 * context whose `purpose` is this key's, and IAM grants name it in a condition, so a grant on this
 * key opens nothing made for another purpose.
 */
export interface KeySpec {
  envVar: string;
  description: string;
  /** The `purpose` of every encryption context under this key (`kms:EncryptionContext:purpose`). */
  purpose: string;
}

/** A secret: Secrets Manager on AWS (its ARN in `envVar`), a git-ignored file locally. */
export interface SecretSpec {
  envVar: string;
  description: string;
}

/** A Lambda function: its handler module and what it may touch. */
export interface FunctionSpec<
  T extends string = string,
  Q extends string = string,
  Sec extends string = string,
  K extends string = string,
> {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Table → actions granted; the table's name reaches the function in the table's `envVar`. */
  tables: Partial<Record<T, readonly DynamoAction[]>>;
  /** Queues it sends to. */
  sendsTo?: readonly Q[];
  /** Secrets it reads. */
  secrets?: readonly Sec[];
  /** KMS key → actions granted, scoped to the key's purpose; the key's id reaches the function in the key's `envVar`. */
  keys?: Partial<Record<K, readonly KmsAction[]>>;
  /** Whether it publishes SMS through SNS. */
  sendsSms?: boolean;
  /**
   * Whether it sends notification mail (`mailerFromEnv`): ses:SendEmail on the deployment's sender
   * identity (and configuration set) only, with MAIL_FROM_ENV and MAIL_CONFIGURATION_SET_ENV set.
   */
  sendsMail?: boolean;
  /**
   * Whether it publishes events for other systems (`eventPublisherFromEnv`): events:PutEvents on the
   * deployment's bus only, source `palaute`, with the bus's name in EVENT_BUS_NAME_ENV.
   */
  publishesEvents?: boolean;
  /**
   * Whether it may call the remote comment classifier (Amazon Bedrock): only when the region config
   * turns it on (`region.themes.classifier.kind = "bedrock"`) does it get bedrock:InvokeModel, on that
   * one EU inference profile and the models it routes to, with the profile's id in its environment.
   */
  invokesModel?: boolean;
  /** Whether it needs PUBLIC_BASE_URL, the origin links point to. */
  needsPublicUrl?: boolean;
  /** Further environment variables the deployment sets for it (role → variable name). */
  env?: Readonly<Record<string, string>>;
}

/** HTTP methods the API serves. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * An HTTP route: method and API Gateway path (with `{param}` segments) → function. Every route says
 * who may call it: the scopes a bearer JWT must carry (checked by API Gateway, or by the local stack
 * in the same place, before the handler), or why it is public (the reason cdk-nag's finding on a
 * route without an authorizer is acknowledged with).
 */
export type RouteSpec<F extends string = string, Sc extends string = string> = {
  method: HttpMethod;
  path: string;
  function: F;
} & ({ scopes: readonly Sc[]; public?: never } | { public: string; scopes?: never });

/** What one feature adds to the system; `shared/manifest.ts` merges the fragments. */
export interface ManifestFragment {
  tables: Readonly<Record<string, TableSpec>>;
  functions: Readonly<Record<string, FunctionSpec>>;
  routes: readonly RouteSpec[];
  queues: Readonly<Record<string, QueueSpec>>;
  schedules: Readonly<Record<string, ScheduleSpec>>;
  secrets: Readonly<Record<string, SecretSpec>>;
  /** KMS keys, if the feature encrypts anything (only `contacts` does). */
  keys?: Readonly<Record<string, KeySpec>>;
  /** OAuth scopes its routes require, without the resource-server prefix. */
  scopes: readonly string[];
}

/** The route key API Gateway puts in `event.routeKey`, e.g. `GET /api/reports/nps`. */
export type RouteKeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;

/** The route keys one function of a fragment serves: the keys its `byRoute` dispatch map must have. */
export type FunctionRouteKeys<Fr extends Pick<ManifestFragment, 'routes'>, F extends string> = RouteKeyOf<
  Extract<Fr['routes'][number], { function: F }>
>;

/** The `{param}` names of a route path template (`/s/{token}/opt-out` → `token`). */
export type PathParams<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? N | PathParams<Rest> : never;

/**
 * A link to a route: the manifest's own path template with every `{param}` filled in, URI-encoded, so
 * that pages and messages never spell a path a second time.
 */
export function fillPath<P extends string>(template: P, params: Readonly<Record<PathParams<P>, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent((params as Readonly<Record<string, string>>)[name] ?? ''));
}

/** The environment variable carrying the public origin links point to (functions with `needsPublicUrl`). */
export const PUBLIC_BASE_URL_ENV = 'PUBLIC_BASE_URL';

/** The environment variable carrying the event bus's name (functions with `publishesEvents`). */
export const EVENT_BUS_NAME_ENV = 'EVENT_BUS_NAME';

/** The `source` of every event Palaute puts on its bus; rules of other systems match on it. */
export const EVENT_SOURCE = 'palaute';

/** The environment variable carrying the verified sender address of mail (functions with `sendsMail`). */
export const MAIL_FROM_ENV = 'MAIL_FROM';

/** The environment variable carrying the SES configuration set mail is sent with (functions with `sendsMail`). */
export const MAIL_CONFIGURATION_SET_ENV = 'MAIL_CONFIGURATION_SET';

/**
 * The header CloudFront adds to every request it forwards to the API, carrying a secret only it and
 * the functions know; a request without it came to the execute-api address directly, around WAF.
 */
export const ORIGIN_VERIFY_HEADER = 'x-palaute-origin-verify';

/**
 * The environment variable holding that secret in every function serving a route. Unset (the local
 * stack, tests) the check is off; set, `httpHandler` refuses a request whose header does not match.
 */
export const ORIGIN_SECRET_ENV = 'PALAUTE_ORIGIN_SECRET';

/** Identifier of the Cognito resource server; scopes in tokens read `palaute/<scope>`. */
export const RESOURCE_SERVER = 'palaute';

/**
 * Staff see the org nodes (and everything below them) named by their Cognito groups `org:<nodeId>`;
 * API Gateway passes the `cognito:groups` claim to handlers as the string `[org:a org:b]`.
 */
export const ORG_GROUP_PREFIX = 'org:';

/** A function's grants on one table, split as IAM needs them: actions on the table, Query per index. */
export function splitGrants(actions: readonly DynamoAction[]): { tableActions: DynamoTableAction[]; queryIndexes: string[] } {
  const tableActions: DynamoTableAction[] = [];
  const queryIndexes: string[] = [];
  for (const a of actions) {
    if (a.startsWith('dynamodb:Query@')) queryIndexes.push(a.slice('dynamodb:Query@'.length));
    else tableActions.push(a as DynamoTableAction);
  }
  return { tableActions, queryIndexes };
}
