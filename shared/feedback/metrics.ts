/** The feedback feature's metrics, recorded by the handlers from what the use cases returned. */
import { putMetrics } from '../platform/index.ts';
import type { Channel } from './answer.ts';
import type { PurgeResult } from './purge-expired.ts';

/** Name of the count of newly stored answers (replays of an idempotent request are not counted). */
export const ANSWERS_STORED_METRIC = 'AnswersStored';

/** Counts one newly stored answer under its channel (`web`, `qr`, `sms`, …), whichever entry point took it. */
export function recordAnswerStored(channel: Channel): void {
  putMetrics([{ name: ANSWERS_STORED_METRIC, value: 1, unit: 'Count' }], { channel });
}

/** Names of the retention purge's counts of deleted rows. */
export const PURGE_METRICS = { answers: 'AnswersDeleted', idempotency: 'IdempotencyRecordsDeleted' } as const;

/**
 * Records how many answers and idempotency records a purge run deleted, zeros included, so a quiet
 * night is a data point and a missing one means the run did not finish.
 */
export function recordPurge(result: PurgeResult): void {
  putMetrics([
    { name: PURGE_METRICS.answers, value: result.answersDeleted, unit: 'Count' },
    { name: PURGE_METRICS.idempotency, value: result.idempotencyDeleted, unit: 'Count' },
  ]);
}
