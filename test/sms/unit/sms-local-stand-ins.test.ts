/**
 * The local stand-ins the SMS channel runs on without AWS, and the sender's rate limiter: LocalQueue
 * keeps SQS's semantics (batches of at most batchSize, partial batch failures redelivered with a
 * growing receive count, a dead-letter list after maxReceiveCount, a thrown consumer failing the
 * batch, one batch at a time); RateLimiter spaces calls at k/r seconds on an injected clock; DevClock
 * sets and resets; rateMs parses schedule rates; LocalScheduler runs by name; SmsOutbox keeps what was sent.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueSpec } from '#shared/manifest.ts';
import { RateLimiter } from '#shared/sms/rate-limiter.ts';
import { LocalQueue, type SqsConsumer } from '#local/local-queue.ts';
import { LocalScheduler, rateMs } from '#local/local-scheduler.ts';
import { DevClock } from '#local/dev-clock.ts';
import { SmsOutbox } from '#local/sms-outbox.ts';
import { FileSecrets } from '#local/secrets-file.ts';
import { addVersion } from '#shared/sms/key-versions.ts';

const SPEC: QueueSpec = {
  envVar: 'TEST_QUEUE_URL',
  consumer: 'sendSms',
  batchSize: 3,
  maxReceiveCount: 3,
  visibilityTimeoutSeconds: 30,
  maxConcurrency: 2,
  maxMessagesPerSecond: 10,
};

/** One delivery the fake consumer saw. */
interface Delivery {
  batch: number;
  n: number;
  receiveCount: number;
  record: SQSRecord;
}

/**
 * A queue with a tiny fake consumer: `decide(n, receiveCount)` says per message whether it fails;
 * `throwOn(batchIndex)` makes the consumer throw for a whole batch. Records every delivery.
 */
function harness(
  opts: { decide?: (n: number, receiveCount: number) => boolean; throwOn?: (batch: number) => boolean; spec?: Partial<QueueSpec> } = {},
) {
  const deliveries: Delivery[] = [];
  const batches: number[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const consumer: SqsConsumer = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batch = batches.length;
    batches.push(event.Records.map((r) => (JSON.parse(r.body) as { n: number }).n));
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      // Yield, so a second pump would overlap this one if the queue allowed it.
      await new Promise((r) => setImmediate(r));
      const failures: { itemIdentifier: string }[] = [];
      for (const record of event.Records) {
        const n = (JSON.parse(record.body) as { n: number }).n;
        const receiveCount = Number(record.attributes.ApproximateReceiveCount);
        deliveries.push({ batch, n, receiveCount, record });
        if (opts.decide?.(n, receiveCount)) failures.push({ itemIdentifier: record.messageId });
      }
      if (opts.throwOn?.(batch)) throw new Error('consumer crashed');
      return { batchItemFailures: failures };
    } finally {
      inFlight -= 1;
    }
  };
  const queue = new LocalQueue('test-queue', { ...SPEC, ...opts.spec }, async () => consumer, 1);
  return {
    queue,
    deliveries,
    batches,
    maxInFlight: () => maxInFlight,
    sendAll: async (count: number) => {
      for (let n = 0; n < count; n++) await queue.send({ n });
    },
    deliveriesOf: (n: number) => deliveries.filter((d) => d.n === n),
  };
}

describe('LocalQueue', () => {
  const queues: LocalQueue[] = [];
  const make = (...args: Parameters<typeof harness>) => {
    const h = harness(...args);
    queues.push(h.queue);
    return h;
  };
  afterEach(() => {
    for (const q of queues.splice(0)) q.stop();
  });

  it('delivers every message once, in batches of at most batchSize, when the consumer succeeds', async () => {
    const h = make();
    await h.sendAll(10);
    await h.queue.idle();
    expect(h.batches.every((b) => b.length >= 1 && b.length <= SPEC.batchSize)).toBe(true);
    expect(h.batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.deliveries.every((d) => d.receiveCount === 1)).toBe(true);
    expect(h.queue.inspect()).toEqual({ waiting: 0, deadLetters: [] });
  });

  it('fills batches up to batchSize when messages are waiting, as SQS does', async () => {
    const h = make();
    // Sent in one tick: the first pump sees all seven.
    await Promise.all(Array.from({ length: 7 }, (_, n) => h.queue.send({ n })));
    await h.queue.idle();
    expect(h.batches.map((b) => b.length)).toEqual([3, 3, 1]);
  });

  it('gives the consumer SQS-shaped records: a unique messageId, the body as sent, the receive count', async () => {
    const h = make();
    await h.sendAll(4);
    await h.queue.idle();
    const ids = h.deliveries.map((d) => d.record.messageId);
    expect(new Set(ids).size).toBe(4);
    for (const d of h.deliveries) {
      expect(JSON.parse(d.record.body)).toEqual({ n: d.n });
      expect(d.record.eventSource).toBe('aws:sqs');
      expect(d.record.attributes.ApproximateReceiveCount).toBe('1');
      expect(d.record.eventSourceARN).toContain('test-queue');
    }
  });

  it('redelivers a message reported in batchItemFailures with its receive count incremented, and only that one', async () => {
    const h = make({ decide: (n, count) => n === 1 && count < 3 });
    await h.sendAll(3);
    await h.queue.idle();
    expect(h.deliveriesOf(1).map((d) => d.receiveCount)).toEqual([1, 2, 3]);
    // The same message each time: SQS keeps the id across receives.
    expect(new Set(h.deliveriesOf(1).map((d) => d.record.messageId)).size).toBe(1);
    expect(h.deliveriesOf(0).map((d) => d.receiveCount)).toEqual([1]);
    expect(h.deliveriesOf(2).map((d) => d.receiveCount)).toEqual([1]);
    expect(h.queue.inspect()).toEqual({ waiting: 0, deadLetters: [] });
  });

  it('moves a message that keeps failing to the dead letters after maxReceiveCount receives', async () => {
    const h = make({ decide: (n) => n === 2 });
    await h.sendAll(5);
    await h.queue.idle();
    expect(h.deliveriesOf(2).map((d) => d.receiveCount)).toEqual([1, 2, 3]);
    const { waiting, deadLetters } = h.queue.inspect();
    expect(waiting).toBe(0);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ id: h.deliveriesOf(2)[0]!.record.messageId, body: JSON.stringify({ n: 2 }), receiveCount: 3 });
    expect(Number.isNaN(Date.parse(deadLetters[0]!.deadAt))).toBe(false);
    // Every other message went through exactly once.
    for (const n of [0, 1, 3, 4]) expect(h.deliveriesOf(n)).toHaveLength(1);
  });

  it('honours another maxReceiveCount', async () => {
    const h = make({ decide: () => true, spec: { maxReceiveCount: 5, batchSize: 10 } });
    await h.sendAll(2);
    await h.queue.idle();
    expect(h.deliveriesOf(0).map((d) => d.receiveCount)).toEqual([1, 2, 3, 4, 5]);
    expect(h.queue.inspect().deadLetters.map((d) => d.receiveCount)).toEqual([5, 5]);
  });

  it('fails the whole batch when the consumer throws, as a Lambda SQS event source does', async () => {
    const h = make({ throwOn: (batch) => batch === 0 });
    await Promise.all(Array.from({ length: 3 }, (_, n) => h.queue.send({ n })));
    await h.queue.idle();
    expect(h.batches[0]).toEqual([0, 1, 2]);
    for (const n of [0, 1, 2]) expect(h.deliveriesOf(n).map((d) => d.receiveCount)).toEqual([1, 2]);
    expect(h.queue.inspect().deadLetters).toEqual([]);
  });

  it('dead-letters a batch whose consumer always throws', async () => {
    const h = make({ throwOn: () => true });
    await h.sendAll(2);
    await h.queue.idle();
    expect(h.queue.inspect().deadLetters).toHaveLength(2);
  });

  it('runs one batch at a time, also when messages arrive while a batch is in flight', async () => {
    const h = make({ decide: (n, count) => n % 4 === 0 && count === 1 });
    for (let n = 0; n < 12; n++) {
      await h.queue.send({ n });
      if (n % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    await h.queue.idle();
    expect(h.maxInFlight()).toBe(1);
    expect(new Set(h.deliveries.map((d) => d.n)).size).toBe(12);
  });

  it('resolves idle() at once when nothing was sent, and every waiter once all is delivered or dead', async () => {
    const h = make({ decide: (n) => n === 0 });
    await h.queue.idle();
    await h.sendAll(4);
    const waiters = [h.queue.idle(), h.queue.idle()];
    await Promise.all(waiters);
    expect(h.queue.inspect().waiting).toBe(0);
    expect(h.queue.inspect().deadLetters).toHaveLength(1);
    await h.queue.idle();
  });
});

describe('RateLimiter on an injected clock', () => {
  /** A fake clock in ms; `sleep` advances it, so sequential callers see the time they would wake at. */
  function fakeTime() {
    const t = { now: 0, sleeps: [] as number[] };
    const sleep = async (ms: number) => {
      t.sleeps.push(ms);
      t.now += ms;
    };
    return { t, sleep, now: () => t.now };
  }

  it.each([1, 3, 5, 10, 20])('lets the k-th of 25 back-to-back calls go at k/%i seconds', async (rate) => {
    const { t, sleep, now } = fakeTime();
    const limiter = new RateLimiter(rate, sleep, now);
    const goes: number[] = [];
    for (let k = 0; k < 25; k++) {
      await limiter.take();
      goes.push(t.now);
    }
    for (const [k, at] of goes.entries()) expect(at).toBeCloseTo((k * 1000) / rate, 6);
    // The first call never waits; each later one waits exactly one interval.
    expect(t.sleeps).toHaveLength(24);
    for (const s of t.sleeps) expect(s).toBeCloseTo(1000 / rate, 6);
  });

  it('schedules concurrent callers at 0, 1/r, 2/r, … seconds', async () => {
    const wakes: number[] = [];
    // Time stands still while callers queue up; each sleep records when its caller would wake.
    const limiter = new RateLimiter(
      4,
      async (ms) => {
        wakes.push(1000 + ms);
      },
      () => 1000,
    );
    await Promise.all(Array.from({ length: 8 }, () => limiter.take()));
    expect(wakes).toEqual([1250, 1500, 1750, 2000, 2250, 2500, 2750]);
  });

  it('does not wait when the caller is already slower than the rate', async () => {
    const { t, sleep, now } = fakeTime();
    const limiter = new RateLimiter(10, sleep, now);
    for (let k = 0; k < 5; k++) {
      await limiter.take();
      t.now += 250; // the work itself takes longer than the 100 ms interval
    }
    expect(t.sleeps).toEqual([]);
  });

  it('saves up no burst during an idle gap: after it, calls are spaced again at once', async () => {
    const { t, sleep, now } = fakeTime();
    const limiter = new RateLimiter(2, sleep, now);
    await limiter.take();
    t.now += 60_000;
    const goes: number[] = [];
    for (let k = 0; k < 4; k++) {
      await limiter.take();
      goes.push(t.now);
    }
    expect(goes).toEqual([60_000, 60_500, 61_000, 61_500]);
  });

  it.each([0, -1, Number.NaN])('refuses a rate of %s', (rate) => {
    expect(() => new RateLimiter(rate)).toThrow(RangeError);
  });

  it('spaces the sender at its per-consumer share: 10/s over 2 consumers is one call per 200 ms each', async () => {
    const { t, sleep, now } = fakeTime();
    const limiter = new RateLimiter(SPEC.maxMessagesPerSecond / SPEC.maxConcurrency, sleep, now);
    for (let k = 0; k < 6; k++) await limiter.take();
    expect(t.now).toBeCloseTo(1000, 6);
  });
});

describe('DevClock', () => {
  afterEach(() => vi.useRealTimers());

  it('follows the system clock until set', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T10:00:00Z'));
    const clock = new DevClock();
    expect(clock.now().toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(clock.isSet).toBe(false);
  });

  it('jumps to the time set, honouring its offset, and keeps ticking from there', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T10:00:00Z'));
    const clock = new DevClock();
    clock.set('2026-11-23T12:05:00+02:00');
    expect(clock.now().toISOString()).toBe('2026-11-23T10:05:00.000Z');
    expect(clock.isSet).toBe(true);
    vi.setSystemTime(new Date('2026-11-22T10:00:05Z'));
    expect(clock.now().toISOString()).toBe('2026-11-23T10:05:05.000Z');
  });

  it('goes back to the system clock with null', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T10:00:00Z'));
    const clock = new DevClock();
    clock.set('2030-01-01T00:00:00Z');
    clock.set(null);
    expect(clock.now().toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(clock.isSet).toBe(false);
  });

  it('can be set into the past, so yesterday can be replayed', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T10:00:00Z'));
    const clock = new DevClock();
    clock.set('2026-11-21T10:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-21T10:00:00.000Z');
  });
});

describe('rateMs', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(2 hours)', 7_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate(7 days)', 604_800_000],
  ])('reads %s as %i ms', (expression, ms) => {
    expect(rateMs(expression)).toBe(ms);
  });

  it.each([
    'cron(0 12 * * ? *)',
    'rate(5 seconds)',
    'rate(five minutes)',
    'rate(5minutes)',
    'rate( 5 minutes)',
    'at(2026-11-23T12:00:00)',
    '',
  ])('gives undefined for %j, which the local scheduler runs only on demand', (expression) => {
    expect(rateMs(expression)).toBeUndefined();
  });

  it('reads the manifest release schedule as five minutes', async () => {
    const { schedules } = await import('#shared/manifest.ts');
    expect(rateMs(schedules.releaseInvitations.expression)).toBe(300_000);
  });
});

describe('LocalScheduler', () => {
  const SCHEDULES = {
    release: { function: 'releaseInvitations', expression: 'rate(5 minutes)', timezone: 'Europe/Helsinki', description: 'test' },
  } as const;

  it('runs a schedule by name with an event naming it, returns its result and lists the last run', async () => {
    const handler = vi.fn(async () => ({ released: 7 }));
    const scheduler = new LocalScheduler(SCHEDULES, async () => handler);
    expect(await scheduler.run('release')).toEqual({ released: 7 });
    expect(handler).toHaveBeenCalledWith(expect.objectContaining({ schedule: 'release' }));
    const [row] = scheduler.list();
    expect(row).toMatchObject({
      name: 'release',
      expression: 'rate(5 minutes)',
      timezone: 'Europe/Helsinki',
      lastRun: { result: { released: 7 } },
    });
  });

  it('refuses an unknown schedule name', async () => {
    const scheduler = new LocalScheduler(SCHEDULES, async () => async () => undefined);
    await expect(scheduler.run('nope')).rejects.toThrow('no schedule nope');
  });

  it('records only the error name of a failed run, so no message (which might hold data) is shown', async () => {
    const scheduler = new LocalScheduler(SCHEDULES, async () => async () => {
      throw new TypeError('secret detail +358401234567');
    });
    await expect(scheduler.run('release')).rejects.toThrow(TypeError);
    expect(scheduler.list()[0]!.lastRun).toMatchObject({ error: 'TypeError' });
    expect(JSON.stringify(scheduler.list())).not.toContain('+358');
  });
});

describe('SmsOutbox', () => {
  it('keeps each SMS with the clock time of sending, oldest first', async () => {
    const outbox = new SmsOutbox({ now: () => new Date('2026-11-23T10:05:00Z') });
    await outbox.send({ to: '+358401234567', senderId: 'ESIMHVA', text: 'one' });
    await outbox.send({ to: '+358501234567', senderId: 'ESIMHVA', text: 'two' });
    expect(outbox.list()).toEqual([
      { to: '+358401234567', senderId: 'ESIMHVA', text: 'one', sentAt: '2026-11-23T10:05:00.000Z' },
      { to: '+358501234567', senderId: 'ESIMHVA', text: 'two', sentAt: '2026-11-23T10:05:00.000Z' },
    ]);
  });

  it('keeps the outbox across a restart when given a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'palaute-outbox-'));
    try {
      const file = join(dir, 'sms-outbox.jsonl');
      const clock = { now: () => new Date('2026-11-23T10:05:00Z') };
      await new SmsOutbox(clock, file).send({ to: '+358401234567', senderId: 'ESIMHVA', text: 'kept' });
      expect(new SmsOutbox(clock, file).list().map((e) => e.text)).toEqual(['kept']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('FileSecrets', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('starts a new file as the single-pair secret (version 1), readable by its owner only', async () => {
    dir = mkdtempSync(join(tmpdir(), 'palaute-secrets-'));
    const file = join(dir, 'secrets.json');
    const s = new FileSecrets(file);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8'))).sort()).toEqual(['encryptionKey', 'hmacKey']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await s.smsKeys()).active.map((v) => v.id)).toEqual([1]);
  });

  it('takes up a rotation written to the file by another process, as a running stack must', async () => {
    dir = mkdtempSync(join(tmpdir(), 'palaute-secrets-'));
    const file = join(dir, 'secrets.json');
    const s = new FileSecrets(file);
    const doc = addVersion(new FileSecrets(file).document(), new Date('2027-01-13T10:00:00Z'), '2027-01-13', 0);
    writeFileSync(file, JSON.stringify(doc), { mode: 0o600 });
    // mtime resolution can be coarse: make the change visible however fast the write was.
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect((await s.smsKeys()).active.map((v) => v.id)).toEqual([2, 1]);
    expect(s.document()).toEqual(doc);
  });

  it('replaces the value in memory when it has no file', async () => {
    const s = new FileSecrets();
    const doc = addVersion(s.document(), new Date('2027-01-13T10:00:00Z'), '2027-01-13', 0);
    s.replace(doc);
    expect((await s.smsKeys()).active.map((v) => v.id)).toEqual([2, 1]);
  });
});
