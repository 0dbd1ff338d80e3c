import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BATCH_WRITE_MAX, queryAll, UnprocessedItemsError } from '../platform/index.ts';
import type { RedactedText } from '../text/index.ts';
import type { SealedCodes } from './codes.ts';
import { BY_NODE } from './manifest.ts';
import { SCALE, type CodeState, type PulseAnswer, type Round } from './model.ts';
import type { PulseStore, SheetRecord } from './pulse-store.ts';

/** The counter attribute of one statement value on a round item (`c_workload_4`). */
const counter = (statement: string, value: number) => `c_${statement}_${value}`;

const roundKey = (id: string) => ({ pk: `ROUND#${id}`, sk: 'ROUND' });
const codeKey = (hash: string) => ({ pk: `CODE#${hash}`, sk: 'CODE' });

/** A round as stored: its fields with the counters flattened into `c_{statement}_{value}` numbers. */
function roundItem(r: Round, expiresAt?: number): Record<string, unknown> {
  const { counts, ...fields } = r;
  const item: Record<string, unknown> = {
    ...roundKey(r.id),
    nodePk: `NODE#${r.nodeId}`,
    nodeSk: `${r.opensOn}#${r.id}`,
    ...fields,
    statements: Object.keys(counts),
  };
  for (const [s, cs] of Object.entries(counts)) for (const [i, n] of cs.entries()) item[counter(s, i + 1)] = n;
  if (expiresAt !== undefined) item.expiresAt = expiresAt;
  return item;
}

function toRound(item: Record<string, unknown>): Round {
  const counts: Round['counts'] = {};
  for (const s of item.statements as string[]) counts[s] = SCALE.map((v) => Number(item[counter(s, v)] ?? 0)) as Round['counts'][string];
  return {
    id: item.id as string,
    nodeId: item.nodeId as string,
    surveyId: item.surveyId as string,
    version: Number(item.version),
    opensOn: item.opensOn as string,
    closesOn: item.closesOn as string,
    codes: Number(item.codes),
    answers: Number(item.answers),
    counts,
  };
}

/** PulseStore on DynamoDB through the document client: the same code on AWS and on dynalite. */
export class DynamoPulseStore implements PulseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async createRound(round: Round, codeHashes: readonly string[], sheet: { hash: string; sealed: SealedCodes; expiresAt: number }) {
    // The codes first and the round last: a round that exists always has every code it counts.
    const items = [
      ...codeHashes.map((h) => ({ ...codeKey(h), roundId: round.id, expiresAt: sheet.expiresAt })),
      { pk: `SHEET#${sheet.hash}`, sk: 'SHEET', roundId: round.id, ...sheet.sealed, expiresAt: sheet.expiresAt },
    ];
    for (let i = 0; i < items.length; i += BATCH_WRITE_MAX) {
      let pending: unknown[] = items.slice(i, i + BATCH_WRITE_MAX).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt === 8) throw new UnprocessedItemsError(this.table, pending.length, attempt);
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt * Math.random()));
        const out = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending as never } }));
        pending = out.UnprocessedItems?.[this.table] ?? [];
      }
    }
    await this.db.send(new PutCommand({ TableName: this.table, Item: roundItem(round), ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async getRound(id: string): Promise<Round | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: roundKey(id), ConsistentRead: true }));
    return out.Item ? toRound(out.Item) : undefined;
  }

  async roundsOf(nodeId: string): Promise<Round[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: BY_NODE,
      KeyConditionExpression: 'nodePk = :n',
      ExpressionAttributeValues: { ':n': `NODE#${nodeId}` },
    });
    return items.map(toRound);
  }

  async codeState(hash: string): Promise<CodeState> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: codeKey(hash), ConsistentRead: true }));
    if (!out.Item) return { state: 'unknown' };
    const roundId = out.Item.roundId as string;
    return out.Item.used === true ? { state: 'used', roundId } : { state: 'open', roundId };
  }

  async answer(codeHash: string, a: PulseAnswer): Promise<'stored' | 'used'> {
    const names: Record<string, string> = { '#answers': 'answers' };
    const adds = ['#answers :one'];
    Object.entries(a.values).forEach(([s, v], i) => {
      names[`#c${i}`] = counter(s, v);
      adds.push(`#c${i} :one`);
    });
    const { id, roundId, surveyId, version, date, values, text } = a;
    try {
      // One transaction and no shared attribute: the code item learns only `used`, the answer item
      // gets a random id, so nothing stored says which code gave which answer.
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: codeKey(codeHash),
                UpdateExpression: 'SET #used = :true',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#used) AND roundId = :round',
                ExpressionAttributeNames: { '#used': 'used' },
                ExpressionAttributeValues: { ':true': true, ':round': roundId },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { pk: `ANSWER#${roundId}`, sk: id, id, roundId, surveyId, version, date, values, ...(text ? { text } : {}) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: roundKey(roundId),
                UpdateExpression: `ADD ${adds.join(', ')}`,
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      );
      return 'stored';
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'used';
      throw e;
    }
  }

  async texts(roundId: string): Promise<RedactedText[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `ANSWER#${roundId}` },
      ProjectionExpression: '#t',
      ExpressionAttributeNames: { '#t': 'text' },
    });
    return items.flatMap((i) => (i.text ? [i.text as RedactedText] : []));
  }

  async sheet(hash: string): Promise<SheetRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `SHEET#${hash}`, sk: 'SHEET' } }));
    if (!out.Item) return undefined;
    const { roundId, iv, tag, ciphertext } = out.Item as Record<string, string>;
    return { roundId: roundId!, sealed: { iv: iv!, tag: tag!, ciphertext: ciphertext! } };
  }
}
