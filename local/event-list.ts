import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { checkEvents } from '#shared/platform/event-details.ts';
import type { DomainEvent, EventPublisher } from '#shared/platform/event-port.ts';

/** One event the local stack "published", as `GET /dev/events` lists it. */
export interface EventEntry {
  type: DomainEvent['type'];
  at: string;
  detail: DomainEvent['detail'];
}

/**
 * The EventBridge stand-in: events are checked against their closed schemas as the EventBridge
 * adapter checks them (all or nothing), then listed at `/dev/events`. With a file the list is kept
 * across restarts (JSON lines).
 */
export class LocalEventBus implements EventPublisher {
  private readonly entries: EventEntry[] = [];

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) this.entries.push(JSON.parse(line) as EventEntry);
    }
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    checkEvents(events);
    for (const e of events) {
      const entry: EventEntry = { type: e.type, at: e.at, detail: { ...e.detail } };
      this.entries.push(entry);
      if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    }
  }

  /** Everything published, oldest first. */
  list(): EventEntry[] {
    return [...this.entries];
  }
}
