import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getKeys, putItems, queryAll } from '../platform/index.ts';
import { BY_DUE } from './manifest.ts';
import type { AuditRow, CooldownRow, DailyRate, Invitation, LinkRecord, PersonState, SmsStore, UsedLinkRecord } from './sms-store.ts';

/** What an invitation row holds about the visit; all of it goes once the invitation is settled. */
const VISIT_DETAILS = 'phoneEnc, unitId, visitDate, visitedAt, sendAt, lang, ageGroup, visitMode';

const conditionFailed = (e: unknown) => e instanceof ConditionalCheckFailedException;

/** SmsStore on one DynamoDB table; the item layout is written down beside the table in shared/manifest.ts. */
export class DynamoSmsStore implements SmsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async hasVisit(visitKey: string): Promise<boolean> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `VISIT#${visitKey}`, sk: 'VISIT' } }));
    return r.Item !== undefined;
  }

  async putVisit(visitKey: string, expiresAt: number): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: `VISIT#${visitKey}`, sk: 'VISIT', expiresAt } }));
  }

  async seenVisits(visitKeys: readonly string[]): Promise<Set<string>> {
    const keys = [...new Set(visitKeys)].map((k) => ({ pk: `VISIT#${k}`, sk: 'VISIT' }));
    const found = await getKeys(this.db, this.table, keys);
    return new Set(found.map((i) => (i.pk as string).slice('VISIT#'.length)));
  }

  async putVisits(rows: readonly { visitKey: string; expiresAtEpoch: number }[]): Promise<void> {
    await putItems(
      this.db,
      this.table,
      rows.map((r) => ({ pk: `VISIT#${r.visitKey}`, sk: 'VISIT', expiresAt: r.expiresAtEpoch })),
    );
  }

  async getPerson(personHash: string): Promise<PersonState> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PERSON#${personHash}` },
        ConsistentRead: true,
      }),
    );
    return personStateOf(r.Items ?? []);
  }

  async getPersons(personHashes: readonly string[]): Promise<Map<string, PersonState>> {
    const hashes = [...new Set(personHashes)];
    // A person's partition holds only these two rows (setCooldown, optOut), so reading both by key
    // finds what getPerson's Query finds; consistent, as that Query is, so a write just made is seen.
    const found = await getKeys(
      this.db,
      this.table,
      hashes.flatMap((h) => [
        { pk: `PERSON#${h}`, sk: 'COOLDOWN' },
        { pk: `PERSON#${h}`, sk: 'OPTOUT' },
      ]),
      { consistent: true },
    );
    const rows = new Map<string, Record<string, unknown>[]>(hashes.map((h) => [h, []]));
    for (const item of found) rows.get((item.pk as string).slice('PERSON#'.length))?.push(item);
    return new Map([...rows].map(([h, items]) => [h, personStateOf(items)]));
  }

  async setCooldown(personHash: string, sendDate: string, until: string, expiresAt: number, keyVersion: number): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `PERSON#${personHash}`, sk: 'COOLDOWN', sendDate, until, keyVersion, expiresAt },
      }),
    );
  }

  async setCooldowns(rows: readonly CooldownRow[]): Promise<void> {
    // A BatchWriteItem refuses two requests for one key, so a hash given twice keeps its later row.
    const latest = new Map(rows.map((r) => [r.personHash, r]));
    await putItems(
      this.db,
      this.table,
      [...latest.values()].map((r) => ({
        pk: `PERSON#${r.personHash}`,
        sk: 'COOLDOWN',
        sendDate: r.sendDate,
        until: r.until,
        keyVersion: r.keyVersion,
        expiresAt: r.expiresAtEpoch,
      })),
    );
  }

  async optOut(personHash: string, date: string, keyVersion: number): Promise<void> {
    // Opt-out has no expiry: it stands until the person asks again (a manual procedure). The first
    // one stands as it is: asking again changes neither its day nor a re-keyed mark.
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `PERSON#${personHash}`, sk: 'OPTOUT', date, keyVersion },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (e) {
      if (!conditionFailed(e)) throw e;
    }
  }

  async markOptOutRekeyed(personHash: string, to: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `PERSON#${personHash}`, sk: 'OPTOUT' },
          UpdateExpression: 'SET rekeyedTo = :to',
          // Never creates an opt-out row: only marks one that exists.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':to': to },
        }),
      );
    } catch (e) {
      if (!conditionFailed(e)) throw e;
    }
  }

  async takeCapSlot(unitId: string, sendDate: string, cap: number): Promise<boolean> {
    // The condition lets the first taker of a day in whatever the cap; a cap of 0 has no slot to take.
    if (cap <= 0) return false;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `CAP#${unitId}#${sendDate}`, sk: 'CAP' },
          UpdateExpression: 'ADD taken :one SET expiresAt = if_not_exists(expiresAt, :exp)',
          ConditionExpression: 'attribute_not_exists(taken) OR taken < :cap',
          ExpressionAttributeValues: {
            ':one': 1,
            ':cap': cap,
            ':exp': Math.floor(Date.parse(`${sendDate}T00:00:00Z`) / 1000) + 3 * 86_400,
          },
        }),
      );
      return true;
    } catch (e) {
      if (conditionFailed(e)) return false;
      throw e;
    }
  }

  async releaseCapSlot(unitId: string, sendDate: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `CAP#${unitId}#${sendDate}`, sk: 'CAP' },
          UpdateExpression: 'ADD taken :minus',
          ConditionExpression: 'taken > :zero',
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        }),
      );
    } catch (e) {
      if (!conditionFailed(e)) throw e;
    }
  }

  async scheduleInvitation(inv: Invitation, expiresAt: number) {
    try {
      const r = await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `INV#${inv.key}`, sk: 'INV', ...inv, duePk: `DUE#${inv.sendDate}`, dueSk: `${inv.sendAt}#${inv.key}`, expiresAt },
          // A later visit of the same person and day replaces a pending invitation; an equal or
          // earlier one (including the same visit sent again) never does.
          ConditionExpression: 'attribute_not_exists(pk) OR (visitedAt < :v AND #s = :pending)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':v': inv.visitedAt, ':pending': 'pending' },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const old = r.Attributes;
      return old
        ? { result: 'replaced' as const, previous: { unitId: old.unitId as string, visitDate: old.visitDate as string } }
        : { result: 'created' as const };
    } catch (e) {
      if (conditionFailed(e)) return { result: 'kept_existing' as const };
      throw e;
    }
  }

  async listDue(sendDate: string, nowIso: string): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: BY_DUE,
      KeyConditionExpression: 'duePk = :d AND dueSk <= :now',
      ExpressionAttributeValues: { ':d': `DUE#${sendDate}`, ':now': `${nowIso}#~` },
    });
    const keys = items.map((i) => (i.pk as string).slice('INV#'.length));
    return keys;
  }

  private async transition(
    key: string,
    from: Invitation['status'][],
    set: string,
    values: Record<string, unknown> = {},
    returnNew = false,
  ) {
    const names: Record<string, string> = { '#s': 'status' };
    const vals: Record<string, unknown> = { ...values };
    for (const [i, f] of from.entries()) vals[`:f${i}`] = f;
    try {
      const r = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `INV#${key}`, sk: 'INV' },
          UpdateExpression: set,
          ConditionExpression: `attribute_exists(pk) AND #s IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: vals,
          ...(returnNew ? { ReturnValues: 'ALL_NEW' as const } : {}),
        }),
      );
      return { ok: true as const, item: r.Attributes };
    } catch (e) {
      if (conditionFailed(e)) return { ok: false as const };
      throw e;
    }
  }

  async markQueued(key: string): Promise<boolean> {
    return (await this.transition(key, ['pending'], 'SET #s = :q REMOVE duePk, dueSk', { ':q': 'queued' })).ok;
  }

  async claimForSending(key: string): Promise<Invitation | undefined> {
    const r = await this.transition(key, ['pending', 'queued'], 'SET #s = :sending REMOVE duePk, dueSk', { ':sending': 'sending' }, true);
    if (!r.ok || !r.item) return undefined;
    const { pk: _pk, sk: _sk, expiresAt: _e, ...inv } = r.item;
    return inv as Invitation;
  }

  async markSent(key: string): Promise<void> {
    await this.transition(key, ['sending'], `SET #s = :sent REMOVE ${VISIT_DETAILS}`, { ':sent': 'sent' });
  }

  async markNotSent(key: string, status: 'failed' | 'cancelled'): Promise<void> {
    await this.transition(key, ['sending'], `SET #s = :st REMOVE ${VISIT_DETAILS}`, { ':st': status });
  }

  async releaseClaim(key: string): Promise<void> {
    await this.transition(key, ['sending'], 'SET #s = :q', { ':q': 'queued' });
  }

  async putLink(tokenHash: string, link: LinkRecord, expiresAt: number): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `LINK#${tokenHash}`, sk: 'LINK', ...link, expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getLink(tokenHash: string): Promise<LinkRecord | UsedLinkRecord | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: `LINK#${tokenHash}`, sk: 'LINK' }, ConsistentRead: true }),
    );
    if (!r.Item) return undefined;
    const { pk: _pk, sk: _sk, expiresAt: _e, ...rest } = r.Item;
    return rest as LinkRecord | UsedLinkRecord;
  }

  async useLink(tokenHash: string, expiresAt: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `LINK#${tokenHash}`, sk: 'LINK' },
          UpdateExpression: 'SET used = :true, expiresAt = :exp REMOVE unitId, ageGroup, visitType, visitMode, visitDate, validUntil',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(used)',
          ExpressionAttributeValues: { ':true': true, ':exp': expiresAt },
        }),
      );
      return true;
    } catch (e) {
      if (conditionFailed(e)) return false;
      throw e;
    }
  }

  async addAudit(rows: AuditRow[]): Promise<void> {
    for (const row of rows) {
      const entries = Object.entries(row.counters).filter(([, n]) => n !== 0);
      if (!entries.length) continue;
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':date': row.date, ':unit': row.unitId };
      entries.forEach(([k, n], i) => {
        names[`#c${i}`] = `n_${k}`;
        values[`:c${i}`] = n;
      });
      // Counters are top-level `n_*` attributes: ADD cannot create a path inside a missing map.
      // ADD is atomic and commutative, so concurrent intakes and senders never lose a count.
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `AUDIT#${row.date.slice(0, 7)}`, sk: `${row.date}#${row.unitId}` },
          UpdateExpression: `SET #date = :date, unitId = :unit ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
          ExpressionAttributeNames: { ...names, '#date': 'date' },
          ExpressionAttributeValues: values,
        }),
      );
    }
  }

  async putDailyRate(rate: DailyRate): Promise<DailyRate> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `RATE#${rate.date.slice(0, 7)}`, sk: `${rate.date}#${rate.unitId}`, ...rate },
          // The first rate of a day stands: a re-planned or concurrent one must not change decisions already made.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return rate;
    } catch (e) {
      if (!conditionFailed(e)) throw e;
      const kept = await this.getDailyRate(rate.unitId, rate.date);
      if (!kept) throw e;
      return kept;
    }
  }

  async getDailyRate(unitId: string, date: string): Promise<DailyRate | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: `RATE#${date.slice(0, 7)}`, sk: `${date}#${unitId}` }, ConsistentRead: true }),
    );
    return r.Item ? dailyRateOf(r.Item) : undefined;
  }

  async listDailyRates(fromDate: string, toDate: string): Promise<DailyRate[]> {
    return (await this.byMonth('RATE', fromDate, toDate)).map(dailyRateOf);
  }

  async listAudit(fromDate: string, toDate: string): Promise<AuditRow[]> {
    return (await this.byMonth('AUDIT', fromDate, toDate)).map((i) => {
      const counters = Object.fromEntries(
        Object.entries(i)
          .filter(([k]) => k.startsWith('n_'))
          .map(([k, v]) => [k.slice(2), v as number]),
      );
      return { date: i.date as string, unitId: i.unitId as string, counters };
    });
  }

  /** Items of `{kind}#{YYYY-MM}` partitions with `{date}#{unitId}` sort keys in from…to: one Query per month. */
  private async byMonth(kind: string, fromDate: string, toDate: string): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for (let month = fromDate.slice(0, 7); month <= toDate.slice(0, 7); month = nextMonth(month))
      rows.push(
        ...(await queryAll(this.db, {
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': `${kind}#${month}`, ':from': fromDate, ':to': `${toDate}#~` },
        })),
      );
    return rows;
  }
}

/** A person's state from the rows of their partition (any order). */
function personStateOf(items: readonly Record<string, unknown>[]): PersonState {
  const cool = items.find((i) => i.sk === 'COOLDOWN');
  const opt = items.find((i) => i.sk === 'OPTOUT');
  return {
    optedOut: opt !== undefined,
    ...(opt ? { optOut: { date: opt.date as string, ...(typeof opt.rekeyedTo === 'number' ? { rekeyedTo: opt.rekeyedTo } : {}) } } : {}),
    ...(cool ? { cooldown: { sendDate: cool.sendDate as string, until: cool.until as string } } : {}),
  };
}

function dailyRateOf(i: Record<string, unknown>): DailyRate {
  return {
    date: i.date as string,
    unitId: i.unitId as string,
    percent: i.percent as number,
    projectedHalfWidth: (i.projectedHalfWidth as number | null | undefined) ?? null,
    targetHalfWidth: i.targetHalfWidth as number,
    source: i.source as DailyRate['source'],
  };
}

function nextMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
