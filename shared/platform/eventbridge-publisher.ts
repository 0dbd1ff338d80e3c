import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { checkEvents } from './event-details.ts';
import type { DomainEvent, EventPublisher } from './event-port.ts';
import { requireEnv } from './env.ts';
import { localAdapter } from './local-adapters.ts';
import { EVENT_BUS_NAME_ENV, EVENT_SOURCE } from './manifest-types.ts';

/** PutEvents takes at most 10 entries per call. */
export const PUT_EVENTS_BATCH = 10;

/** Calls per batch before failed entries are given up on (the caller's next run retries them). */
const ATTEMPTS = 3;

/** The exact PutEvents entry of one event: source `palaute`, the type as detail-type, the detail as JSON. */
export function putEventsEntry(event: DomainEvent, eventBusName: string): PutEventsRequestEntry {
  return {
    EventBusName: eventBusName,
    Source: EVENT_SOURCE,
    DetailType: event.type,
    Time: new Date(event.at),
    Detail: JSON.stringify(event.detail),
  };
}

/**
 * EventPublisher on Amazon EventBridge: every event checked against its type's closed schema first
 * (all or nothing), then sent in batches of ten. PutEvents answers 200 even when some entries failed
 * (throttled, an internal error), so the failed ones are sent again, and after the last attempt the
 * publish throws, naming the error codes only.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
    private readonly pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    checkEvents(events);
    for (let i = 0; i < events.length; i += PUT_EVENTS_BATCH) {
      await this.putBatch(events.slice(i, i + PUT_EVENTS_BATCH).map((e) => putEventsEntry(e, this.eventBusName)));
    }
  }

  private async putBatch(entries: PutEventsRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      const out = await this.client.send(new PutEventsCommand({ Entries: pending }));
      if (!out.FailedEntryCount) return;
      // The answer's entries are in the request's order; a failed one has an ErrorCode and no EventId.
      const failed = pending.filter((_, j) => !out.Entries?.[j]?.EventId);
      if (attempt >= ATTEMPTS) {
        const codes = [...new Set((out.Entries ?? []).flatMap((e) => (e.ErrorCode ? [e.ErrorCode] : [])))];
        throw new Error(
          `EventBridge PutEvents failed for ${failed.length} of ${entries.length} events after ${ATTEMPTS} attempts: ${codes.join(', ') || 'no error code'}`,
        );
      }
      pending = failed;
      await this.pause(100 * 2 ** (attempt - 1));
    }
  }
}

/**
 * The event publisher: the local list (`/dev/events`) on the local stack, EventBridge on Lambda with the
 * bus named in EVENT_BUS_NAME (set by the CDK app for functions with `publishesEvents`).
 */
export function eventPublisherFromEnv(env: NodeJS.ProcessEnv = process.env): EventPublisher {
  return (
    localAdapter<EventPublisher>('eventPublisher') ??
    new EventBridgePublisher(new EventBridgeClient({}), requireEnv(EVENT_BUS_NAME_ENV, 'name of the event bus', env))
  );
}
