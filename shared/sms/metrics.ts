/** The SMS feature's metrics, recorded by the sender from the outcomes the use case returned. */
import { putMetrics } from '../platform/index.ts';
import type { SendOutcome } from './send-invitation.ts';

/** Metric names of the sender: SMS handed to SNS, given up for good, and put back on the queue to retry. */
export const SMS_METRICS = { sent: 'SmsSent', failed: 'SmsFailed', retried: 'SmsRetried' } as const;

/**
 * Records one batch's send outcomes; zeros are written too, so an alarm on failures sees a value on
 * every batch, not missing data.
 */
export function recordSendOutcomes(outcomes: Partial<Record<SendOutcome, number>>): void {
  putMetrics([
    // An unconfirmed send most likely went out (only the answer was lost); the log line counts it apart.
    { name: SMS_METRICS.sent, value: (outcomes.sent ?? 0) + (outcomes.unconfirmed ?? 0), unit: 'Count' },
    { name: SMS_METRICS.failed, value: (outcomes.failed ?? 0) + (outcomes.dead ?? 0), unit: 'Count' },
    { name: SMS_METRICS.retried, value: outcomes.retry ?? 0, unit: 'Count' },
  ]);
}
