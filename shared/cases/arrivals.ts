import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getKeys } from '../platform/index.ts';
import { BY_ARRIVAL, type StoredAnswer } from '../feedback/index.ts';

/** An answer as the case opener reads it: the stored answer, which says whether a contact was asked for. */
export type ArrivedAnswer = StoredAnswer;

/** The answers that arrived in a window, as the case opener reads them. */
export interface ArrivalSource {
  /** Every answer whose `receivedAt` is in [fromIso, toIso], oldest arrival first. */
  arrivedBetween(fromIso: string, toIso: string): Promise<ArrivedAnswer[]>;
}

const TABLE_KEYS = ['pk', 'sk', 'queuePk', 'arrivalPk', 'arrivalSk'];

/**
 * ArrivalSource on the feedback table: the keys from the keys-only `byArrival` index, one Query per
 * UTC hour of arrival, then the answers by BatchGetItem (100 keys a call, unprocessed keys asked for
 * again). Reads the feedback feature's table through its documented index, never its store's internals.
 */
export class DynamoArrivalSource implements ArrivalSource {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async arrivedBetween(fromIso: string, toIso: string): Promise<ArrivedAnswer[]> {
    const keys: { pk: string; sk: string; arrivalSk: string }[] = [];
    for (
      let hour = new Date(`${fromIso.slice(0, 13)}:00:00.000Z`);
      hour.toISOString().slice(0, 13) <= toIso.slice(0, 13);
      hour = new Date(hour.getTime() + 3_600_000)
    ) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.db.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: BY_ARRIVAL,
            KeyConditionExpression: 'arrivalPk = :h AND arrivalSk BETWEEN :from AND :to',
            // `{toIso}#~` sorts after every `{toIso}#{id}`: an answer received at exactly toIso is included.
            ExpressionAttributeValues: { ':h': `ARR#${hour.toISOString().slice(0, 13)}`, ':from': fromIso, ':to': `${toIso}#~` },
            ExclusiveStartKey: start,
          }),
        );
        for (const i of page.Items ?? []) keys.push({ pk: i.pk as string, sk: i.sk as string, arrivalSk: i.arrivalSk as string });
        start = page.LastEvaluatedKey;
      } while (start);
    }
    const answers = await getKeys(
      this.db,
      this.table,
      keys.map(({ pk, sk }) => ({ pk, sk })),
    );
    const order = new Map(keys.map((k, i) => [`${k.pk}|${k.sk}`, i]));
    return answers
      .sort((a, b) => (order.get(`${a.pk}|${a.sk}`) ?? 0) - (order.get(`${b.pk}|${b.sk}`) ?? 0))
      .map((item) => {
        const copy: Record<string, unknown> = { ...item };
        for (const k of TABLE_KEYS) delete copy[k];
        return copy as unknown as ArrivedAnswer;
      });
  }
}
