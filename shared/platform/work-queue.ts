import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsWorkQueue } from './sqs-work-queue.ts';
import type { QueueSpec } from './manifest-types.ts';
import type { WorkQueue } from './work-queue-port.ts';
import { requireEnv } from './env.ts';
import { localAdapter } from './local-adapters.ts';

/**
 * A producer of one of a fragment's queues, named by its key there: SQS (URL from the queue's env
 * var) on Lambda, the in-process queue of that name locally.
 */
export function workQueue<Q extends Readonly<Record<string, Pick<QueueSpec, 'envVar'>>>>(queues: Q, name: keyof Q & string): WorkQueue {
  return (
    localAdapter<Record<string, WorkQueue>>('queues')?.[name] ??
    new SqsWorkQueue(new SQSClient({}), requireEnv(queues[name]!.envVar, `URL of the ${name} queue`))
  );
}
