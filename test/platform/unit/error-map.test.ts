/** The one error map (shared/platform/http.ts): each domain error's status, and 500 for anything else. */
import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '#shared/platform/errors.ts';
import { errorResponse, statusOf } from '#shared/platform/http.ts';

describe('error map', () => {
  it('maps each domain error to its status', () => {
    expect(statusOf(new ValidationError('bad'))).toBe(400);
    expect(statusOf(new ForbiddenError('no'))).toBe(403);
    expect(statusOf(new NotFoundError('none'))).toBe(404);
    expect(statusOf(new ConflictError('again'))).toBe(409);
  });

  it('answers 403 with the forbidden code and the issues for ForbiddenError', () => {
    const r = errorResponse(new ForbiddenError('You may not see reports of this node.', [{ path: 'query.node', message: 'not yours' }]));
    expect(r.statusCode).toBe(403);
    expect(JSON.parse(r.body as string)).toEqual({
      error: {
        code: 'forbidden',
        message: 'You may not see reports of this node.',
        issues: [{ path: 'query.node', message: 'not yours' }],
      },
    });
  });

  it('answers 500, never 400, for a domain error whose code is not mapped', () => {
    class Stray extends DomainError {
      readonly code = 'stray' as never;
    }
    expect(statusOf(new Stray('?'))).toBe(500);
  });

  it('answers 500 with a generic body for an unexpected error', () => {
    const r = errorResponse(new TypeError('item value 0401234567'));
    expect(r.statusCode).toBe(500);
    expect(JSON.parse(r.body as string).error.code).toBe('internal_error');
    expect(r.body).not.toContain('0401234567');
  });
});
