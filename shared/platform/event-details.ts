/**
 * The closed detail of each event type: what other systems may rely on, and the guard of the rule
 * "no personal data, no free text in events". Every publisher (EventBridge on AWS, the local list)
 * checks each event here before anything leaves, so a detail with a key not listed, or a string that
 * is not an id or a code, is refused rather than published.
 */
import type { DomainEvent, EventType } from './event-port.ts';
import { lazyValue, toIssues, type Issue } from './validation.ts';
import * as z from './zod.ts';

/**
 * The pieces every detail schema is made of, built at the first event checked: a function publishes
 * one or two event types, so its cold start builds none of them and its first publish only its own.
 */
const parts = lazyValue(() => {
  // Ids and codes only: no spaces, no `@` and no `+`, so neither a sentence, an e-mail address nor an
  // international phone number fits, whatever key a caller puts it under.
  const id = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be an id (letters, digits, . _ : -)'));
  const code = z.string().check(z.regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a lower-case code'));
  const instant = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'must be an ISO 8601 UTC instant'));
  const npsGroup = z.nullable(z.enum(['detractor', 'passive', 'promoter']));
  /** What every case event carries: the case, its answer and unit, how the answer came, and where the case stands. */
  const caseFields = {
    caseId: id,
    feedbackId: id,
    unitId: id,
    channel: code,
    npsGroup,
    contactRequested: z.boolean(),
    status: code,
    dueAt: instant,
  };
  return { id, code, instant, npsGroup, caseFields };
});

/**
 * The detail schema of each event type, each built at its first use (`detailSchema`); `strictObject`,
 * so an unknown key is refused.
 */
export const EVENT_DETAIL_SCHEMAS = {
  /** Every answer, as it arrives (the `openCases` job reads it from the feedback table). */
  FeedbackReceived: () => {
    const { id, code, npsGroup } = parts();
    return z.strictObject({
      feedbackId: id,
      unitId: id,
      channel: code,
      npsGroup,
      surveyId: z.optional(id),
      lang: z.optional(code),
      hasText: z.boolean(),
      contactRequested: z.boolean(),
    });
  },
  /** A case opened for an answer with free text or a contact request (case id = answer id). */
  CaseCreated: () => z.strictObject(parts().caseFields),
  /** An open case whose due date is near or passed (the daily reminder job). */
  CaseOverdue: () => z.strictObject(parts().caseFields),
  /** An open case past due, escalated to the parent node's handlers (`escalatedTo`, when known). */
  CaseEscalated: () => z.strictObject({ ...parts().caseFields, escalatedTo: z.optional(parts().id) }),
  /** A case closed by its handler. */
  CaseClosed: () => z.strictObject({ ...parts().caseFields, contacted: z.optional(z.boolean()), overdue: z.optional(z.boolean()) }),
} satisfies Record<EventType, () => z.ZodMiniType>;

const built = new Map<string, z.ZodMiniType>();

/** The detail schema of a known event type, built once; undefined for an unknown type. */
function detailSchema(type: string): z.ZodMiniType | undefined {
  const build = (EVENT_DETAIL_SCHEMAS as Partial<Record<string, () => z.ZodMiniType>>)[type];
  if (!build || !Object.hasOwn(EVENT_DETAIL_SCHEMAS, type)) return undefined;
  let schema = built.get(type);
  if (!schema) {
    schema = build();
    built.set(type, schema);
  }
  return schema;
}

/** The detail of one event type, as its schema reads it. */
export type EventDetail<T extends EventType> = z.infer<ReturnType<(typeof EVENT_DETAIL_SCHEMAS)[T]>>;

/** Builds an event whose detail the compiler checks against its type's schema. */
export function domainEvent<T extends EventType>(type: T, at: Date | string, detail: EventDetail<T>): DomainEvent {
  return { type, at: typeof at === 'string' ? at : at.toISOString(), detail: detail as DomainEvent['detail'] };
}

/**
 * An event no publisher will send: its type is unknown, its time is not an instant, or its detail has a
 * key or value its type does not allow. The message names the type and the fields, never their values.
 */
export class EventRefusedError extends Error {
  constructor(
    readonly eventType: string,
    readonly issues: Issue[],
  ) {
    super(`Event ${eventType} refused: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    this.name = 'EventRefusedError';
  }
}

/** Throws EventRefusedError for the first event that breaks its type's schema; all or nothing. */
export function checkEvents(events: readonly DomainEvent[]): void {
  for (const e of events) {
    const schema = detailSchema(e.type);
    if (!schema) throw new EventRefusedError(String(e.type), [{ path: 'type', message: 'unknown event type' }]);
    if (!parts().instant.safeParse(e.at).success)
      throw new EventRefusedError(e.type, [{ path: 'at', message: 'must be an ISO 8601 UTC instant' }]);
    const r = schema.safeParse(e.detail);
    if (!r.success)
      throw new EventRefusedError(
        e.type,
        toIssues(r.error, 'detail').map((i) => ({ ...i, path: `detail.${i.path}` })),
      );
  }
}
