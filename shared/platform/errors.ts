import type { Issue } from './validation.ts';

/** The codes of the domain's errors; the HTTP layer maps each to exactly one status (shared/platform/http.ts). */
export type DomainErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'invalid_transition'
  | 'contact_deleted'
  | 'precondition_required';

/**
 * Errors the domain raises on purpose. Each carries a stable machine-readable `code`; the HTTP layer
 * maps the class to a status, so that the domain never speaks HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  constructor(
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule: the issues name each bad field. */
export class ValidationError extends DomainError {
  readonly code = 'validation_failed';
}

/** A referenced thing (unit, survey) that does not exist. */
export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** A request that conflicts with an earlier one (e.g. an idempotency key reused with another body). */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

/** The caller may not see or do what was asked for (HTTP 403). */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

/** Why a dependency (DynamoDB, Secrets Manager) could not answer now; a retry later may succeed. */
export type UnavailableKind = 'throttled' | 'timeout' | 'connection' | 'server';

/** Error names AWS services give to throttling (DynamoDB's own and the generic ones). */
const THROTTLING_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
]);

/** Errors a service names as its own failure (a 5xx it answered). */
const SERVER_NAMES = new Set(['InternalServerError', 'InternalFailure', 'ServiceUnavailable', 'ServiceUnavailableException']);

/** Node's socket error codes for a connection that could not be made, or broke before the answer came. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/**
 * Whether an error (as the AWS SDK throws it after its own retries) means the dependency is
 * unavailable for now — throttled, timed out, unreachable or failing on its side — and which. The
 * HTTP layer answers these with 503 and Retry-After instead of 500: the request was fine and a
 * retry later will do. Read from the error's name, code and status only, never its message.
 */
export function unavailableKind(e: unknown): UnavailableKind | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as Error & { code?: unknown; $metadata?: { httpStatusCode?: number }; $fault?: unknown };
  if (THROTTLING_NAMES.has(err.name) || err.$metadata?.httpStatusCode === 429) return 'throttled';
  // The SDK's HTTP handler names its connection and socket timeouts TimeoutError.
  if (err.name === 'TimeoutError') return 'timeout';
  if (typeof err.code === 'string' && CONNECTION_CODES.has(err.code)) return 'connection';
  if (SERVER_NAMES.has(err.name) || (err.$fault === 'server' && (err.$metadata?.httpStatusCode ?? 0) >= 500)) return 'server';
  return undefined;
}
