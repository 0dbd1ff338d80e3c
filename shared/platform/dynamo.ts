/**
 * The process's DynamoDB document client, created once per cold start and shared by the requests
 * the execution environment serves. Locally, AWS_ENDPOINT_URL_DYNAMODB points it at dynalite.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localAdapter } from './local-adapters.ts';

let documentClient: DynamoDBDocumentClient | undefined;

/** Checks each DynamoDB call against the calling function's grants; registered only by the local stack. */
export type DynamoGuard = (client: DynamoDBClient) => void;

/**
 * How the client gives up on an unreachable or stalled DynamoDB, so that a handler answers 503 with
 * Retry-After well inside its function timeout (10 s for the submit functions) instead of hanging
 * until Lambda kills it. A healthy DynamoDB answers a single-item call in milliseconds, so these
 * limits trip only on a dead connection:
 * - `connectionTimeout` 1 s: an in-region TCP/TLS connect takes milliseconds; a second is one lost SYN.
 * - `requestTimeout` 2 s for the whole request and answer, with `throwOnRequestTimeout` (without it
 *   the SDK only logs a warning and keeps waiting): generous for the largest Query page (1 MB), yet
 *   short enough that three attempts fit the budget.
 * - `maxAttempts` 3 (the SDK's standard mode, with its exponential backoff and jitter and its
 *   throttling-aware retry quota): rides out a dropped connection or a throttled moment; more would
 *   only make a person wait for an answer that a retry after Retry-After gives anyway.
 * Worst case per call ≈ 3 × 2 s plus backoff ≈ 6.5 s.
 */
export const DYNAMO_CLIENT_SETTINGS: DynamoClientSettings = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true },
};

/** Retry and timeout settings of the handlers' DynamoDB client. */
export interface DynamoClientSettings {
  maxAttempts: number;
  requestHandler: { connectionTimeout?: number; requestTimeout?: number; throwOnRequestTimeout?: boolean };
}

/** The process's DynamoDB document client. */
export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    // The local stack registers null (the SDK's defaults) unless it runs the fault proxy: see
    // `dynamoClientSettings` in local/stack.ts.
    const local = localAdapter<DynamoClientSettings | null>('dynamoClientSettings');
    const settings = local === undefined ? DYNAMO_CLIENT_SETTINGS : local;
    const client = new DynamoDBClient(
      settings ? { maxAttempts: settings.maxAttempts, requestHandler: { ...settings.requestHandler } } : {},
    );
    localAdapter<DynamoGuard>('dynamoGuard')?.(client);
    documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }
  return documentClient;
}
