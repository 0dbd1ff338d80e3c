import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../platform/index.ts';
import type { AggregateStore, Snapshot } from './aggregate-store.ts';
import type { Granularity } from './periods.ts';

const pkOf = (nodeId: string, g: Granularity) => `AGG#${nodeId}#${g}`;

/** The item a snapshot is stored as: one place for its shape, so a bulk loader writes what `put` writes. */
export function snapshotItem(s: Snapshot): Record<string, unknown> {
  return {
    pk: pkOf(s.nodeId, s.granularity),
    sk: s.period,
    nodeId: s.nodeId,
    granularity: s.granularity,
    period: s.period,
    counts: s.counts,
    asOf: s.asOf,
  };
}

/** Key of the incremental run's watermark row. */
const WATERMARK_KEY = { pk: 'META', sk: 'watermark' } as const;

/** The watermark row as `setWatermark` leaves it, for loaders and for putting a watermark back. */
export function watermarkItem(iso: string): Record<string, unknown> {
  return { ...WATERMARK_KEY, at: iso };
}

/** AggregateStore on DynamoDB: `pk = AGG#{nodeId}#{granularity}`, `sk = {period}`; a report series is one Query. */
export class DynamoAggregateStore implements AggregateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(s: Snapshot): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: snapshotItem(s),
          // Two overlapping runs: the snapshot read from later sources wins, whichever writes last.
          ConditionExpression: 'attribute_not_exists(pk) OR asOf <= :asOf',
          ExpressionAttributeValues: { ':asOf': s.asOf },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async range(nodeId: string, g: Granularity, fromPeriod: string, toPeriod: string): Promise<Snapshot[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pkOf(nodeId, g), ':from': fromPeriod, ':to': toPeriod },
      // Roll-ups read what this run just wrote.
      ConsistentRead: true,
    });
    const out = items.map(toSnapshot);
    return out;
  }

  async many(nodeIds: readonly string[], g: Granularity, period: string): Promise<Map<string, Snapshot>> {
    const out = new Map<string, Snapshot>();
    // BatchGetItem takes at most 100 keys and may return some unprocessed under load: retry those.
    for (let i = 0; i < nodeIds.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = nodeIds.slice(i, i + 100).map((id) => ({ pk: pkOf(id, g), sk: period }));
      while (keys?.length) {
        const r = await this.db.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of r.Responses?.[this.table] ?? []) {
          const s = toSnapshot(item);
          out.set(s.nodeId, s);
        }
        keys = r.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return out;
  }

  async getWatermark(): Promise<string | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: WATERMARK_KEY, ConsistentRead: true }));
    return r.Item?.at as string | undefined;
  }

  async setWatermark(iso: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: WATERMARK_KEY,
          UpdateExpression: 'SET #at = :at',
          ConditionExpression: 'attribute_not_exists(#at) OR #at < :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': iso },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }
}

function toSnapshot(i: Record<string, unknown>): Snapshot {
  return {
    nodeId: i.nodeId as string,
    granularity: i.granularity as Granularity,
    period: i.period as string,
    counts: i.counts as Snapshot['counts'],
    asOf: i.asOf as string,
  };
}
