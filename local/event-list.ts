import { checkEvents } from '#shared/platform/event-details.ts';
import type { DomainEvent, EventPublisher } from '#shared/platform/event-port.ts';
import { appendJsonLine, readJsonLines } from './json-lines.ts';

/** One event the local stack "published", as `GET /dev/events` lists it. */
export interface EventEntry {
  type: DomainEvent['type'];
  at: string;
  detail: DomainEvent['detail'];
}

/** Faults the EventBridge stand-in plays: the next publishes fail, nothing listed, as the adapter fails after its retries. */
export interface EventFaults {
  failNext(times: number): void;
}

/**
 * The EventBridge stand-in: events are checked against their closed schemas as the EventBridge
 * adapter checks them (all or nothing), then listed at `/dev/events`. With a file the list is kept
 * across restarts (JSON lines).
 */
export class LocalEventBus implements EventPublisher {
  private readonly entries: EventEntry[];
  private failing = 0;

  /** The faults this stand-in plays (tests of a job that must publish again on its next run); none until set. */
  readonly faults: EventFaults = {
    failNext: (times) => {
      this.failing = times;
    },
  };

  constructor(private readonly file?: string) {
    this.entries = readJsonLines<EventEntry>(file);
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    checkEvents(events);
    if (this.failing > 0) {
      this.failing -= 1;
      throw new Error(`EventBridge PutEvents failed for ${events.length} of ${events.length} events after 3 attempts: InternalFailure`);
    }
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
