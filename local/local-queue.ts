/**
 * The SQS stand-in: at-least-once delivery to the consumer function in batches, partial batch
 * failures (`batchItemFailures`), redelivery after a visibility delay, and after `maxReceiveCount`
 * receives a dead-letter list you can inspect (`GET /dev/queues`). One batch at a time.
 */
import { randomUUID, createHash } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueSpec } from '#shared/manifest.ts';
import type { WorkQueue } from '#shared/platform/work-queue-port.ts';

/** The consumer, as the local stack loads it from the manifest. */
export type SqsConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

interface Message {
  id: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  visibleAt: number;
}

/** A message that exhausted its receives. */
export interface DeadLetter {
  id: string;
  body: string;
  receiveCount: number;
  deadAt: string;
}

/** An in-process queue with SQS's delivery semantics. */
export class LocalQueue implements WorkQueue {
  private readonly messages: Message[] = [];
  private readonly dead: DeadLetter[] = [];
  private busy = false;
  private timer?: NodeJS.Timeout;
  private waiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    private readonly spec: QueueSpec,
    private readonly consumer: () => Promise<SqsConsumer>,
    /** Redelivery delay after a failure; SQS waits the visibility timeout (minutes), locally a second. */
    private readonly retryDelayMs = 1000,
  ) {}

  async send(body: Record<string, unknown>): Promise<void> {
    this.messages.push({ id: randomUUID(), body: JSON.stringify(body), sentAt: Date.now(), receiveCount: 0, visibleAt: 0 });
    this.kick(0);
  }

  /** Messages waiting or in flight, and the dead letters. */
  inspect(): { waiting: number; deadLetters: DeadLetter[] } {
    return { waiting: this.messages.length, deadLetters: [...this.dead] };
  }

  /** Resolves once every message is delivered or dead (tests and `/dev/schedules/{name}/run`). */
  idle(): Promise<void> {
    if (!this.messages.length && !this.busy) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops redelivery timers (on shutdown). */
  stop(): void {
    clearTimeout(this.timer);
  }

  private kick(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pump(), delayMs);
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    const now = Date.now();
    const batch = this.messages.filter((m) => m.visibleAt <= now).slice(0, this.spec.batchSize);
    if (!batch.length) {
      if (this.messages.length) this.kick(Math.max(10, Math.min(...this.messages.map((m) => m.visibleAt)) - now));
      else this.settle();
      return;
    }
    this.busy = true;
    for (const m of batch) {
      m.receiveCount += 1;
      m.visibleAt = Number.POSITIVE_INFINITY;
    }
    let failed: Set<string>;
    try {
      const response = await (await this.consumer())({ Records: batch.map((m) => this.record(m)) });
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      // A consumer that throws fails the whole batch, as with Lambda's SQS event source.
      failed = new Set(batch.map((m) => m.id));
    }
    for (const m of batch) {
      const i = this.messages.indexOf(m);
      if (!failed.has(m.id)) this.messages.splice(i, 1);
      else if (m.receiveCount >= this.spec.maxReceiveCount) {
        this.messages.splice(i, 1);
        this.dead.push({ id: m.id, body: m.body, receiveCount: m.receiveCount, deadAt: new Date().toISOString() });
      } else m.visibleAt = Date.now() + this.retryDelayMs;
    }
    this.busy = false;
    this.kick(0);
  }

  private settle(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }

  private record(m: Message): SQSRecord {
    return {
      messageId: m.id,
      receiptHandle: `${m.id}#${m.receiveCount}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(m.sentAt),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(m.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${this.name}`,
      awsRegion: 'local',
    };
  }
}
