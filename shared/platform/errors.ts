import type { Issue } from './validation.ts';

/** The codes of the domain's errors; the HTTP layer maps each to exactly one status (shared/platform/http.ts). */
export type DomainErrorCode = 'validation_failed' | 'not_found' | 'conflict' | 'forbidden';

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
