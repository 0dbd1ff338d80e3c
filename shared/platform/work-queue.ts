import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsWorkQueue } from './sqs-work-queue.ts';
import { queues, type QueueName } from '../manifest.ts';
import type { WorkQueue } from './messaging.ts';
import { requireEnv } from './env.ts';
import { localAdapters } from './local-adapters.ts';

/** A queue producer: SQS (URL from the queue's env var) on Lambda, the in-process queue locally. */
export function workQueue(name: QueueName): WorkQueue {
  return localAdapters()?.queues[name] ?? new SqsWorkQueue(new SQSClient({}), requireEnv(queues[name].envVar, `URL of the ${name} queue`));
}
