import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contactPut, type SealedContact } from '../contacts/index.ts';
import { deleteKeys, queryAll, scanPages } from '../platform/index.ts';
import type { StoredAnswer } from './answer.ts';
import type { FeedbackStore, IdempotencyRecord, PurgeCount } from './feedback-store.ts';
import { BY_ARRIVAL } from './manifest.ts';

/** Table names the store writes to. */
export interface FeedbackTables {
  feedback: string;
  idempotency: string;
  /** The contacts table, for answers that come with a contact request; empty for stores that never write one. */
  contacts?: string;
}

/** Keys of an answer item; the access patterns are written down beside the table in shared/feedback/manifest.ts. */
export function answerKeys(a: StoredAnswer): Record<string, string> {
  return {
    pk: `UNIT#${a.unitId}`,
    sk: `${a.submittedAt}#${a.id}`,
    arrivalPk: `ARR#${a.receivedAt.slice(0, 13)}`,
    arrivalSk: `${a.receivedAt}#${a.id}`,
  };
}

// `queuePk` was the key of the former `byQueue` index; answers written before cases replaced it keep it.
const KEY_ATTRS = ['pk', 'sk', 'queuePk', 'arrivalPk', 'arrivalSk'];

function toAnswer(item: Record<string, unknown>): StoredAnswer {
  const copy = { ...item };
  for (const k of KEY_ATTRS) delete copy[k];
  return copy as unknown as StoredAnswer;
}

/**
 * Hour partitions of the arrival index read at once: the first aggregation run (no watermark yet)
 * reads 400 days of them, 9,600 Queries, which one at a time took most of a minute.
 */
const ARRIVAL_READS_AT_ONCE = 16;

/** FeedbackStore on DynamoDB through the document client: the same code on AWS and on dynalite. */
export class DynamoFeedbackStore implements FeedbackStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: FeedbackTables,
  ) {}

  async putAnswer(answer: StoredAnswer, contact?: SealedContact): Promise<void> {
    const put = {
      TableName: this.tables.feedback,
      Item: { ...answerKeys(answer), ...answer },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    try {
      if (!contact) await this.db.send(new PutCommand(put));
      else {
        if (!this.tables.contacts) throw new Error('this feedback store has no contacts table');
        // One transaction: an answer whose contact was lost, or a contact without its answer, never exists.
        await this.db.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, { Put: contactPut(this.tables.contacts, contact) }] }));
      }
    } catch (e) {
      // Same id and keys already stored: a retry of a write that succeeded, nothing to do. In a
      // transaction, only the answer's own condition says so; the contact's goes with it.
      if (e instanceof ConditionalCheckFailedException) return;
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return;
      throw e;
    }
  }

  async claimIdempotencyKey(record: IdempotencyRecord): Promise<IdempotencyRecord | null> {
    const pk = `IDEM#${record.keyHash}`;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tables.idempotency,
          Item: { pk, ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return null;
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
    // Strongly consistent: the claim we lost to may have been written milliseconds ago.
    const got = await this.db.send(new GetCommand({ TableName: this.tables.idempotency, Key: { pk }, ConsistentRead: true }));
    if (!got.Item) throw new Error('idempotency record vanished after a failed claim');
    const { pk: _pk, ...rest } = got.Item;
    return rest as IdempotencyRecord;
  }

  async listUnitAnswers(unitId: string, fromIso: string, toIso: string): Promise<StoredAnswer[]> {
    // '#' sorts before every ISO digit, so `{toIso}` excludes answers at exactly toIso.
    return this.queryAnswers({
      TableName: this.tables.feedback,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `UNIT#${unitId}`, ':from': fromIso, ':to': toIso },
    });
  }

  async listArrivals(fromIso: string, toIso: string): Promise<{ unitId: string; submittedAt: string }[]> {
    // One partition per UTC hour of arrival; a run reads only the hours since the last run.
    const hours: string[] = [];
    for (
      let hour = new Date(`${fromIso.slice(0, 13)}:00:00.000Z`);
      hour.toISOString() <= toIso;
      hour = new Date(hour.getTime() + 3_600_000)
    )
      hours.push(hour.toISOString().slice(0, 13));
    const perHour: { unitId: string; submittedAt: string }[][] = [];
    let next = 0;
    let failed = false;
    const reader = async () => {
      // After a failed read no new one starts: the run fails anyway, and a denied grant would be
      // tried on every remaining hour.
      for (let i = next++; i < hours.length && !failed; i = next++) {
        const items = await queryAll(this.db, {
          TableName: this.tables.feedback,
          IndexName: BY_ARRIVAL,
          KeyConditionExpression: 'arrivalPk = :h AND arrivalSk BETWEEN :from AND :to',
          // `{toIso}#~` sorts after every `{toIso}#{id}`: an answer received at exactly toIso is included.
          ExpressionAttributeValues: { ':h': `ARR#${hours[i]}`, ':from': fromIso, ':to': `${toIso}#~` },
        }).catch((e: unknown) => {
          failed = true;
          throw e;
        });
        perHour[i] = items.map((it) => ({
          unitId: (it.pk as string).slice('UNIT#'.length),
          submittedAt: (it.sk as string).split('#')[0]!,
        }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(ARRIVAL_READS_AT_ONCE, hours.length) }, reader));
    return perHour.flat();
  }

  async deleteAnswersDatedThrough(lastDate: string): Promise<PurgeCount> {
    // A Scan, not a Query: the table is keyed by unit, and units removed from the config keep their
    // answers, which a Query per configured unit would never reach. Only the keys are returned, so
    // no free text is read into the function; the read cost is the whole table (README, "Retention").
    return this.purge(this.tables.feedback, {
      ProjectionExpression: 'pk, sk',
      FilterExpression: '#date <= :last',
      ExpressionAttributeNames: { '#date': 'date' },
      ExpressionAttributeValues: { ':last': lastDate },
    });
  }

  async deleteExpiredIdempotencyRecords(nowEpochSeconds: number): Promise<PurgeCount> {
    return this.purge(this.tables.idempotency, {
      ProjectionExpression: 'pk',
      FilterExpression: '#exp < :now',
      ExpressionAttributeNames: { '#exp': 'expiresAt' },
      ExpressionAttributeValues: { ':now': nowEpochSeconds },
    });
  }

  /** Scans a table for the items the filter selects and deletes each page's items before reading on. */
  private async purge(
    table: string,
    filter: Pick<
      Parameters<typeof scanPages>[1],
      'ProjectionExpression' | 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
  ): Promise<PurgeCount> {
    const count = { scanned: 0, deleted: 0 };
    for await (const page of scanPages(this.db, { TableName: table, ...filter })) {
      count.scanned += page.scanned;
      // The projection holds exactly the table's key attributes.
      count.deleted += await deleteKeys(this.db, table, page.items);
    }
    return count;
  }

  private async queryAnswers(input: Parameters<typeof queryAll>[1]): Promise<StoredAnswer[]> {
    return (await queryAll(this.db, input)).map(toAnswer);
  }
}
