import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EntryCodeRecord, SessionRecord, StaffEntryStore, StoredLockState } from './staffentry-store.ts';

/** StaffEntryStore on DynamoDB; the keys are written down beside the table in shared/staffentry/manifest.ts. */
export class DynamoStaffEntryStore implements StaffEntryStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putCode(record: EntryCodeRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: `CODE#${record.unitId}`, ...record } }));
  }

  async getCode(unitId: string): Promise<EntryCodeRecord | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `CODE#${unitId}` }, ConsistentRead: true }));
    if (!r.Item) return undefined;
    const { unitId: u, codeId, createdAt, salt, hash } = r.Item as EntryCodeRecord;
    return { unitId: u, codeId, createdAt, salt, hash };
  }

  async getLock(unitId: string): Promise<StoredLockState> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `LOCK#${unitId}` }, ConsistentRead: true }));
    const item = r.Item as (StoredLockState & { expiresAt: number }) | undefined;
    if (!item) return { failures: [], version: 0 };
    return { failures: item.failures ?? [], ...(item.lockedUntil ? { lockedUntil: item.lockedUntil } : {}), version: item.version };
  }

  async putLock(unitId: string, state: StoredLockState, expiresAt: Date): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `LOCK#${unitId}`, ...state, expiresAt: Math.ceil(expiresAt.getTime() / 1000) },
          ...(state.version === 1
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :previous', ExpressionAttributeValues: { ':previous': state.version - 1 } }),
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async putSession(session: SessionRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: `SESSION#${session.key}`, ...session } }));
  }

  async getSession(key: string): Promise<SessionRecord | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `SESSION#${key}` }, ConsistentRead: true }));
    if (!r.Item) return undefined;
    const { unitId, codeId, expiresAt } = r.Item as SessionRecord;
    return { key, unitId, codeId, expiresAt };
  }
}
