/** RetryingSmsSender: backoff with full jitter on refused sends only; a lost answer or a permanent error is never retried. */
import { describe, expect, it } from 'vitest';
import { RetryingSmsSender, SMS_BACKOFF } from '#shared/sms/retrying-sms-sender.ts';
import { RetryableSendError, SendUnconfirmedError } from '#shared/sms/sms-sender.ts';
import { RecordingSmsSender } from '../support/fakes.ts';

const MESSAGE = { to: '+358401234567', senderId: 'ESIMHVA', text: 'Kysely' };

/** A sender over a scripted inner one, recording the waits instead of sleeping; jitter at its ceiling. */
function setup(random = () => 0.999) {
  const inner = new RecordingSmsSender();
  const waits: number[] = [];
  const sender = new RetryingSmsSender(
    inner,
    SMS_BACKOFF,
    async (ms) => {
      waits.push(ms);
    },
    random,
  );
  return { inner, waits, sender };
}

describe('RetryingSmsSender', () => {
  it('retries a throttled send after growing waits and sends it once', async () => {
    const { inner, waits, sender } = setup();
    inner.failWith(new RetryableSendError('throttled'), new RetryableSendError('throttled'));
    await sender.send(MESSAGE);
    expect(inner.sent).toHaveLength(1);
    expect(waits).toEqual([199, 399]);
  });

  it('gives the last refusal back after its attempts, for the queue to deliver again', async () => {
    const { inner, waits, sender } = setup();
    inner.failWith(...Array.from({ length: SMS_BACKOFF.attempts }, () => new RetryableSendError('throttled')));
    await expect(sender.send(MESSAGE)).rejects.toBeInstanceOf(RetryableSendError);
    expect(inner.sent).toEqual([]);
    expect(waits).toHaveLength(SMS_BACKOFF.attempts - 1);
  });

  it('waits a random share of the ceiling (full jitter), never more than the cap', async () => {
    const { inner, waits, sender } = setup(() => 0.5);
    const long = new RetryingSmsSender(
      inner,
      { attempts: 6, baseMs: 200, capMs: 1000 },
      async (ms) => {
        waits.push(ms);
      },
      () => 0.999,
    );
    inner.failWith(...Array.from({ length: 5 }, () => new RetryableSendError('throttled')));
    await long.send(MESSAGE);
    expect(waits).toEqual([199, 399, 799, 999, 999]);
    waits.length = 0;
    inner.failWith(new RetryableSendError('throttled'));
    await sender.send(MESSAGE);
    expect(waits).toEqual([100]);
  });

  it.each([
    ['a send whose answer was lost', new SendUnconfirmedError('no answer')],
    ['a permanent error', new Error('InvalidParameterException')],
  ])('never retries %s', async (_label, error) => {
    const { inner, waits, sender } = setup();
    inner.failWith(error);
    await expect(sender.send(MESSAGE)).rejects.toBe(error);
    expect(waits).toEqual([]);
    expect(inner.sent).toEqual([]);
  });
});
