import type { SealedContact } from '#shared/contacts/index.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import type { FeedbackStore, IdempotencyRecord, PurgeCount } from '#shared/feedback/feedback-store.ts';
import { stored } from '../../support/fakes.ts';

/**
 * FeedbackStore in memory, faithful to DynamoFeedbackStore (test/feedback/integration/
 * feedback-store.contract.test.ts runs the same behaviours against both). Answers are keyed as on
 * the table (unit, `{submittedAt}#{id}`) and ranges compare those key strings exactly as DynamoDB's
 * BETWEEN does, so an edge case behaves here as it does on AWS. Everything handed in or out is a copy.
 */
export class MemoryFeedbackStore implements FeedbackStore {
  /** Answers by table key `{unitId}|{submittedAt}#{id}`, in write order. */
  private readonly answers = new Map<string, StoredAnswer>();
  private readonly idempotency = new Map<string, IdempotencyRecord>();
  /** Sealed contacts by answer id, written with their answer or not at all. */
  readonly contacts = new Map<string, SealedContact>();

  async putAnswer(answer: StoredAnswer, contact?: SealedContact): Promise<void> {
    const key = `${answer.unitId}|${sortKey(answer)}`;
    // Conditional put on the key: a second write of the same answer keeps the first, and its contact.
    if (this.answers.has(key)) return;
    this.answers.set(key, stored(answer));
    if (contact) this.contacts.set(answer.id, contact);
  }

  async claimIdempotencyKey(record: IdempotencyRecord): Promise<IdempotencyRecord | null> {
    const existing = this.idempotency.get(record.keyHash);
    if (existing) return stored(existing);
    this.idempotency.set(record.keyHash, stored(record));
    return null;
  }

  async listUnitAnswers(unitId: string, fromIso: string, toIso: string): Promise<StoredAnswer[]> {
    return [...this.answers.values()]
      .filter((a) => a.unitId === unitId && between(sortKey(a), fromIso, toIso))
      .sort((a, b) => compare(sortKey(a), sortKey(b)))
      .map(stored);
  }

  async listArrivals(fromIso: string, toIso: string): Promise<{ unitId: string; submittedAt: string }[]> {
    return [...this.answers.values()]
      .filter((a) => between(arrivalKey(a), fromIso, `${toIso}#~`))
      .sort((a, b) => compare(arrivalKey(a), arrivalKey(b)))
      .map((a) => ({ unitId: a.unitId, submittedAt: a.submittedAt }));
  }

  async deleteAnswersDatedThrough(lastDate: string): Promise<PurgeCount> {
    // A Scan reads every item, the ones its filter drops included.
    const scanned = this.answers.size;
    let deleted = 0;
    for (const [k, a] of this.answers)
      if (a.date <= lastDate) {
        this.answers.delete(k);
        deleted += 1;
      }
    return { scanned, deleted };
  }

  async deleteExpiredIdempotencyRecords(nowEpochSeconds: number): Promise<PurgeCount> {
    const scanned = this.idempotency.size;
    this.sweepExpired(nowEpochSeconds);
    return { scanned, deleted: scanned - this.idempotency.size };
  }

  /** Every stored answer, oldest `submittedAt` first: what a test reads instead of scanning the table. */
  allAnswers(): StoredAnswer[] {
    return [...this.answers.values()].sort((a, b) => compare(sortKey(a), sortKey(b))).map(stored);
  }

  /** The idempotency record of a key hash, if any. */
  idempotencyRecord(keyHash: string): IdempotencyRecord | undefined {
    const r = this.idempotency.get(keyHash);
    return r && stored(r);
  }

  /** What DynamoDB's TTL sweeper does, some time after `expiresAt`: deletes the expired idempotency records. */
  sweepExpired(nowEpochSeconds: number): void {
    for (const [k, r] of this.idempotency) if (r.expiresAt < nowEpochSeconds) this.idempotency.delete(k);
  }
}

const sortKey = (a: StoredAnswer) => `${a.submittedAt}#${a.id}`;
const arrivalKey = (a: StoredAnswer) => `${a.receivedAt}#${a.id}`;
/** DynamoDB compares string keys by their UTF-8 bytes; for these ASCII keys that is code-unit order. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const between = (k: string, from: string, to: string) => k >= from && k <= to;
