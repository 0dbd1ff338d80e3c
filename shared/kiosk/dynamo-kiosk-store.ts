import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../platform/index.ts';
import type { Kiosk } from './kiosk.ts';
import type { KioskStore } from './kiosk-store.ts';
import { KIOSKS_BY_UNIT } from './manifest.ts';

const pkOf = (id: string) => `KIOSK#${id}`;

function toKiosk(item: Record<string, unknown>): Kiosk {
  const { pk: _pk, unitPk: _u, unitSk: _s, ...rest } = item;
  return rest as unknown as Kiosk;
}

/** KioskStore on DynamoDB; the keys are written down beside the table in shared/kiosk/manifest.ts. */
export class DynamoKioskStore implements KioskStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(k: Kiosk): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: pkOf(k.id), unitPk: `UNIT#${k.unitId}`, unitSk: `${k.createdAt}#${k.id}`, ...k },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string): Promise<Kiosk | null> {
    const got = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: pkOf(id) }, ConsistentRead: true }));
    return got.Item ? toKiosk(got.Item) : null;
  }

  async listByUnit(unitId: string): Promise<Kiosk[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: KIOSKS_BY_UNIT,
      KeyConditionExpression: 'unitPk = :u',
      ExpressionAttributeValues: { ':u': `UNIT#${unitId}` },
    });
    return items.map(toKiosk);
  }

  async enrol(id: string, enrolHash: string, secretHash: string, at: string): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: pkOf(id) },
        UpdateExpression: 'SET secretHash = :s, enrolledAt = :at REMOVE enrolHash',
        ConditionExpression: 'enrolHash = :e AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':s': secretHash, ':at': at, ':e': enrolHash },
      }),
    );
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: pkOf(id) },
        // The first revocation's time stands; the code and secret go, so nothing can use them again.
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at) REMOVE enrolHash, secretHash',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async setLastAnswerAt(id: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: pkOf(id) },
        UpdateExpression: 'SET lastAnswerAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  private async conditional(command: UpdateCommand): Promise<boolean> {
    try {
      await this.db.send(command);
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
}
