/**
 * The vocabulary of route contracts: what a request and its responses look like, as zod schemas, so
 * that one declaration types the handler, validates in the browser and becomes the OpenAPI document.
 * Each feature declares its routes' contracts in `shared/<feature>/contracts.ts`, keyed by route key.
 *
 * Browser-safe on purpose: contracts are bundled into browser scripts, so this module and every
 * contracts module import only zod (`./zod.ts`), this module and other browser-safe modules — never
 * `./index.ts`, which brings the AWS SDK and node built-ins. A unit test bundles each contracts module
 * for the browser to keep it so.
 *
 * To a bundler every zod call is a side effect, so a schema built at module level stays in every
 * bundle that reaches its module. Route maps and response schemas are therefore built inside a call
 * annotated `@__PURE__`: a bundle that never reads them (the features' other functions, which reach
 * these modules through their index.ts) drops them whole.
 */
import * as z from './zod.ts';
import type { ManifestFragment, RouteKeyOf } from './manifest-types.ts';

// Browser-safe primitives that feature schemas build on, re-exported so contracts need no other platform module.
export { isRealDateTime } from './time.ts';
export { LANGS, langSchema, localizedTextSchema } from './i18n.ts';
export { MAX_BODY_BYTES, MAX_FORM_BYTES } from './limits.ts';

/** Media types the API reads and writes (PDF and SVG: the printable posters; script and manifest: the kiosk app). */
export type MediaType =
  | 'application/json'
  | 'application/x-www-form-urlencoded'
  | 'text/html'
  | 'text/csv'
  | 'application/pdf'
  | 'image/svg+xml'
  | 'text/javascript'
  | 'application/manifest+json';

/** A request body: its media type, its schema and the most bytes the handler accepts. */
export interface BodyContract {
  type: MediaType;
  schema: z.ZodMiniType;
  maxBytes: number;
}

/**
 * What a route reads. `headers` holds only headers with a meaning of their own (`idempotency-key`);
 * the content type is the body's `type`, and `authorization` follows from the route's scopes.
 */
export interface RequestContract {
  /** Path parameters, one property per `{param}` of the route's path. */
  params?: z.ZodMiniObject;
  query?: z.ZodMiniObject;
  headers?: z.ZodMiniObject;
  body?: BodyContract;
}

/** A response header a client may rely on. */
export interface HeaderContract {
  description: string;
  required?: boolean;
}

/**
 * One documented response: its body by media type (none for a redirect; two where the handler may
 * answer either, e.g. a form post's 400 page or JSON error) and the headers that matter.
 */
export interface ResponseContract {
  description: string;
  content?: Readonly<Partial<Record<MediaType, z.ZodMiniType>>>;
  headers?: Readonly<Record<string, HeaderContract>>;
}

/** A route's contract: its request and every status it answers with. */
export interface RouteContract {
  summary: string;
  description?: string;
  request: RequestContract;
  responses: Readonly<Record<number, ResponseContract>>;
}

/** The contracts of one manifest fragment: exactly one per route, keyed by route key (`GET /api/units`). */
export type ContractsOf<F extends Pick<ManifestFragment, 'routes'>> = Readonly<Record<RouteKeyOf<F['routes'][number]>, RouteContract>>;

/** The JSON body a route's contract documents for a status (never for a non-JSON or undocumented one). */
export type JsonBodyOf<C extends RouteContract, S extends keyof C['responses']> = C['responses'][S] extends {
  content: { 'application/json': infer Sc extends z.ZodMiniType };
}
  ? z.output<Sc>
  : never;

/** One problem in a request: a dotted path (`answers.nps`, `query.from`, `headers.content-type`) and why. */
export const issueSchema = /* @__PURE__ */ (() => z.strictObject({ path: z.string(), message: z.string() }))();

/**
 * The error body every handler answers with, `{ error: { code, message, issues } }`, with the codes a
 * response may carry.
 */
export function errorSchema<const C extends readonly [string, ...string[]]>(codes: C) {
  return z.strictObject({ error: z.strictObject({ code: z.enum(codes), message: z.string(), issues: z.array(issueSchema) }) });
}

/** API Gateway's own answer (`{"message":"Unauthorized"}`), given before any handler runs. */
export function gatewaySchema<const M extends string>(message: M) {
  return z.strictObject({ message: z.literal(message) });
}

/** A JSON response. */
export function jsonReply<S extends z.ZodMiniType>(description: string, schema: S, headers?: Readonly<Record<string, HeaderContract>>) {
  return { description, content: { 'application/json': schema }, ...(headers ? { headers } : {}) };
}

/** A JSON error response with the codes it may carry. */
export function errorReply<const C extends readonly [string, ...string[]]>(description: string, ...codes: C) {
  return jsonReply(description, errorSchema(codes));
}

/** An HTML page. */
export function htmlReply(description: string, headers?: Readonly<Record<string, HeaderContract>>) {
  return { description, content: { 'text/html': z.string() }, ...(headers ? { headers } : {}) };
}

/** A CSV file. */
export function csvReply(description: string, headers?: Readonly<Record<string, HeaderContract>>) {
  return { description, content: { 'text/csv': z.string() }, ...(headers ? { headers } : {}) };
}

/** A status answered in more than one media type: the replies' bodies side by side, under one description. */
export function eitherReply<A extends ResponseContract, B extends ResponseContract>(description: string, a: A, b: B) {
  return { description, content: { ...a.content, ...b.content } as NonNullable<A['content']> & NonNullable<B['content']> };
}

/** A 303 See Other after a form post. */
export function redirectReply(description: string) {
  return { description, headers: { location: { description: 'Where the browser goes next.', required: true } } };
}

/** A body of the given media type that is just text (CSV, a form post). */
export function textBody<T extends MediaType>(type: T, maxBytes: number) {
  return { type, schema: z.string(), maxBytes };
}

/**
 * The answers of API Gateway's JWT authorizer on a route with scopes: 401 without a valid bearer
 * token, 403 without the scope. The handler may answer 403 itself (an org node outside the
 * caller's); such a route documents both bodies.
 */
export const BEARER_REPLIES = /* @__PURE__ */ (() => ({
  401: jsonReply('No valid bearer token (answered by API Gateway).', gatewaySchema('Unauthorized')),
  403: jsonReply("The token lacks the route's scope (answered by API Gateway).", gatewaySchema('Forbidden')),
}))();

/**
 * What any route may answer when something breaks on the server side: the handler's own error, or
 * API Gateway's when the function itself failed.
 */
export const SERVER_REPLIES = /* @__PURE__ */ (() => ({
  500: jsonReply(
    'Something went wrong on the server; try again.',
    z.union([errorSchema(['internal_error']), gatewaySchema('Internal Server Error')]),
  ),
}))();

/**
 * What a route whose function reads or writes DynamoDB answers while a dependency is unavailable
 * (throttled, unreachable, timing out): 503 with Retry-After, never 500, because the request was
 * fine and a retry later will do. HTML routes answer the same status with a page instead.
 */
export const UNAVAILABLE_REPLIES = /* @__PURE__ */ (() => ({
  503: jsonReply(
    'A dependency is briefly unavailable (throttled, unreachable or timing out); retry after Retry-After seconds.',
    errorSchema(['service_unavailable']),
    {
      'retry-after': { description: 'Seconds to wait before retrying.', required: true },
    },
  ),
}))();

/** `UNAVAILABLE_REPLIES` for a route that answers HTML: the page again, with what was sent kept where there is a form. */
export function unavailablePage(description: string) {
  return {
    503: htmlReply(description, { 'retry-after': { description: 'Seconds to wait before retrying.', required: true } }),
  };
}
