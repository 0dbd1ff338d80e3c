/**
 * The demo unit's staff entry code, so a new user can open http://localhost:3000/staff/keskusta-ta and
 * type answers in at once (README, "Staff entry"). A fixed, documented code, local only: on AWS every
 * code is made at random by a unit's handler.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { hashCode } from '#shared/staffentry/entry-code.ts';

/** The demo unit and its entry code (10 characters of the code alphabet). */
export const DEMO_ENTRY_CODE = { unitId: 'keskusta-ta', code: 'KESKUSTA23' } as const;

/**
 * Stores the demo code's hash unless the unit has a code already: a code a handler made in the running
 * stack survives a restart.
 */
export async function seedDemoEntryCode(dynamo: DynamoDBClient, table: string, now: Date): Promise<void> {
  const item = {
    pk: `CODE#${DEMO_ENTRY_CODE.unitId}`,
    unitId: DEMO_ENTRY_CODE.unitId,
    codeId: 'demo',
    createdAt: now.toISOString(),
    ...(await hashCode(DEMO_ENTRY_CODE.code)),
  };
  try {
    await DynamoDBDocumentClient.from(dynamo).send(
      new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
  }
}
