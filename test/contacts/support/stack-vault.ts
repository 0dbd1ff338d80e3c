import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '#local/stack.ts';
import { type DataKeys, DynamoContactVault, LOCAL_CONTACT_KEYS } from '#shared/contacts/index.ts';
import { localAdapter } from '#shared/platform/local-adapters.ts';

/**
 * The contact vault of a running local stack, on its contacts table and its local key (used outside
 * any invocation, so unchecked by the local IAM, as a tool): how a test decrypts what a handler stored.
 */
export function stackVault(stack: LocalStack): DynamoContactVault {
  const keys = localAdapter<DataKeys>(LOCAL_CONTACT_KEYS);
  if (!keys) throw new Error('the local stack registered no contact key');
  return new DynamoContactVault(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.contacts, keys);
}
