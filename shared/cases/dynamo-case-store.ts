import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { deleteKeys, getKeys, queryAll, scanPages } from '../platform/index.ts';
import type { Case } from './case.ts';
import {
  BadCursorError,
  cursorAfter,
  cursorKey,
  queueSortKey,
  StaleVersionError,
  type CasePage,
  type CaseQuery,
  type CaseStore,
  type ExpiredCasePage,
  type OpenerMark,
} from './case-store.ts';
import { BY_DUE, BY_PURGE, BY_RELABEL, QUEUE_INDEXES, QUEUE_SK } from './manifest.ts';

/** The partition key of the opener's watermark item. */
const WATERMARK_PK = 'META#openCases';

/** The table key and index attributes of a case; the access patterns are written down in shared/cases/manifest.ts. */
export function caseKeys(c: Case): Record<string, string> {
  return {
    pk: `CASE#${c.id}`,
    [QUEUE_INDEXES.unit.pk]: `Q#${c.unitId}`,
    [QUEUE_INDEXES.service.pk]: `Q#${c.serviceId}`,
    [QUEUE_INDEXES.serviceArea.pk]: `Q#${c.serviceAreaId}`,
    [QUEUE_INDEXES.region.pk]: `Q#${c.regionId}`,
    [QUEUE_SK]: queueSortKey(c),
    // Open and not yet escalated: the reminder job has something left to do for it.
    ...(c.status === 'closed' || c.escalated ? {} : { openPk: 'OPEN', openSk: `${c.dueAt}#${c.id}` }),
    ...(purgeOnOf(c) ? { purgePk: 'PURGE', purgeSk: `${purgeOnOf(c)}#${c.id}` } : {}),
    ...(c.relabelledAt ? { relabelPk: RELABEL_PK, relabelSk: `${c.relabelledAt}#${c.id}` } : {}),
  };
}

/** The most items one Query of a filtered queue page reads (DynamoDB also stops at 1 MB). */
const MAX_FILTERED_READ = 1000;

/** The day a closed contact case's contact is due to be erased, while it is still to be erased. */
function purgeOnOf(c: Case): string | undefined {
  return c.status === 'closed' && c.contactRequested && !c.contactDeletedAt ? c.purgeOn : undefined;
}

const KEY_ATTRS = [
  'pk',
  QUEUE_SK,
  ...Object.values(QUEUE_INDEXES).map((q) => q.pk),
  'openPk',
  'openSk',
  'purgePk',
  'purgeSk',
  'relabelPk',
  'relabelSk',
];

/** The one partition of the `byRelabel` index. */
export const RELABEL_PK = 'RELABEL';

function toCase(item: Record<string, unknown>): Case {
  const copy = { ...item };
  for (const k of KEY_ATTRS) delete copy[k];
  return copy as unknown as Case;
}

/** CaseStore on DynamoDB through the document client: the same code on AWS and on dynalite. */
export class DynamoCaseStore implements CaseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(c: Case): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.table, Item: { ...caseKeys(c), ...c }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async get(id: string): Promise<Case | null> {
    const got = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `CASE#${id}` }, ConsistentRead: true }));
    return got.Item ? toCase(got.Item) : null;
  }

  async getMany(ids: readonly string[]): Promise<Case[]> {
    const keys = [...new Set(ids)].map((id) => ({ pk: `CASE#${id}` }));
    return (await getKeys(this.db, this.table, keys, { consistent: true })).map(toCase);
  }

  async save(next: Case, basedOn: number): Promise<void> {
    if (next.version !== basedOn + 1) throw new Error(`save: version ${next.version} does not follow ${basedOn}`);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...caseKeys(next), ...next },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': basedOn },
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw new StaleVersionError(next.id);
      throw e;
    }
  }

  async list(q: CaseQuery): Promise<CasePage> {
    const index = QUEUE_INDEXES[q.kind];
    const after = q.cursor === undefined ? undefined : cursorKey(q.cursor);
    const from = q.fromIso ?? '0000';
    const to = `${q.toIso ?? '9999'}#~`;
    if (after && !(after.sk >= from && after.sk <= to)) throw new BadCursorError();
    const names: Record<string, string> = { '#q': index.pk, '#sk': QUEUE_SK };
    const values: Record<string, unknown> = { ':q': `Q#${q.nodeId}`, ':from': from, ':to': to };
    const filters: string[] = [];
    if (q.status !== undefined) {
      names['#status'] = 'status';
      values[':status'] = q.status;
      filters.push('#status = :status');
    }
    if (q.overdue !== undefined) {
      names['#status'] = 'status';
      values[':closed'] = 'closed';
      values[':now'] = q.now.toISOString();
      filters.push(q.overdue ? '(#status <> :closed AND dueAt < :now)' : '(#status = :closed OR dueAt >= :now)');
    }
    // The filters that compare one attribute with the value asked for.
    const plain: [value: unknown, placeholder: string, expression: string][] = [
      [q.contactRequested, ':cr', 'contactRequested = :cr'],
      [q.escalated, ':esc', 'escalated = :esc'],
      [q.theme, ':theme', 'contains(themes, :theme)'],
      [q.sentiment, ':sentiment', 'sentiment = :sentiment'],
    ];
    for (const [value, placeholder, expression] of plain) {
      if (value === undefined) continue;
      values[placeholder] = value;
      filters.push(expression);
    }
    const cases: Case[] = [];
    let start: Record<string, unknown> | undefined = after
      ? { pk: `CASE#${after.id}`, [index.pk]: `Q#${q.nodeId}`, [QUEUE_SK]: after.sk }
      : undefined;
    // A filtered page may come back short: read on until the page is full or the queue ends. DynamoDB
    // applies Limit before the filter, so each further read asks for twice as many (up to
    // MAX_FILTERED_READ): a sparse filter costs a few round trips, not one per page-sized slice.
    let limit = q.limit + 1;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index.name,
          KeyConditionExpression: '#q = :q AND #sk BETWEEN :from AND :to',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      );
      cases.push(...(page.Items ?? []).map(toCase));
      start = page.LastEvaluatedKey;
      limit = Math.min(limit * 2, MAX_FILTERED_READ);
    } while (start && cases.length <= q.limit);
    const more = cases.length > q.limit || start !== undefined;
    const shown = cases.slice(0, q.limit);
    return { cases: shown, next: more && shown.length ? cursorAfter(shown.at(-1)!) : null };
  }

  async openDueBy(untilIso: string): Promise<string[]> {
    return this.sparseIds(BY_DUE, 'openPk', 'OPEN', 'openSk', untilIso);
  }

  async relabelledBetween(fromIso: string, toIso: string): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: BY_RELABEL,
      KeyConditionExpression: 'relabelPk = :p AND relabelSk BETWEEN :from AND :to',
      // `{toIso}#~` sorts after every `{toIso}#{id}`: a case relabelled at exactly toIso is in.
      ExpressionAttributeValues: { ':p': RELABEL_PK, ':from': fromIso, ':to': `${toIso}#~` },
    });
    return items.map((i) => (i.pk as string).slice('CASE#'.length));
  }

  async purgeDueBy(date: string): Promise<string[]> {
    return this.sparseIds(BY_PURGE, 'purgePk', 'PURGE', 'purgeSk', date);
  }

  /** Ids of the cases in a sparse index whose sort key (`{when}#{id}`) is at or before `until`, earliest first. */
  private async sparseIds(index: string, pk: string, value: string, sk: string, until: string): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: index,
      KeyConditionExpression: '#pk = :p AND #sk <= :until',
      ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
      // `{until}#~` sorts after every `{until}#{id}`: a case due at exactly `until` is in.
      ExpressionAttributeValues: { ':p': value, ':until': `${until}#~` },
    });
    return items.map((i) => (i.pk as string).slice('CASE#'.length));
  }

  async *answeredThrough(lastDate: string): AsyncIterable<ExpiredCasePage> {
    // A Scan, as the answer purge does: no index holds every case by its answer's day (the queues are
    // per node, and a node removed from the config keeps its cases). Only the key and the contact flag
    // are read, so no comment enters the function; the watermark item has no answerDate and stays.
    for await (const page of scanPages(this.db, {
      TableName: this.table,
      ProjectionExpression: 'pk, contactRequested',
      FilterExpression: '#date <= :last',
      ExpressionAttributeNames: { '#date': 'answerDate' },
      ExpressionAttributeValues: { ':last': lastDate },
    })) {
      const cases = page.items.map((i) => ({ id: (i.pk as string).slice('CASE#'.length), contactRequested: i.contactRequested === true }));
      yield { scanned: page.scanned, cases };
    }
  }

  async deleteCases(ids: readonly string[]): Promise<number> {
    return deleteKeys(
      this.db,
      this.table,
      [...new Set(ids)].map((id) => ({ pk: `CASE#${id}` })),
    );
  }

  async watermark(): Promise<OpenerMark | null> {
    const got = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: WATERMARK_PK }, ConsistentRead: true }));
    return got.Item ? { at: got.Item.at as string, seen: (got.Item.seen as string[] | undefined) ?? [] } : null;
  }

  async setWatermark(mark: OpenerMark): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: WATERMARK_PK, at: mark.at, seen: mark.seen } }));
  }
}
