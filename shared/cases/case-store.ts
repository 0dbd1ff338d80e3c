import type { NodeKind } from '../platform/index.ts';
import type { Case } from './case.ts';
import type { CaseStatus } from './model.ts';
import type { Sentiment, ThemeId } from '../text/index.ts';

/** A queue query: the node and its level, the filters, one page. */
export interface CaseQuery {
  nodeId: string;
  /** The node's level: which queue index holds its cases. */
  kind: NodeKind;
  status?: CaseStatus | undefined;
  /** Only cases open and past due at `now`. */
  overdue?: boolean | undefined;
  contactRequested?: boolean | undefined;
  escalated?: boolean | undefined;
  /** Only cases carrying this theme. */
  theme?: ThemeId | undefined;
  /** Only cases of this sentiment. */
  sentiment?: Sentiment | undefined;
  /** `createdAt` in [fromIso, toIso], both included. */
  fromIso?: string | undefined;
  toIso?: string | undefined;
  limit: number;
  /** The `next` of the previous page. */
  cursor?: string | undefined;
  /** The instant `overdue` is judged at. */
  now: Date;
}

/**
 * How far the case opener has read: every answer that arrived up to `at` is handled, and `seen` holds
 * the ids of those in the overlap the next run reads again (so their events are not sent twice).
 */
export interface OpenerMark {
  at: string;
  seen: string[];
}

/** One page of a queue, newest first; `next` is null on the last page. */
export interface CasePage {
  cases: Case[];
  next: string | null;
}

/** A write based on a version that is no longer the stored one (HTTP 409 `conflict` at the API). */
export class StaleVersionError extends Error {
  constructor(readonly id: string) {
    super('The case changed since that version.');
    this.name = 'StaleVersionError';
  }
}

/** A cursor that this store did not hand out for this queue (HTTP 400 on `query.cursor`). */
export class BadCursorError extends Error {
  constructor() {
    super('The cursor is not one of this queue.');
    this.name = 'BadCursorError';
  }
}

/** One page of the cases past the answers' retention: their ids and whether a contact was asked. */
export interface ExpiredCasePage {
  /** Items the page read (the whole table is read once per run). */
  scanned: number;
  cases: { id: string; contactRequested: boolean }[];
}

/**
 * Storage of cases, behind which DynamoDB (AWS and dynalite) sits. Every write of a case is
 * conditional: `create` on the id being new, `save` on the stored version being the one the change
 * was based on, so two changes from one version never both land.
 */
export interface CaseStore {
  /** Stores a new case; returns false (and changes nothing) when a case with its id exists. */
  create(c: Case): Promise<boolean>;
  /** The case, or null. Strongly consistent: a change reads what the last change wrote. */
  get(id: string): Promise<Case | null>;
  /** Several cases by id (absent ones left out), in no particular order. */
  getMany(ids: readonly string[]): Promise<Case[]>;
  /** Replaces the case with `next`, whose version must be `basedOn + 1`; StaleVersionError otherwise. */
  save(next: Case, basedOn: number): Promise<void>;
  /** One page of a node's queue, newest `createdAt` first; BadCursorError for a foreign cursor. */
  list(q: CaseQuery): Promise<CasePage>;
  /** Ids of open cases due at or before `untilIso` (the reminder job's window), soonest first. */
  openDueBy(untilIso: string): Promise<string[]>;
  /** Ids of the cases relabelled (corrected, or labelled by the remote model) in [fromIso, toIso], earliest first. */
  relabelledBetween(fromIso: string, toIso: string): Promise<string[]>;
  /** Ids of closed contact cases whose contact is to be erased on or before `date` (Helsinki day). */
  purgeDueBy(date: string): Promise<string[]>;
  /**
   * The cases whose answer's Helsinki day (`answerDate`) is on or before `lastDate`, page by page, so
   * a caller erases each page's contacts and deletes its cases before reading on.
   */
  answeredThrough(lastDate: string): AsyncIterable<ExpiredCasePage>;
  /** Deletes the cases (absent ones are no error); returns how many ids it was given to delete. */
  deleteCases(ids: readonly string[]): Promise<number>;
  /** The case opener's watermark; null before its first run. */
  watermark(): Promise<OpenerMark | null>;
  /** Moves the watermark on. */
  setWatermark(mark: OpenerMark): Promise<void>;
}

/**
 * Whether a case passes a query's filters other than the node and the range: the one definition the
 * in-memory fake uses and the DynamoDB adapter's filter expression mirrors (the contract suite checks both).
 */
export function matchesFilters(
  c: Case,
  q: Pick<CaseQuery, 'status' | 'overdue' | 'contactRequested' | 'escalated' | 'theme' | 'sentiment' | 'now'>,
): boolean {
  if (q.status !== undefined && c.status !== q.status) return false;
  if (q.overdue === true && !(c.status !== 'closed' && c.dueAt < q.now.toISOString())) return false;
  if (q.overdue === false && c.status !== 'closed' && c.dueAt < q.now.toISOString()) return false;
  if (q.contactRequested !== undefined && c.contactRequested !== q.contactRequested) return false;
  if (q.escalated !== undefined && c.escalated !== q.escalated) return false;
  if (q.theme !== undefined && !(c.themes ?? []).includes(q.theme)) return false;
  if (q.sentiment !== undefined && c.sentiment !== q.sentiment) return false;
  return true;
}

/** The queue sort key of a case: `{createdAt}#{id}`, newest first when read backwards. */
export const queueSortKey = (c: Pick<Case, 'createdAt' | 'id'>) => `${c.createdAt}#${c.id}`;

/** The opaque cursor after a case: its queue sort key, base64url-encoded. */
export function cursorAfter(c: Pick<Case, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify({ k: queueSortKey(c) }), 'utf8').toString('base64url');
}

/** The queue sort key a cursor names; BadCursorError for anything this store did not hand out. */
export function cursorKey(cursor: string): { sk: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const k = (parsed as { k?: unknown }).k;
    if (typeof k === 'string') {
      const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)#([\w-]{1,64})$/.exec(k);
      if (m) return { sk: k, id: m[2]! };
    }
  } catch {
    // Not base64url JSON: falls through to the refusal.
  }
  throw new BadCursorError();
}
