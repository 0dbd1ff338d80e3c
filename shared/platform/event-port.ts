/**
 * Events other systems (quality and patient-safety systems) subscribe to: an EventBridge bus on AWS,
 * the local list (`/dev/events`) locally. An event carries ids, the unit, the channel and the NPS
 * group: never personal data, never free text.
 */

/** The event types Palaute publishes, as `detail-type` on the bus. */
export const EVENT_TYPES = ['FeedbackReceived', 'CaseCreated', 'CaseOverdue', 'CaseEscalated', 'CaseClosed'] as const;
/** One of the published event types. */
export type EventType = (typeof EVENT_TYPES)[number];

/** The NPS group of an answer's recommendation score (0–6, 7–8, 9–10), or none when not answered. */
export type NpsGroup = 'detractor' | 'passive' | 'promoter' | null;

/**
 * An event: its type and a flat detail of ids, codes, flags and numbers. Each type's detail is a closed
 * schema (`EVENT_DETAIL_SCHEMAS` in event-details.ts, typed by `domainEvent`); publishers refuse any other.
 */
export interface DomainEvent {
  type: EventType;
  /** When it happened (ISO 8601, UTC). */
  at: string;
  detail: Readonly<Record<string, string | number | boolean | null>>;
}

/** Publishes events; a failure throws, so the caller can retry (events are at least once). */
export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}
