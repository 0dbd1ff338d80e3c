/** The one error map (shared/platform/http.ts): each domain error's status, and 500 for anything else. */
import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '#shared/platform/errors.ts';
import { errorResponse, statusOf } from '#shared/platform/http.ts';
import { setLineSink } from '#shared/platform/logger.ts';

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

  it.each([
    [
      'DynamoDB throttling',
      Object.assign(new Error('Throughput exceeded for item 0401234567'), { name: 'ProvisionedThroughputExceededException' }),
      '2',
    ],
    ['a request or connection timeout', Object.assign(new Error('timed out 0401234567'), { name: 'TimeoutError' }), '5'],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }), '5'],
    ['a connection reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), '5'],
    [
      'a 5xx of the service',
      Object.assign(new Error('internal 0401234567'), {
        name: 'InternalServerError',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      }),
      '5',
    ],
  ])('answers %s with 503, Retry-After and service_unavailable, logging only its class', (_label, error, retryAfter) => {
    const lines: string[] = [];
    setLineSink((line) => lines.push(line));
    try {
      const r = errorResponse(error);
      expect(r.statusCode).toBe(503);
      expect(r.headers?.['retry-after']).toBe(retryAfter);
      expect(JSON.parse(r.body as string).error).toMatchObject({ code: 'service_unavailable', issues: [] });
      expect(r.body).not.toContain('0401234567');
    } finally {
      setLineSink(undefined);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('0401234567');
    expect(lines[0]).not.toContain('127.0.0.1');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'WARN', msg: 'dependency unavailable', error: error.name });
  });

  it('answers 500, not 503, for an SDK error that a retry would not fix', () => {
    const e = Object.assign(new Error('One or more parameter values were invalid'), {
      name: 'ValidationException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    expect(errorResponse(e).statusCode).toBe(500);
  });
});
