import { dynamo, tableNameFromEnv } from '../platform/index.ts';
import { DynamoFeedbackStore } from './dynamo-feedback-store.ts';
import type { FeedbackStore } from './feedback-store.ts';
import { feedbackManifest } from './manifest.ts';

let store: FeedbackStore | undefined;

/**
 * The process's feedback store, on the tables named in the environment. Readers that never write
 * (aggregation, reports) have no idempotency table; their store fails if asked to claim a key.
 */
export function feedbackStoreFromEnv(): FeedbackStore {
  store ??= new DynamoFeedbackStore(dynamo(), {
    feedback: tableNameFromEnv('feedback', feedbackManifest.tables.feedback),
    idempotency: process.env[feedbackManifest.tables.idempotency.envVar] ?? '',
  });
  return store;
}
