/**
 * The case: its stored shape, how one is opened from an answer, its due date, and the rules of
 * changing it (the status machine, the note a close may need, the history every change lands in).
 * Pure functions of their inputs and the time given; the stores and handlers bring the rest.
 */
import {
  addDays,
  DomainError,
  helsinkiDate,
  helsinkiInstant,
  ValidationError,
  type DomainEvent,
  type NpsGroup,
} from '../platform/index.ts';
import type { StoredAnswer } from '../feedback/index.ts';
import { THEME_IDS, type Classification, type NameSpan, type Sentiment, type ThemeId } from '../text/index.ts';
import { canTransition, MAX_HISTORY, MAX_NOTES, SYSTEM_ACTOR, type CaseStatus, type HistoryAction, type LabelSource } from './model.ts';
import type { Handling } from '../platform/index.ts';

/** A note on a case. */
export interface CaseNote {
  at: string;
  author: string;
  text: string;
}

/** One history entry; the optional fields are the action's details. */
export interface HistoryEntry {
  at: string;
  actor: string;
  action: HistoryAction;
  from?: CaseStatus;
  to?: CaseStatus;
  assignee?: string | null;
  days?: number;
  /** A label correction's themes before and after (only when they changed). */
  themesFrom?: ThemeId[];
  themesTo?: ThemeId[];
  /** A label correction's sentiment before and after (only when it changed). */
  sentimentFrom?: Sentiment | null;
  sentimentTo?: Sentiment;
}

/** Labels a machine gave a comment, kept beside a handler's correction so the pair is labelled data. */
export interface MachineLabels extends Classification {
  by: Exclude<LabelSource, 'handler'>;
}

/** A stored case (without the table's key and index attributes). */
export interface Case {
  /** The answer's id: one case per answer. */
  id: string;
  feedbackId: string;
  unitId: string;
  /** The answer's service, service area and region, for the queues of the levels above the unit. */
  serviceId: string;
  serviceAreaId: string;
  regionId: string;
  status: CaseStatus;
  contactRequested: boolean;
  /** When the answer arrived (its `receivedAt`): the case exists from then on. */
  createdAt: string;
  /**
   * The answer's Helsinki day (its `date`): the case, which copies the comment, is deleted with the
   * answer once that day is past `region.retention.answerYears`.
   */
  answerDate: string;
  /** The end of the due day in Helsinki, as a UTC instant. */
  dueAt: string;
  escalated: boolean;
  assignee: string | null;
  nps: number | null;
  text: string | null;
  /** Person names kept in `text` (offsets into it): shown to the unit's handlers, masked everywhere else. */
  textNames?: NameSpan[];
  /** The comment's themes (absent on cases opened before themes existed, and without text). */
  themes?: ThemeId[];
  sentiment?: Sentiment;
  /** The taxonomy version (`region.themes.taxonomyVersion`) the labels were given in. */
  taxonomyVersion?: number;
  /** Who set the labels the case carries now. */
  labelledBy?: LabelSource;
  /** The machine's labels, kept from a handler's first correction on: the correction's "before". */
  machineLabels?: MachineLabels;
  /**
   * When the labels last changed after the answer was stored (a correction, or the remote model at
   * opening): the sparse `byRelabel` index holds it, so the aggregation recounts the answer's unit day.
   */
  relabelledAt?: string;
  lang: StoredAnswer['lang'];
  channel: StoredAnswer['channel'];
  version: number;
  /** Whether the case has ever been `contacted` (closing a contact case without it needs a note). */
  contacted: boolean;
  /** When it last closed; absent while open. */
  closedAt?: string;
  /** When the reminder went out (once per case). */
  remindedAt?: string;
  /** The Helsinki day a closed contact case's contact details are to be erased; absent while open. */
  purgeOn?: string;
  /** When the contact details were erased after the retention period. */
  contactDeletedAt?: string;
  notes: CaseNote[];
  history: HistoryEntry[];
}

/** Whether an answer opens a case: it has free text or asks to be contacted. */
export function opensCase(answer: Pick<StoredAnswer, 'text'> & { contactRequested?: boolean }): boolean {
  return Boolean(answer.text?.trim()) || answer.contactRequested === true;
}

/**
 * The end of the Helsinki day `days` days after `date` (YYYY-MM-DD), as an ISO UTC instant: the last
 * millisecond before the next Helsinki midnight, whatever the DST offset on that day.
 */
export function endOfHelsinkiDay(date: string, days = 0): string {
  return new Date(helsinkiInstant(addDays(date, days + 1), '00:00').getTime() - 1).toISOString();
}

/** The due instant of an answer's case: its Helsinki day plus the deadline days of its kind, to the end of that day. */
export function dueAt(answerDate: string, contactRequested: boolean, handling: Pick<Handling, 'deadlineDays'>): string {
  return endOfHelsinkiDay(answerDate, contactRequested ? handling.deadlineDays.contact : handling.deadlineDays.text);
}

/** Whether a case is overdue at `now`: open and past its due instant. */
export function isOverdue(c: Pick<Case, 'status' | 'dueAt'>, now: Date): boolean {
  return c.status !== 'closed' && now.toISOString() > c.dueAt;
}

/** How a case's labels are set when it opens: the taxonomy version and, if a remote model ran, its labels. */
export interface OpeningLabels {
  taxonomyVersion: number;
  /** The remote model's labels; absent when the offline labels of intake stand. */
  remote?: Classification | undefined;
}

/** The labels a case opens with: the remote model's when given, else the ones intake stored on the answer. */
function openingLabels(answer: StoredAnswer, labels: OpeningLabels | undefined, at: string): Partial<Case> {
  if (!answer.text?.trim() || !labels) return {};
  if (labels.remote) {
    const { themes, sentiment } = labels.remote;
    return { themes, sentiment, taxonomyVersion: labels.taxonomyVersion, labelledBy: 'bedrock', relabelledAt: at };
  }
  if (!answer.themes?.length || !answer.sentiment) return {};
  return { themes: answer.themes, sentiment: answer.sentiment, taxonomyVersion: labels.taxonomyVersion, labelledBy: 'offline' };
}

/**
 * The case an answer opens (the caller decides with `opensCase` whether it opens one), with the
 * answer's labels copied, or the remote model's. `at` is when it opens (a relabel's instant).
 */
export function openCase(
  answer: StoredAnswer & { contactRequested?: boolean },
  handling: Pick<Handling, 'deadlineDays'>,
  labels?: OpeningLabels,
  at: string = answer.receivedAt,
): Case {
  const contactRequested = answer.contactRequested === true;
  const nps = answer.answers.nps;
  const hasText = Boolean(answer.text?.trim());
  return {
    id: answer.id,
    feedbackId: answer.id,
    unitId: answer.unitId,
    serviceId: answer.serviceId,
    serviceAreaId: answer.serviceAreaId,
    regionId: answer.regionId,
    status: 'new',
    contactRequested,
    createdAt: answer.receivedAt,
    answerDate: answer.date,
    dueAt: dueAt(answer.date, contactRequested, handling),
    escalated: false,
    assignee: null,
    nps: typeof nps === 'number' ? nps : null,
    text: hasText ? (answer.text ?? null) : null,
    ...(hasText && answer.textNames?.length ? { textNames: answer.textNames } : {}),
    ...openingLabels(answer, labels, at),
    lang: answer.lang,
    channel: answer.channel,
    version: 1,
    contacted: false,
    notes: [],
    history: [{ at: answer.receivedAt, actor: SYSTEM_ACTOR, action: 'created' }],
  };
}

/** Whether a case may go from its status to `to` (the machine is in model.ts, browser-safe). */
export { canTransition };

/** A status change the machine does not allow (HTTP 409 `invalid_transition`). */
export class InvalidTransitionError extends DomainError {
  readonly code = 'invalid_transition';
}

/** The contact details were erased after the retention period (HTTP 410 `contact_deleted`). */
export class ContactDeletedError extends DomainError {
  readonly code = 'contact_deleted';
}

/** A change without the version it is based on (HTTP 428 `precondition_required`). */
export class PreconditionRequiredError extends DomainError {
  readonly code = 'precondition_required';
}

/** A change a handler asks for: any of status, assignee (null unassigns), a note, corrected themes or sentiment. */
export interface CasePatch {
  status?: CaseStatus | undefined;
  assignee?: string | null | undefined;
  note?: string | undefined;
  themes?: ThemeId[] | undefined;
  sentiment?: Sentiment | undefined;
}

/** The result of a change: the case at its next version and the events it raises. */
export interface Changed {
  next: Case;
  events: DomainEvent[];
}

/** Appends history entries, keeping the first (`created`) and the newest up to MAX_HISTORY. */
export function withHistory(history: readonly HistoryEntry[], ...entries: HistoryEntry[]): HistoryEntry[] {
  const all = [...history, ...entries];
  if (all.length <= MAX_HISTORY) return all;
  return [all[0]!, ...all.slice(all.length - (MAX_HISTORY - 1))];
}

/** The NPS group of a score, as events carry it. */
export function npsGroupOf(nps: number | null): NpsGroup {
  if (nps === null) return null;
  return nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor';
}

/** The event detail of a case: ids, unit, channel, NPS group, flags; never text or contact data. */
export function caseEventDetail(c: Case): Record<string, string | number | boolean | null> {
  return {
    caseId: c.id,
    feedbackId: c.feedbackId,
    unitId: c.unitId,
    channel: c.channel,
    npsGroup: npsGroupOf(c.nps),
    contactRequested: c.contactRequested,
    status: c.status,
    dueAt: c.dueAt,
  };
}

/**
 * Applies a handler's change at `now`: checks the transition (InvalidTransitionError) and the note a
 * close may need (ValidationError on `note`), records every change in the history, sets the day a
 * closed contact case's details are erased (cleared on reopen) and raises `CaseClosed` on close. The version is not checked here: the store's conditional write does that.
 */
export function applyPatch(c: Case, patch: CasePatch, actor: string, now: Date, handling: Pick<Handling, 'contactRetentionDays'>): Changed {
  const at = now.toISOString();
  const entries: HistoryEntry[] = [];
  const next: Case = { ...c, version: c.version + 1 };
  const events: DomainEvent[] = [];
  if (patch.status !== undefined) {
    const to = patch.status;
    if (!canTransition(c, to)) {
      throw new InvalidTransitionError(`A case cannot go from ${c.status} to ${to}.`, [
        {
          path: 'status',
          message:
            to === 'contacted' && !c.contactRequested
              ? 'only a case with a contact request can be contacted'
              : `cannot go from ${c.status} to ${to}`,
        },
      ]);
    }
    if (to === 'closed' && c.contactRequested && !c.contacted && patch.note === undefined) {
      throw new ValidationError('Closing a contact request that was never contacted needs a note saying why.', [
        { path: 'note', message: 'is required to close a contact case that was never contacted' },
      ]);
    }
    next.status = to;
    if (to === 'contacted') next.contacted = true;
    if (to === 'closed') {
      next.closedAt = at;
      if (c.contactRequested && !c.contactDeletedAt) next.purgeOn = contactPurgeDate(at, handling);
    } else {
      delete next.closedAt;
      delete next.purgeOn;
    }
    entries.push({ at, actor, action: 'status_changed', from: c.status, to });
  }
  if (patch.assignee !== undefined && patch.assignee !== c.assignee) {
    next.assignee = patch.assignee;
    entries.push({ at, actor, action: 'assigned', assignee: patch.assignee });
  }
  if (patch.note !== undefined) {
    if (c.notes.length >= MAX_NOTES) {
      throw new ValidationError(`A case keeps at most ${MAX_NOTES} notes.`, [
        { path: 'note', message: `the case already has ${MAX_NOTES} notes` },
      ]);
    }
    next.notes = [...c.notes, { at, author: actor, text: patch.note }];
    entries.push({ at, actor, action: 'note_added' });
  }
  const corrected = correctLabels(c, patch, at, next);
  if (corrected) entries.push({ at, actor, ...corrected });
  next.history = withHistory(c.history, ...entries);
  if (next.status === 'closed' && c.status !== 'closed') events.push({ type: 'CaseClosed', at, detail: caseEventDetail(next) });
  return { next, events };
}

/** Themes in taxonomy order without duplicates, so equal sets compare equal and read the same everywhere. */
export function themeOrder(themes: readonly ThemeId[], order: readonly ThemeId[]): ThemeId[] {
  return order.filter((id) => themes.includes(id));
}

const sameThemes = (a: readonly ThemeId[] | undefined, b: readonly ThemeId[]) =>
  (a ?? []).length === b.length && b.every((t) => a?.includes(t));

/**
 * A handler's correction of themes and/or sentiment, applied to `next`: the labels become the
 * handler's, the machine's first labels are kept beside them (labelled data), and the relabel instant
 * moves so the aggregation recounts the answer's day. Returns the history entry's details, or
 * undefined when nothing changed (a "correction" to the same labels records nothing).
 */
function correctLabels(c: Case, patch: CasePatch, at: string, next: Case): Omit<HistoryEntry, 'at' | 'actor'> | undefined {
  if (patch.themes === undefined && patch.sentiment === undefined) return undefined;
  const themes = patch.themes === undefined ? undefined : themeOrder(patch.themes, THEME_IDS);
  if (c.text === null)
    throw new ValidationError('A case without a comment has no themes or sentiment to correct.', [
      { path: patch.themes !== undefined ? 'themes' : 'sentiment', message: 'the case has no comment to label' },
    ]);
  const themesChange = themes !== undefined && !sameThemes(c.themes, themes);
  const sentimentChange = patch.sentiment !== undefined && patch.sentiment !== c.sentiment;
  if (!themesChange && !sentimentChange) return undefined;
  if (!c.machineLabels && c.labelledBy !== 'handler' && c.themes?.length && c.sentiment)
    next.machineLabels = { themes: c.themes, sentiment: c.sentiment, by: c.labelledBy ?? 'offline' };
  next.labelledBy = 'handler';
  next.relabelledAt = at;
  const entry: Omit<HistoryEntry, 'at' | 'actor'> = { action: 'labels_corrected' };
  if (themesChange) {
    next.themes = themes;
    entry.themesFrom = c.themes ?? [];
    entry.themesTo = themes;
  }
  if (sentimentChange) {
    next.sentiment = patch.sentiment;
    entry.sentimentFrom = c.sentiment ?? null;
    entry.sentimentTo = patch.sentiment;
  }
  return entry;
}

/** The Helsinki day a closed contact case's details are erased: the close day plus the retention days. */
export function contactPurgeDate(closedAt: string, handling: Pick<Handling, 'contactRetentionDays'>): string {
  return addDays(helsinkiDate(new Date(closedAt)), handling.contactRetentionDays);
}
