/**
 * HTTP plumbing shared by the handlers: middy wiring, body decoding by API Gateway's base64 flag,
 * and one JSON error shape `{ error: { code, message, issues: [{ path, message }] } }`.
 */
import { timingSafeEqual } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { orgNodesOfClaim } from './access.ts';
import { ORIGIN_SECRET_ENV, ORIGIN_VERIFY_HEADER } from './manifest-types.ts';
import type { OrgTree } from './org-tree.ts';
import type { JsonBodyOf, RouteContract } from './route-contract.ts';
import { DomainError, unavailableKind, ValidationError, type UnavailableKind } from './errors.ts';
import { MAX_BODY_BYTES } from './limits.ts';
import { errorFields, logger, withInvocation } from './logger.ts';
import { toIssues, type Issue } from './validation.ts';
import type * as z from './zod.ts';

/** A handler's result: always a structured response, never API Gateway's inferred form. */
export type HttpResult = APIGatewayProxyStructuredResultV2;
/** The HTTP API payload 2.0 event. */
export type HttpEvent = APIGatewayProxyEventV2;
/** A handler body before middy wraps it. */
export type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** An error that already knows its HTTP status; thrown by the parsing helpers below. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Headers on every response a handler sends. CloudFront's response-headers policy sets the same, but
 * a response that reached someone another way (the execute-api address, a misrouted test) is then
 * protected too. HSTS for two years with subdomains and preload, as the preload list asks: the
 * public form and the dashboard are HTTPS only, and a browser must never try them over plain HTTP.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

/** A JSON response whose body is already JSON text (a document serialised when it was bundled). */
export function jsonText(status: number, text: string, headers: Record<string, string> = {}): HttpResult {
  return { ...json(status, null, headers), body: text };
}

/** `json` restricted to the statuses a route's contract documents, each with the body its schema types. */
export type Reply<C extends RouteContract> = <S extends keyof C['responses'] & number>(
  status: S,
  body: JsonBodyOf<C, S>,
  headers?: Record<string, string>,
) => HttpResult;

/**
 * A JSON response typed by the route's contract, so a handler cannot drift from it without failing to
 * compile. Use it when the handler holds the contract anyway (to parse with it); else `replyOf`.
 */
export function reply<C extends RouteContract, S extends keyof C['responses'] & number>(
  _contract: C,
  status: S,
  body: JsonBodyOf<C, S>,
  headers: Record<string, string> = {},
): HttpResult {
  return json(status, body, headers);
}

/**
 * The same typing from the contract's type alone (`replyOf<(typeof contracts)['GET /api/units']>()`
 * with `import type`), so a handler that does not parse with its contract does not bundle it.
 */
export function replyOf<C extends RouteContract>(): Reply<C> {
  return json;
}

/** The error body every JSON endpoint uses. */
export function errorBody(code: string, message: string, issues: Issue[] = []) {
  return { error: { code, message, issues } };
}

/**
 * The status a domain error maps to: the one error map. Exhaustive over the codes (a new code does
 * not compile until it is mapped here); a code outside the type at run time is a bug, so 500.
 */
export function statusOf(e: DomainError): number {
  const code = e.code;
  switch (code) {
    case 'validation_failed':
      return 400;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'invalid_transition':
      return 409;
    case 'contact_deleted':
      return 410;
    case 'precondition_required':
      return 428;
    default: {
      const unmapped: never = code;
      void unmapped;
      return 500;
    }
  }
}

/**
 * The org nodes of the caller, from the `cognito:groups` claim the JWT authorizer passed on; only
 * groups naming a node of this deployment's tree count (see orgNodesOfClaim).
 */
export function callerOrgNodes(event: HttpEvent, org: OrgTree): string[] {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims;
  return orgNodesOfClaim(claims?.['cognito:groups'], org);
}

/**
 * Seconds a client should wait before retrying after a 503: throttling passes within a second or two
 * (the SDK has already backed off three times); an outage is worth a longer pause, and a person
 * resending a form waits longer than that anyway.
 */
export const RETRY_AFTER_SECONDS: Readonly<Record<UnavailableKind, number>> = { throttled: 2, timeout: 5, connection: 5, server: 5 };

/**
 * The 503 answer for a dependency that is unavailable for now (see `unavailableKind`), or undefined
 * for any other error. Logs the error class and the kind only: SDK messages can echo item values.
 * Handlers answering HTML (the form) use it to render their own page with the same status and header.
 */
export function unavailable(e: unknown): { status: 503; headers: { 'retry-after': string }; kind: UnavailableKind } | undefined {
  const kind = unavailableKind(e);
  if (!kind) return undefined;
  logger.warn('dependency unavailable', { error: (e as Error).name, kind });
  return { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS[kind]) }, kind };
}

/** Maps any thrown error to a JSON error response; unexpected errors log no request data. */
export function errorResponse(e: unknown): HttpResult {
  if (e instanceof HttpError) return json(e.status, errorBody(e.code, e.message, e.issues));
  if (e instanceof DomainError) return json(statusOf(e), errorBody(e.code, e.message, e.issues));
  const busy = unavailable(e);
  if (busy)
    return json(
      busy.status,
      errorBody('service_unavailable', 'The service is briefly unavailable; try again after Retry-After seconds.'),
      busy.headers,
    );
  // Only the error's class and stack frames: messages of SDK errors can echo item values.
  logger.error('unexpected error', errorFields(e));
  return json(500, errorBody('internal_error', 'Something went wrong on our side. Please try again.'));
}

/**
 * Whether the request came through CloudFront: with ORIGIN_SECRET_ENV set, its ORIGIN_VERIFY_HEADER
 * must equal that secret. Read per request, not at load, so one process (the local stack) can run
 * with and without it. Compared in constant time, so response timing does not leak the secret.
 */
export function fromTrustedOrigin(event: HttpEvent, env: NodeJS.ProcessEnv = process.env): boolean {
  const secret = env[ORIGIN_SECRET_ENV];
  if (!secret) return true;
  const given = Buffer.from(event.headers?.[ORIGIN_VERIFY_HEADER] ?? '', 'utf8');
  const expected = Buffer.from(secret, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Wraps a handler in middy with the JSON error mapping, inside the invocation's logging scope (every
 * line and metric of the request carries the function and request id); the wrapped handler never throws.
 * A request that did not come through CloudFront (fromTrustedOrigin) is answered 403 as API Gateway
 * answers one, before the handler reads anything of it: WAF's rate rule and managed rules cannot be
 * bypassed by calling the execute-api address.
 */
export function httpHandler(fn: HttpHandler) {
  return middy<HttpEvent, HttpResult>().handler((event, context) =>
    withInvocation(context, async () => {
      if (!fromTrustedOrigin(event)) {
        // Counts only: who called is not logged (no IP), just that the edge was bypassed.
        logger.warn('request without the origin header refused', { routeKey: event.routeKey });
        return json(403, { message: 'Forbidden' });
      }
      try {
        return await fn(event, context);
      } catch (e) {
        return errorResponse(e);
      }
    }),
  );
}

/**
 * One handler per route key of a function serving several routes, dispatched on `event.routeKey`
 * (`GET /api/reports/nps`), which API Gateway and the local stack set from the matched route. Give
 * `K` as the function's route keys (`FunctionRouteKeys<typeof fragment, 'fn'>`): a route without a
 * handler, or a handler for no route, then does not compile.
 */
export function byRoute<K extends string>(handlers: Record<K, HttpHandler>): HttpHandler {
  return async (event, context) => {
    const h = Object.hasOwn(handlers, event.routeKey) ? handlers[event.routeKey as K] : undefined;
    if (!h) throw new HttpError(404, 'not_found', 'No such route.', [{ path: 'path', message: `no handler for ${event.routeKey}` }]);
    return h(event, context);
  };
}

/**
 * Parses one part of a request (`query`, `path`, `headers`) with its contract's schema; a failure is a
 * 400 `validation_failed` whose issues name the part (`query.from`).
 */
export function parsePart<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  part: 'query' | 'path' | 'headers',
  message: string,
): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    message,
    toIssues(parsed.error, '').map((i) => ({ path: i.path ? `${part}.${i.path}` : part, message: i.message })),
  );
}

/** The request's media type, lower-cased and without parameters. */
export function mediaType(event: HttpEvent): string {
  return (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Refuses a body declared in another charset than UTF-8 (415): bodies are decoded as UTF-8, and
 * reading Latin-1 bytes as UTF-8 would store mangled text instead of saying what is wrong.
 */
function requireUtf8(event: HttpEvent, type: string): void {
  const params = (event.headers?.['content-type'] ?? '').split(';').slice(1);
  const charset = params
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"(.*)"$/, '$1');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError(415, 'unsupported_media_type', `Send the body as ${type} in UTF-8.`, [
      { path: 'headers.content-type', message: `charset must be utf-8, got ${charset || 'nothing'}` },
    ]);
  }
}

/** Keys that would reach an object's prototype machinery if code ever merged the body into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a string cannot be stored: NUL, or a lone surrogate (not valid Unicode, and not valid UTF-8 on the way out). */
function badString(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (!s.isWellFormed()) return 'must not contain lone surrogates (invalid Unicode)';
  return undefined;
}

/**
 * Every problem of a parsed body that no schema should have to think about: a forbidden key
 * anywhere (`__proto__`, `constructor`, `prototype`) or a string with NUL or a lone surrogate, by path.
 */
export function strictIssues(value: unknown, path = ''): Issue[] {
  const at = (k: string | number) => (typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${k}` : k);
  if (typeof value === 'string') {
    const why = badString(value);
    return why ? [{ path: path || 'body', message: why }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => strictIssues(v, at(i)));
  if (value !== null && typeof value === 'object') {
    return Object.keys(value).flatMap((k) => {
      if (FORBIDDEN_KEYS.has(k)) return [{ path: at(k), message: 'is not an allowed field name' }];
      const why = badString(k);
      if (why) return [{ path: path || 'body', message: `a field name ${why.replace('must not contain', 'contains')}` }];
      return strictIssues((value as Record<string, unknown>)[k], at(k));
    });
  }
  return [];
}

/**
 * Whether a JSON text cannot hold what `strictIssues` looks for, so the walk can be skipped (it runs on
 * every request). Without a `\u` escape every key and string is a slice of the text as written, so a
 * well-formed text without NUL and without the forbidden names has neither in any key or string.
 */
function plainJsonText(text: string): boolean {
  return (
    !text.includes('\\u') &&
    !text.includes('\u0000') &&
    text.isWellFormed() &&
    !text.includes('__proto__') &&
    !text.includes('constructor') &&
    !text.includes('prototype')
  );
}

function refuseStrictIssues(value: unknown): void {
  const issues = strictIssues(value);
  if (issues.length) throw new HttpError(400, 'invalid_body', 'The request body has fields or characters that are not accepted.', issues);
}

/** The raw body as UTF-8 text, decoded by the base64 flag and checked against the size limit. */
export function bodyText(event: HttpEvent, maxBytes = MAX_BODY_BYTES): string {
  const raw = event.body ?? '';
  const buf = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (buf.byteLength > maxBytes) {
    throw new HttpError(400, 'body_too_large', `The request body is larger than ${maxBytes} bytes.`, [
      { path: 'body', message: `must be at most ${maxBytes} bytes, got ${buf.byteLength}` },
    ]);
  }
  return buf.toString('utf8');
}

/** Parses a JSON body: 415 for another media type, 400 for malformed JSON or an oversized body. */
export function jsonBody(event: HttpEvent, maxBytes = MAX_BODY_BYTES): unknown {
  const type = mediaType(event);
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.', [
      { path: 'headers.content-type', message: `must be application/json, got ${type || 'nothing'}` },
    ]);
  }
  requireUtf8(event, 'application/json');
  const text = bodyText(event, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // Only the position: the parser's own message quotes the text around it, which may be personal data.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.', [
      { path: 'body', message: at ? `malformed JSON at position ${at}` : 'malformed JSON' },
    ]);
  }
  if (!plainJsonText(text)) refuseStrictIssues(value);
  return value;
}

/** Parses an `application/x-www-form-urlencoded` body into the last value of each field. */
export function formBody(event: HttpEvent, maxBytes = MAX_BODY_BYTES): Record<string, string> {
  const type = mediaType(event);
  if (type !== 'application/x-www-form-urlencoded') {
    throw new HttpError(415, 'unsupported_media_type', 'Send the form as application/x-www-form-urlencoded.', [
      { path: 'headers.content-type', message: `must be application/x-www-form-urlencoded, got ${type || 'nothing'}` },
    ]);
  }
  requireUtf8(event, 'application/x-www-form-urlencoded');
  const fields = Object.fromEntries(new URLSearchParams(bodyText(event, maxBytes)));
  refuseStrictIssues(fields);
  return fields;
}
