import type { SealedContact } from '../contacts/index.ts';
import type { StoredAnswer } from './answer.ts';

/** What an idempotency key remembers: which request it was used for and the answer it produced. */
export interface IdempotencyRecord {
  /** SHA-256 of the client's key, so arbitrary client strings never become table keys. */
  keyHash: string;
  /** SHA-256 of the normalised request, to tell a retry from a different request reusing the key. */
  requestHash: string;
  /**
   * The answer's id and times, so that a retry rebuilds the identical item from its own (equal)
   * request; never the answer's body: an idempotency row must not be a second copy of what was said.
   */
  answerId: string;
  submittedAt: string;
  receivedAt: string;
  /** Epoch seconds after which the record may be deleted (DynamoDB TTL). */
  expiresAt: number;
}

/** What a purge of one table did: the items it read to find the expired ones, and those it deleted. */
export interface PurgeCount {
  scanned: number;
  deleted: number;
}

/** Storage of answers, behind which DynamoDB (AWS and dynalite) sits. */
export interface FeedbackStore {
  /**
   * Stores an answer, and with it, atomically, its encrypted contact request (both or neither);
   * storing the same answer (same id) again is a no-op, its contact included, so retries are safe.
   */
  putAnswer(answer: StoredAnswer, contact?: SealedContact): Promise<void>;
  /**
   * Claims an idempotency key. Returns null when this call claimed it, or the record already
   * stored under the key. Single conditional write: no transaction needed (dynalite has none).
   */
  claimIdempotencyKey(record: IdempotencyRecord): Promise<IdempotencyRecord | null>;
  /** A unit's answers with `submittedAt` in [fromIso, toIso), oldest first. */
  listUnitAnswers(unitId: string, fromIso: string, toIso: string): Promise<StoredAnswer[]>;
  /**
   * Unit and Helsinki day of every answer that arrived in [fromIso, toIso] (both ends included: the
   * next run looks back past its watermark anyway, and recomputing twice is harmless), read from the keys-only
   * arrival index: what an incremental aggregation run must recompute.
   */
  listArrivals(fromIso: string, toIso: string): Promise<{ unitId: string; submittedAt: string }[]>;
  /**
   * Deletes every answer whose Helsinki `date` is on or before `lastDate` (past retention), its free
   * text and index entries with it. Exact and repeatable: a second call with the same date deletes nothing.
   */
  deleteAnswersDatedThrough(lastDate: string): Promise<PurgeCount>;
  /**
   * Deletes every idempotency record whose `expiresAt` is before `nowEpochSeconds`: what DynamoDB TTL
   * does within about two days on AWS, done exactly here, and the only expiry on dynalite.
   */
  deleteExpiredIdempotencyRecords(nowEpochSeconds: number): Promise<PurgeCount>;
}
