/**
 * The one declaration of what the system is made of, composed from the features' fragments
 * (`shared/<feature>/manifest.ts`): tables, functions, routes, queues, schedules, secrets and scopes.
 * The CDK app (lib/) builds AWS resources from it and the local stack (local/) builds its router,
 * dynalite tables and per-function grants from it, so the two runtimes cannot drift. A new feature
 * is one fragment plus one line in `FRAGMENTS`. Plain data only: no CDK or SDK imports. The
 * fragments are imported directly, not through the features' index.ts, so that a function reading
 * the manifest (the OpenAPI document, the dashboard) does not bundle every feature's runtime code.
 */
import { casesManifest } from './cases/manifest.ts';
import { contactsManifest } from './contacts/manifest.ts';
import { feedbackManifest } from './feedback/manifest.ts';
import { kioskManifest } from './kiosk/manifest.ts';
import {
  platformManifest,
  type FunctionSpec as AnyFunctionSpec,
  type KeySpec,
  type ManifestFragment,
  type QueueSpec as AnyQueueSpec,
  type RouteKeyOf,
  type RouteSpec as AnyRouteSpec,
  type ScheduleSpec as AnyScheduleSpec,
  type SecretSpec,
  type TableSpec,
} from './platform/index.ts';
import { postersManifest } from './posters/manifest.ts';
import { publicInfoManifest } from './publicinfo/manifest.ts';
import { pulseManifest } from './pulse/manifest.ts';
import { reportingManifest } from './reporting/manifest.ts';
import { smsManifest } from './sms/manifest.ts';
import { staffEntryManifest } from './staffentry/manifest.ts';
import { surveysManifest } from './surveys/manifest.ts';

export {
  EVENT_BUS_NAME_ENV,
  EVENT_SOURCE,
  MAIL_CONFIGURATION_SET_ENV,
  MAIL_FROM_ENV,
  ORG_GROUP_PREFIX,
  ORIGIN_SECRET_ENV,
  ORIGIN_VERIFY_HEADER,
  PUBLIC_BASE_URL_ENV,
  RESOURCE_SERVER,
  splitGrants,
  type DynamoAction,
  type DynamoTableAction,
  type HttpMethod,
  type IndexSpec,
  type KeyAttribute,
  type KeySpec,
  type KmsAction,
  type SecretSpec,
  type TableSpec,
} from './platform/index.ts';
export { PHONE_CHECK_ENTRY, PHONE_CHECK_FILE } from './contacts/manifest.ts';
export { DASHBOARD_AUTH_ENV } from './reporting/manifest.ts';
export { WORKBENCH_AUTH_ENV } from './cases/manifest.ts';
export { PULSE_AUTH_ENV } from './pulse/manifest.ts';
export { DASHBOARD_PATH, PUBLIC_RESULTS_PATHS } from './reporting/api-contract.ts';
export { POSTER_EDGE_PATTERN } from './posters/manifest.ts';

/** Every feature's fragment, by feature name. */
export const FRAGMENTS = {
  platform: platformManifest,
  surveys: surveysManifest,
  feedback: feedbackManifest,
  sms: smsManifest,
  reporting: reportingManifest,
  publicinfo: publicInfoManifest,
  cases: casesManifest,
  contacts: contactsManifest,
  pulse: pulseManifest,
  staffentry: staffEntryManifest,
  posters: postersManifest,
  kiosk: kioskManifest,
} as const satisfies Record<string, ManifestFragment>;

type Fragment = (typeof FRAGMENTS)[keyof typeof FRAGMENTS];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Merged<K extends 'tables' | 'functions' | 'queues' | 'schedules' | 'secrets'> = UnionToIntersection<Fragment[K]>;

/** The KMS keys of the fragments that declare any (`keys` is optional). */
type KeysOf<F> = F extends { keys: infer Ks } ? Ks : never;
type MergedKeys = UnionToIntersection<KeysOf<Fragment>>;

/** Merges one part of every fragment; a name declared by two features stops every runtime at load. */
function merge<K extends 'tables' | 'functions' | 'queues' | 'schedules' | 'secrets'>(part: K): Merged<K>;
function merge(part: 'keys'): MergedKeys;
function merge(part: keyof ManifestFragment): unknown {
  const out: Record<string, unknown> = {};
  for (const [feature, fragment] of Object.entries(FRAGMENTS) as [string, ManifestFragment][]) {
    for (const [name, spec] of Object.entries(fragment[part] ?? {})) {
      if (name in out) throw new Error(`shared/manifest.ts: ${part} "${name}" is declared twice (again by ${feature})`);
      out[name] = spec;
    }
  }
  return out;
}

/** Tables; each feature's fragment writes down the access patterns its keys serve. */
export const tables = merge('tables');
/** Name of a table in the manifest. */
export type TableName = keyof typeof tables;

/** Functions. */
export const functions = merge('functions');
/** Name of a function in the manifest. */
export type FunctionName = keyof typeof functions;

/** Queues. */
export const queues = merge('queues');
/** Name of a queue in the manifest. */
export type QueueName = keyof typeof queues;

/** Schedules. */
export const schedules = merge('schedules');

/** Secrets. */
export const secrets = merge('secrets');
/** Name of a secret in the manifest. */
export type SecretName = keyof typeof secrets;

/** KMS keys (a key file locally). */
export const keys = merge('keys');
/** Name of a KMS key in the manifest. */
export type KeyName = keyof typeof keys;

/** OAuth scopes of the API; on AWS they are prefixed with the resource server, `palaute/visits:write`. */
export const SCOPES = Object.values(FRAGMENTS).flatMap((f) => f.scopes) as readonly Fragment['scopes'][number][];
/** An API scope. */
export type Scope = Fragment['scopes'][number];

/** A function of this manifest: what it may touch, by name. */
export type FunctionSpec = AnyFunctionSpec<TableName, QueueName, SecretName, KeyName>;
/** A queue of this manifest. */
export type QueueSpec = AnyQueueSpec<FunctionName>;
/** A schedule of this manifest. */
export type ScheduleSpec = AnyScheduleSpec<FunctionName>;
/** A route of this manifest, with its scopes or its reason to be public. */
export type RouteSpec = AnyRouteSpec<FunctionName, Scope>;

/** Routes of the HTTP API; the local stack serves exactly these. */
export const routes: readonly RouteSpec[] = Object.values(FRAGMENTS).flatMap((f): readonly RouteSpec[] => f.routes);
/** A route of the manifest. */
export type Route = Fragment['routes'][number];
/** The route keys (`GET /api/reports/nps`) a function serves: the keys its dispatch map must have. */
export type RouteKeysOf<F extends FunctionName> = RouteKeyOf<Extract<Route, { function: F }>>;

// Cross-feature references are checked here, where every name is known: a function granted a table,
// queue or secret, a route or schedule naming a function, or a queue's consumer that no feature
// declares does not compile.
functions satisfies Record<string, FunctionSpec>;
queues satisfies Record<string, QueueSpec>;
schedules satisfies Record<string, ScheduleSpec>;
tables satisfies Record<string, TableSpec>;
secrets satisfies Record<string, SecretSpec>;
keys satisfies Record<string, KeySpec>;

/** Index names a function's `dynamodb:Query@<index>` grants name on a table. */
type GrantedIndexes<F extends FunctionName, T extends PropertyKey> = (typeof functions)[F]['tables'] extends infer G
  ? T extends keyof G
    ? NonNullable<G[T]> extends readonly (infer A)[]
      ? A extends `dynamodb:Query@${infer I}`
        ? I
        : never
      : never
    : never
  : never;
/** Grants of a Query on an index the table does not declare (a grant names another feature's index by name). */
type UnknownIndexGrants = {
  [F in FunctionName]: { [T in TableName]: Exclude<GrantedIndexes<F, T>, (typeof tables)[T]['indexes'][number]['name']> }[TableName];
}[FunctionName];
// A Query grant on an index its table does not declare fails here, naming the index.
true satisfies [UnknownIndexGrants] extends [never] ? true : UnknownIndexGrants;
