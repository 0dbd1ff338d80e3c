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

/** The process's DynamoDB document client. */
export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const client = new DynamoDBClient({});
    localAdapter<DynamoGuard>('dynamoGuard')?.(client);
    documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }
  return documentClient;
}
