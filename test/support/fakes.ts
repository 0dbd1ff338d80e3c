/** Building blocks of the in-memory fakes of the ports (test/<feature>/support/memory-*.ts) and their use-case tests. */
import type { Clock } from '#shared/platform/time.ts';
import type { WorkQueue } from '#shared/platform/work-queue-port.ts';

/** A clock that stands still until a test moves it, so every date a use case computes is fixed. */
export class FixedClock implements Clock {
  private at: number;

  constructor(iso: string) {
    this.at = FixedClock.parse(iso);
  }

  now(): Date {
    return new Date(this.at);
  }

  /** Sets the time to an ISO 8601 instant. */
  set(iso: string): void {
    this.at = FixedClock.parse(iso);
  }

  /** Moves the time forward (or back, with a negative amount) by milliseconds. */
  advance(ms: number): void {
    this.at += ms;
  }

  private static parse(iso: string): number {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) throw new RangeError(`not an instant: ${iso}`);
    return t;
  }
}

/** A copy as it comes back from DynamoDB: a fresh object, with undefined attributes dropped (`removeUndefinedValues`). */
export function stored<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** WorkQueue that keeps what was sent, in order, for the test to deliver (or not) itself. */
export class RecordingQueue implements WorkQueue {
  readonly sent: Record<string, unknown>[] = [];

  async send(body: Record<string, unknown>): Promise<void> {
    this.sent.push(stored(body));
  }
}

/** Runs `f` and returns what it threw; fails the test when it did not throw. */
export async function thrown(f: () => unknown): Promise<Error> {
  try {
    await f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}
