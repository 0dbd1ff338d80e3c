/**
 * The logger and the handler wrappers: every line is one JSON object with the function and request
 * id of the invocation it was written in (also when many run at once, as on the local stack), and an
 * error is logged by class and stack frames only, never by its message.
 */
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { errorFields, eventHandler, httpHandler, InvocationError, logger, withInvocation, type HttpEvent } from '#shared/platform/index.ts';

const PERSONAL = 'Item {phone: "040 1234567", email: "matti@example.com", hetu: "131052-308T"}';

/** Lines written to standard output and error, whichever way (console off Lambda, the streams on it). */
let out: string[];
let err: string[];
/** The same, by the way they were written. */
let via: { console: string[]; streams: string[] };
const spies: MockInstance[] = [];
beforeEach(() => {
  out = [];
  err = [];
  via = { console: [], streams: [] };
  const keep = (to: string[], how: string[]) => (chunk: unknown) => {
    to.push(String(chunk));
    how.push(String(chunk));
    return true;
  };
  spies.push(vi.spyOn(console, 'log').mockImplementation(keep(out, via.console)));
  spies.push(vi.spyOn(console, 'error').mockImplementation(keep(err, via.console)));
  spies.push(vi.spyOn(process.stdout, 'write').mockImplementation(keep(out, via.streams) as never));
  spies.push(vi.spyOn(process.stderr, 'write').mockImplementation(keep(err, via.streams) as never));
});
afterEach(() => {
  for (const s of spies.splice(0)) s.mockRestore();
  vi.unstubAllEnvs();
});

function context(functionName: string, awsRequestId: string): Context {
  return { functionName, awsRequestId } as Context;
}
const lines = (chunks: string[]) => chunks.map((c) => JSON.parse(c) as Record<string, unknown>);

describe('logger', () => {
  it('writes one JSON line per call with level, time, function, request id, message and fields', async () => {
    await withInvocation(context('submitFeedback', 'req-1'), async () =>
      logger.info('visits received', { received: 3, quietHours: false }),
    );
    expect(out).toHaveLength(1);
    expect(out[0]!.trimEnd()).not.toContain('\n');
    const [line] = lines(out);
    expect(line).toEqual({
      level: 'INFO',
      timestamp: expect.any(String),
      function: 'submitFeedback',
      requestId: 'req-1',
      msg: 'visits received',
      received: 3,
      quietHours: false,
    });
    expect(Number.isNaN(Date.parse(line!.timestamp as string))).toBe(false);
    expect(Object.keys(line!).slice(0, 5)).toEqual(['level', 'timestamp', 'function', 'requestId', 'msg']);
  });

  it('writes warnings and errors to stderr', async () => {
    await withInvocation(context('f', 'r'), async () => {
      logger.warn('odd');
      logger.error('broken');
    });
    expect(out).toEqual([]);
    expect(lines(err).map((l) => [l.level, l.msg])).toEqual([
      ['WARN', 'odd'],
      ['ERROR', 'broken'],
    ]);
  });

  it('does not let a field overwrite the function, request id or level', async () => {
    await withInvocation(context('sendSms', 'req-2'), async () =>
      logger.info('x', { function: 'other', requestId: 'forged', level: 'ERROR' }),
    );
    expect(lines(out)[0]).toMatchObject({ level: 'INFO', function: 'sendSms', requestId: 'req-2' });
  });

  it('keeps concurrent invocations apart, through awaits', async () => {
    const run = (fn: string, id: string, delayMs: number) =>
      withInvocation(context(fn, id), async () => {
        await new Promise((r) => setTimeout(r, delayMs));
        logger.info('after wait');
        await Promise.resolve();
        logger.info('later');
      });
    await Promise.all([run('a', 'req-a', 20), run('b', 'req-b', 5), run('c', 'req-c', 10)]);
    const pairs = lines(out).map((l) => `${l.function}/${l.requestId}`);
    expect(pairs).toHaveLength(6);
    expect(new Set(pairs)).toEqual(new Set(['a/req-a', 'b/req-b', 'c/req-c']));
    expect(pairs.filter((p) => p === 'a/req-a')).toHaveLength(2);
  });

  it('outside an invocation names the function from the Lambda environment and no request', () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'PalauteStateless-Aggregate');
    logger.info('cold start');
    expect(lines(out)[0]).toMatchObject({ function: 'PalauteStateless-Aggregate', requestId: null });
  });

  it('on Lambda writes whole lines straight to the streams, which the runtime passes on unwrapped', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'PalauteStateless-SendSms');
    await withInvocation(context('PalauteStateless-SendSms', 'req-l'), async () => {
      logger.info('sms batch', { sent: 1 });
      logger.error('send failed', { error: 'X' });
    });
    expect(via.console).toEqual([]);
    expect(out).toHaveLength(1);
    expect(err).toHaveLength(1);
    for (const chunk of [...out, ...err]) {
      expect(chunk.endsWith('\n')).toBe(true);
      expect(chunk.slice(0, -1)).not.toContain('\n');
    }
    expect(lines(out)[0]).toMatchObject({ level: 'INFO', function: 'PalauteStateless-SendSms', requestId: 'req-l', sent: 1 });
  });

  it('off Lambda (local stack, tests) writes through the console, which a test runner can hold back', async () => {
    await withInvocation(context('sendSms', 'req-c'), async () => logger.info('sms batch'));
    expect(via.streams).toEqual([]);
    expect(via.console).toHaveLength(1);
  });
});

describe('errorFields', () => {
  it('keeps the class and the stack frames, never the message, even one of several lines', () => {
    const e = new Error(`${PERSONAL}\n    at 040 1234567\nsecond line matti@example.com`);
    e.name = 'ValidationException';
    const f = errorFields(e);
    expect(f.error).toBe('ValidationException');
    expect(f.stack.length).toBeGreaterThan(0);
    expect(f.stack.every((l) => l.startsWith('at '))).toBe(true);
    expect(JSON.stringify(f)).not.toMatch(/1234567|matti|131052/);
  });

  it('handles errors whose name was set after construction, and things that are not errors', () => {
    class SdkError extends Error {
      constructor(message: string) {
        super(message);
        this.name = 'ConditionalCheckFailedException';
      }
    }
    const f = errorFields(new SdkError(PERSONAL));
    expect(f.error).toBe('ConditionalCheckFailedException');
    expect(JSON.stringify(f)).not.toContain('1234567');
    expect(errorFields('040 1234567')).toEqual({ error: 'string', stack: [] });
  });
});

describe('handler wrappers', () => {
  const event = { rawPath: '/api/feedback', headers: {}, requestContext: { http: { method: 'POST' } } } as unknown as HttpEvent;

  it('httpHandler answers an unexpected error with 500 and logs its class under the request, not its message', async () => {
    const handler = httpHandler(async () => {
      throw new TypeError(PERSONAL);
    });
    const res = await handler(event, context('submitFeedback', 'req-500'));
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body!)).toEqual({ error: { code: 'internal_error', message: expect.any(String), issues: [] } });
    const [line] = lines(err);
    expect(line).toMatchObject({
      level: 'ERROR',
      function: 'submitFeedback',
      requestId: 'req-500',
      msg: 'unexpected error',
      error: 'TypeError',
    });
    expect(err.join('')).not.toMatch(/1234567|matti|131052/);
  });

  it('httpHandler gives every line written during the request the request id', async () => {
    const handler = httpHandler(async () => {
      await Promise.resolve();
      logger.info('inside');
      return { statusCode: 204 };
    });
    await handler(event, context('receiveVisits', 'req-204'));
    expect(lines(out)[0]).toMatchObject({ function: 'receiveVisits', requestId: 'req-204', msg: 'inside' });
  });

  it('eventHandler logs a failure once and fails with an InvocationError that carries no message of the original', async () => {
    const handler = eventHandler(async (_event: unknown) => {
      logger.info('started');
      throw new RangeError(PERSONAL);
    });
    const failure = await handler({}, context('aggregate', 'req-agg')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(InvocationError);
    expect((failure as Error).message).toContain('RangeError');
    expect(String((failure as Error).stack)).not.toMatch(/1234567|matti|131052/);
    expect(lines(out)[0]).toMatchObject({ function: 'aggregate', requestId: 'req-agg', msg: 'started' });
    expect(lines(err)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        function: 'aggregate',
        requestId: 'req-agg',
        msg: 'invocation failed',
        error: 'RangeError',
      }),
    ]);
    expect(err.join('')).not.toMatch(/1234567|matti|131052/);
  });

  it('eventHandler passes event, context and result through', async () => {
    const handler = eventHandler(async (e: { n: number }, c) => ({ n: e.n + 1, fn: c.functionName }));
    expect(await handler({ n: 1 }, context('releaseInvitations', 'r'))).toEqual({ n: 2, fn: 'releaseInvitations' });
  });
});
