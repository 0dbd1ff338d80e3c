import { checkEvents } from '#shared/platform/event-details.ts';
import type { DomainEvent, EventPublisher } from '#shared/platform/event-port.ts';
import { appendJsonLine, readJsonLines } from './json-lines.ts';

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
  private readonly entries: EventEntry[];

  constructor(private readonly file?: string) {
    this.entries = readJsonLines<EventEntry>(file);
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    checkEvents(events);
    for (const e of events) {
      const entry: EventEntry = { type: e.type, at: e.at, detail: { ...e.detail } };
      this.entries.push(entry);
      appendJsonLine(this.file, entry);
    }
  }

  /** Everything published, oldest first. */
  list(): EventEntry[] {
    return [...this.entries];
  }
}
