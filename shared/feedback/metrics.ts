/** The feedback feature's metrics, recorded by the handlers from what the use cases returned. */
import { putMetrics } from '../platform/index.ts';
import type { Channel } from './answer.ts';

/** Name of the count of newly stored answers (replays of an idempotent request are not counted). */
export const ANSWERS_STORED_METRIC = 'AnswersStored';

/** Counts one newly stored answer under its channel (`web`, `qr`, `sms`, …), whichever entry point took it. */
export function recordAnswerStored(channel: Channel): void {
  putMetrics([{ name: ANSWERS_STORED_METRIC, value: 1, unit: 'Count' }], { channel });
}
