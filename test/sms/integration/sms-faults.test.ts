/**
 * Fault: SNS throttling, an SNS outage and a send whose answer was lost, played by the SNS stand-in
 * (the SmsSender port's local counterpart) under the real sender and the local queue. The sender backs
 * off and retries what SNS refused, a message still refused on its last delivery is dead-lettered, and
 * no invitation is ever sent twice: not after a lost answer, a duplicated message or a redrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { smsManifest } from '#shared/sms/manifest.ts';
import { SMS_BACKOFF } from '#shared/sms/retrying-sms-sender.ts';
import { scanAll, startTestStack } from '../../support/local-stack.ts';
import { devToken, e164, helsinkiWinter, intake, mobile, outbox, runRelease, setClock, visit, visitIds } from '../../support/sms.ts';

const MAX_RECEIVES = smsManifest.queues.invitations.maxReceiveCount;

let stack: LocalStack;
let token: string;
beforeAll(async () => {
  // Redelivery after a failure in milliseconds instead of SQS's minutes: the count of deliveries is what is tested.
  stack = await startTestStack({ queueRetryDelayMs: 5 });
  token = await devToken(stack, ['visits:write', 'sms:read']);
});
afterAll(() => stack?.close());

/** Schedules one invitation per number for visits on `day` and releases them the next day at noon. */
async function inviteAndRelease(prefix: string, day: string, phones: string[]): Promise<void> {
  await setClock(stack, helsinkiWinter(day, '18:00'));
  const ids = await visitIds(prefix, phones.length, true);
  const r = await intake(
    stack,
    token,
    phones.map((phone, i) => visit({ visitId: ids[i]!, phone, visitedAt: helsinkiWinter(day, `1${i}:00`) })),
  );
  expect(r.scheduled).toBe(phones.length);
  const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  await setClock(stack, helsinkiWinter(next, '12:00'));
  await runRelease(stack);
}

/** How many SMS the outbox holds for each of the numbers. */
async function sendsTo(phones: string[]): Promise<number[]> {
  const sent = await outbox(stack);
  return phones.map((p) => sent.filter((e) => e.to === e164(p)).length);
}

/** Status of every invitation of the visit day, and whether it still holds an encrypted number. */
async function invitations(sendDay: string): Promise<{ status: unknown; hasNumber: boolean }[]> {
  return (await scanAll(stack, 'sms'))
    .filter((i) => String(i.pk).startsWith('INV#') && String(i.pk).endsWith(`#${sendDay}`))
    .map((i) => ({ status: i.status, hasNumber: 'phoneEnc' in i }));
}

describe('SNS faults', () => {
  it('retries throttled sends with backoff within a delivery and across deliveries, and sends each invitation once', async () => {
    const phones = [mobile(7_100_001), mobile(7_100_002), mobile(7_100_003)];
    const before = stack.faults.sms.attempts();
    // More refusals than one delivery's attempts: the first message goes back to the queue once.
    stack.faults.sms.throttle(4);
    await inviteAndRelease('throttle', '2027-03-01', phones);
    expect(await sendsTo(phones)).toEqual([1, 1, 1]);
    expect(stack.faults.sms.attempts() - before).toBe(phones.length + 4);
    expect(await invitations('2027-03-02')).toEqual(phones.map(() => ({ status: 'sent', hasNumber: false })));
    expect(stack.queues.invitations.inspect()).toEqual({ waiting: 0, deadLetters: [] });
  });

  it('dead-letters a message SNS keeps refusing after maxReceiveCount deliveries, and a redrive sends nothing', async () => {
    const phones = [mobile(7_200_001), mobile(7_200_002)];
    const before = stack.faults.sms.attempts();
    stack.faults.sms.failAll('retryable');
    try {
      await inviteAndRelease('outage', '2027-03-03', phones);
    } finally {
      stack.faults.sms.failAll(null);
    }
    // Three attempts with backoff in each of the queue's deliveries, then the dead-letter queue.
    expect(stack.faults.sms.attempts() - before).toBe(phones.length * MAX_RECEIVES * SMS_BACKOFF.attempts);
    const { waiting, deadLetters } = stack.queues.invitations.inspect();
    expect(waiting).toBe(0);
    expect(deadLetters).toHaveLength(phones.length);
    expect(deadLetters.map((d) => d.receiveCount)).toEqual(phones.map(() => MAX_RECEIVES));
    // Given up: marked failed and the number dropped, so nothing of the person waits in the table.
    expect(await invitations('2027-03-04')).toEqual(phones.map(() => ({ status: 'failed', hasNumber: false })));
    expect(await sendsTo(phones)).toEqual([0, 0]);

    // SNS is back and an operator redrives the dead letters: the claim refuses them, nothing is sent.
    for (const d of deadLetters) await stack.queues.invitations.send(JSON.parse(d.body) as Record<string, unknown>);
    await stack.queues.invitations.idle();
    expect(await sendsTo(phones)).toEqual([0, 0]);
    expect(stack.queues.invitations.inspect().deadLetters).toHaveLength(phones.length);
  });

  it('never resends an SMS SNS accepted but whose answer was lost, even when the message is delivered again', async () => {
    const phones = [mobile(7_300_001), mobile(7_300_002)];
    const dead = stack.queues.invitations.inspect().deadLetters.length;
    const before = stack.faults.sms.attempts();
    stack.faults.sms.loseReplies(phones.length);
    await inviteAndRelease('lost-reply', '2027-03-05', phones);
    expect(stack.faults.sms.attempts() - before).toBe(phones.length);
    expect(await sendsTo(phones)).toEqual([1, 1]);
    expect(await invitations('2027-03-06')).toEqual(phones.map(() => ({ status: 'sent', hasNumber: false })));

    // SQS delivers at least once: the same messages again, and the release run again.
    const keys = (await scanAll(stack, 'sms')).filter((i) => String(i.pk).endsWith('#2027-03-06')).map((i) => String(i.pk));
    for (const key of keys) await stack.queues.invitations.send({ key });
    await stack.queues.invitations.idle();
    await runRelease(stack);
    expect(await sendsTo(phones)).toEqual([1, 1]);
    expect(stack.queues.invitations.inspect().deadLetters).toHaveLength(dead);
  });

  it('counts the dead-lettered and the unconfirmed sends in the funnel as failed and sent', async () => {
    const r = await fetch(`${stack.url}/api/sms/stats?from=2027-03-01&to=2027-03-06`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    const { total } = (await r.json()) as { total: { sent: number; failed: number } };
    expect(total).toMatchObject({ sent: 3 + 2, failed: 2 });
  });
});
