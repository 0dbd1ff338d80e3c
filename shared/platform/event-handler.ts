/**
 * The wrapper of every non-HTTP handler (schedules, queue consumers): the counterpart of `httpHandler`
 * for invocations that have no response to map errors to.
 */
import type { Context } from 'aws-lambda';
import { errorFields, logger, withInvocation } from './logger.ts';

/** A scheduled or queue-triggered handler body. */
export type EventHandler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The error an invocation fails with instead of the original: the Lambda runtime logs a failed
 * invocation's error message itself, and the original's message can echo item values.
 */
export class InvocationError extends Error {
  constructor(cause: string) {
    super(`The invocation failed with ${cause}; see the preceding log line for its stack.`);
    this.name = 'InvocationError';
  }
}

/**
 * Runs the handler inside the invocation's logging scope. An unexpected error is logged once (class
 * and frames) and rethrown as an InvocationError, so the invocation still fails — the scheduler
 * retries, the queue redelivers — without the runtime printing the original message.
 */
export function eventHandler<E, R>(fn: EventHandler<E, R>): EventHandler<E, R> {
  return (event, context) =>
    withInvocation(context, async () => {
      try {
        return await fn(event, context);
      } catch (e) {
        const fields = errorFields(e);
        logger.error('invocation failed', fields);
        throw new InvocationError(fields.error);
      }
    });
}
