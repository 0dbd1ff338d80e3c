/**
 * The vocabulary of a case, shared by the contracts, the domain and the stores. Browser-safe: plain
 * constants, types and the status machine, no zod and no platform runtime, so the workbench's script
 * may import it.
 */

/** The statuses of a case (docs/domain.md#handling): `contacted` only for cases with a contact request. */
export const CASE_STATUSES = ['new', 'in_progress', 'contacted', 'closed'] as const;
/** A case status. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** What a history entry records; `...` details per action are in the entry's optional fields. */
export const HISTORY_ACTIONS = [
  'created',
  'status_changed',
  'assigned',
  'note_added',
  'contact_viewed',
  'reminder_sent',
  'escalated',
  'contact_deleted',
  'labels_corrected',
] as const;
/** A history action. */
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/**
 * Who set the themes and sentiment a case carries: the offline classifier at intake, the optional
 * remote model (Bedrock) when the case opened, or a handler's correction.
 */
export const LABEL_SOURCES = ['offline', 'bedrock', 'handler'] as const;
/** A label source. */
export type LabelSource = (typeof LABEL_SOURCES)[number];

/** The actor of entries the system writes (the case opener and the daily jobs), never a person. */
export const SYSTEM_ACTOR = 'system';

/** Most notes a case keeps, and the most characters of one: the item stays far below DynamoDB's 400 KB. */
export const MAX_NOTES = 30;
/** Most characters of a note. */
export const MAX_NOTE_CHARS = 1000;
/** Most history entries a case keeps; the oldest are dropped after the first (`created`) one. */
export const MAX_HISTORY = 200;
/** Most characters of an assignee (a handler's name or e-mail, chosen by the unit). */
export const MAX_ASSIGNEE_CHARS = 200;
/** Most cases one page of `GET /api/cases` holds, and the default. */
export const CASE_PAGE = { max: 100, default: 50 } as const;

/**
 * Where each status may go: forward through the handling, `contacted` only for contact cases (checked
 * apart), back from `contacted` to `in_progress` when a contact attempt has to be repeated, and a
 * closed case only reopens to `in_progress`. Here, browser-safe, so the workbench offers exactly the
 * changes the API accepts.
 */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['in_progress', 'contacted', 'closed'],
  in_progress: ['contacted', 'closed'],
  contacted: ['in_progress', 'closed'],
  closed: ['in_progress'],
};

/** Whether a case may go from its status to `to`. */
export function canTransition(c: { status: CaseStatus; contactRequested: boolean }, to: CaseStatus): boolean {
  if (to === 'contacted' && !c.contactRequested) return false;
  return TRANSITIONS[c.status].includes(to);
}

/** The statuses a case may go to next, in the machine's order. */
export function nextStatuses(c: { status: CaseStatus; contactRequested: boolean }): CaseStatus[] {
  return TRANSITIONS[c.status].filter((to) => canTransition(c, to));
}
