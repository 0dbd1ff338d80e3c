/**
 * The nightly retention purge (docs/domain.md#retention): deletes the answers past
 * `region.retention.answerYears`, free text included, and the idempotency records past their
 * expiry. Exact on the day, unlike DynamoDB TTL (deletes within about 48 h, and never on dynalite),
 * and safe to repeat: a second run on the same day finds nothing. The aggregates hold counts only
 * and are not touched; nothing recomputes a day whose answers are gone, since new answers are at
 * most 30 days old (`answeredAt`) and the shortest retention is a year.
 */
import { helsinkiDate, type AppConfig, type Clock } from '../platform/index.ts';
import type { FeedbackStore } from './feedback-store.ts';
import { lastExpiredDate } from './retention.ts';
import { answerRetentionYears } from './settings.ts';

/** What the purge needs. */
export interface PurgeDeps {
  config: AppConfig;
  feedback: FeedbackStore;
  clock: Clock;
}

/** What a purge run did: counts and dates only, so it can be logged whole. */
export interface PurgeResult {
  /** The Helsinki day of the run. */
  today: string;
  answerYears: number;
  /** Answers dated on or before this Helsinki day were past retention. */
  deletedThrough: string;
  answersScanned: number;
  answersDeleted: number;
  idempotencyScanned: number;
  idempotencyDeleted: number;
}

/** Runs the purge as of the clock's now. */
export async function purgeExpired(deps: PurgeDeps): Promise<PurgeResult> {
  const now = deps.clock.now();
  const today = helsinkiDate(now);
  const answerYears = answerRetentionYears(deps.config.org);
  const deletedThrough = lastExpiredDate(today, answerYears);
  const answers = await deps.feedback.deleteAnswersDatedThrough(deletedThrough);
  const idempotency = await deps.feedback.deleteExpiredIdempotencyRecords(Math.floor(now.getTime() / 1000));
  return {
    today,
    answerYears,
    deletedThrough,
    answersScanned: answers.scanned,
    answersDeleted: answers.deleted,
    idempotencyScanned: idempotency.scanned,
    idempotencyDeleted: idempotency.deleted,
  };
}
