import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsWorkQueue } from './sqs-work-queue.ts';
import type { QueueSpec } from './manifest-types.ts';
import type { WorkQueue } from './work-queue-port.ts';
import { requireEnv } from './env.ts';
import { localAdapter } from './local-adapters.ts';

/** A queue producer: SQS (URL from the queue's env var) on Lambda, the in-process queue locally. */
export function workQueue(name: string, spec: Pick<QueueSpec, 'envVar'>): WorkQueue {
  return localAdapter<Record<string, WorkQueue>>('queues')?.[name] ?? new SqsWorkQueue(new SQSClient({}), requireEnv(spec.envVar, `URL of the ${name} queue`));
}
