import { CONTACTS_ENV } from '../contacts/index.ts';
import { dynamo, tableNameFromEnv } from '../platform/index.ts';
import { DynamoFeedbackStore } from './dynamo-feedback-store.ts';
import type { FeedbackStore } from './feedback-store.ts';
import { FEEDBACK_TABLE_ENV } from './manifest.ts';

let store: FeedbackStore | undefined;

/**
 * The process's feedback store, on the tables named in the environment. Readers that never write
 * (aggregation, reports) have no idempotency or contacts table; their store fails if asked to claim
 * a key or store a contact.
 */
export function feedbackStoreFromEnv(): FeedbackStore {
  store ??= new DynamoFeedbackStore(dynamo(), {
    feedback: tableNameFromEnv('feedback', { envVar: FEEDBACK_TABLE_ENV.feedback }),
    idempotency: process.env[FEEDBACK_TABLE_ENV.idempotency] ?? '',
    contacts: process.env[CONTACTS_ENV.table] ?? '',
  });
  return store;
}
