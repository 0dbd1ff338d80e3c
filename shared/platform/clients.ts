/**
 * SDK clients and stores, created once per cold start at module scope and shared by the requests
 * the execution environment serves. Locally, AWS_ENDPOINT_URL_DYNAMODB points the same client at dynalite.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoFeedbackStore } from '../feedback/dynamo-feedback-store.ts';
import type { FeedbackStore } from '../feedback/feedback-store.ts';
import { DynamoSmsStore } from '../sms/dynamo-sms-store.ts';
import type { SmsStore } from '../sms/sms-store.ts';
import { DynamoAggregateStore } from '../reporting/dynamo-aggregate-store.ts';
import type { AggregateStore } from '../reporting/aggregate-store.ts';
import { tableNameFromEnv } from './env.ts';
import { tables } from '../manifest.ts';

let documentClient: DynamoDBDocumentClient | undefined;
let feedbackStore: FeedbackStore | undefined;

/** The process's DynamoDB document client. */
export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

/**
 * The process's feedback store, on the tables named in the environment. Readers that never write
 * (aggregation, reports) have no idempotency table; their store fails if asked to claim a key.
 */
export function feedbackStoreFromEnv(): FeedbackStore {
  feedbackStore ??= new DynamoFeedbackStore(dynamo(), {
    feedback: tableNameFromEnv('feedback'),
    idempotency: process.env[tables.idempotency.envVar] ?? '',
  });
  return feedbackStore;
}

let smsStore: SmsStore | undefined;

/** The process's SMS store, on the table named in the environment. */
export function smsStoreFromEnv(): SmsStore {
  smsStore ??= new DynamoSmsStore(dynamo(), tableNameFromEnv('sms'));
  return smsStore;
}

let aggregateStore: AggregateStore | undefined;

/** The process's NPS snapshot store, on the table named in the environment. */
export function aggregateStoreFromEnv(): AggregateStore {
  aggregateStore ??= new DynamoAggregateStore(dynamo(), tableNameFromEnv('aggregates'));
  return aggregateStore;
}
