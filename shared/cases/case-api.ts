/**
 * The use cases behind the Cases API: a node's queue, one case, its contact details (audited) and a
 * handler's change. Each checks what it must in the order the API documents — the node or case
 * exists (404), the caller holds it (403), the version is current (409), the change is possible
 * (409 `invalid_transition`, 400) — and changes nothing when any check fails.
 */
import {
  type AppConfig,
  assertCanSee,
  type Clock,
  ConflictError,
  type EventPublisher,
  type Handling,
  helsinkiInstant,
  logger,
  NotFoundError,
  ValidationError,
} from '../platform/index.ts';
import {
  applyPatch,
  type Case,
  ContactDeletedError,
  endOfHelsinkiDay,
  type HistoryEntry,
  isOverdue,
  withHistory,
  type CasePatch,
  type MachineLabels,
} from './case.ts';
import { maskNames, type NameSpan, type Sentiment, type ThemeId } from '../text/index.ts';
import type { LabelSource } from './model.ts';
import { BadCursorError, StaleVersionError, type CaseStore } from './case-store.ts';
import type { Contact, ContactVault } from './contact-vault.ts';
import { CASE_PAGE } from './model.ts';

/** What the Cases API needs. */
export interface CaseApiDeps {
  config: AppConfig;
  cases: CaseStore;
  vault: ContactVault;
  events: EventPublisher;
  clock: Clock;
  handling: Handling;
}

/** Who calls: the org nodes the token holds and the name history entries and notes carry. */
export interface Caller {
  nodes: readonly string[];
  actor: string;
}

/** A case as the queue lists it (the contract's `caseSummarySchema`). */
export interface CaseSummary {
  id: string;
  feedbackId: string;
  unitId: string;
  status: Case['status'];
  contactRequested: boolean;
  createdAt: string;
  dueAt: string;
  overdue: boolean;
  escalated: boolean;
  assignee: string | null;
  nps: number | null;
  text: string | null;
  /** Person names in `text`: the handlers of the unit (or above it) see them, marked. */
  textNames: NameSpan[];
  themes: ThemeId[];
  sentiment: Sentiment | null;
  labelledBy: LabelSource | null;
  lang: Case['lang'];
  channel: string;
  version: number;
}

/** A case with its notes and history (the contract's `caseDetailSchema`); never the contact data. */
export type CaseDetail = CaseSummary & {
  taxonomyVersion: number | null;
  machineLabels: MachineLabels | null;
  notes: Case['notes'];
  history: HistoryEntry[];
};

/** The queue's view of a case at `now`. */
export function toSummary(c: Case, now: Date): CaseSummary {
  return {
    id: c.id,
    feedbackId: c.feedbackId,
    unitId: c.unitId,
    status: c.status,
    contactRequested: c.contactRequested,
    createdAt: c.createdAt,
    dueAt: c.dueAt,
    overdue: isOverdue(c, now),
    escalated: c.escalated,
    assignee: c.assignee,
    nps: c.nps,
    text: c.text,
    textNames: c.textNames ?? [],
    themes: c.themes ?? [],
    sentiment: c.sentiment ?? null,
    labelledBy: c.labelledBy ?? null,
    lang: c.lang,
    channel: c.channel,
    version: c.version,
  };
}

/** The case page's view of a case at `now`. */
export function toDetail(c: Case, now: Date): CaseDetail {
  return {
    ...toSummary(c, now),
    taxonomyVersion: c.taxonomyVersion ?? null,
    machineLabels: c.machineLabels ?? null,
    notes: c.notes,
    history: c.history,
  };
}

/** A parsed queue query (the contract's `caseListQuerySchema` output). */
export interface ListQuery {
  node: string;
  status?: Case['status'] | undefined;
  overdue?: 'true' | 'false' | undefined;
  contactRequested?: 'true' | 'false' | undefined;
  escalated?: 'true' | 'false' | undefined;
  theme?: ThemeId | undefined;
  sentiment?: Sentiment | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: string | undefined;
  cursor?: string | undefined;
}

const flag = (v: 'true' | 'false' | undefined) => (v === undefined ? undefined : v === 'true');

/** `GET /api/cases`: one page of the node's queue, newest first. */
export async function listCases(deps: CaseApiDeps, q: ListQuery, caller: Caller): Promise<{ cases: CaseSummary[]; next: string | null }> {
  const node = deps.config.org.node(q.node);
  if (!node) throw new NotFoundError('No such organisation node.', [{ path: 'query.node', message: 'is not a node of this region' }]);
  assertCanSee(deps.config.org, caller.nodes, node.id, { path: 'query.node', message: 'You may not see the cases of this node.' });
  if (q.from !== undefined && q.to !== undefined && q.from > q.to)
    throw new ValidationError('The range is reversed.', [{ path: 'query.to', message: 'must not be before from' }]);
  const now = deps.clock.now();
  try {
    const page = await deps.cases.list({
      nodeId: node.id,
      kind: node.kind,
      status: q.status,
      overdue: flag(q.overdue),
      contactRequested: flag(q.contactRequested),
      escalated: flag(q.escalated),
      theme: q.theme,
      sentiment: q.sentiment,
      fromIso: q.from === undefined ? undefined : helsinkiInstant(q.from, '00:00').toISOString(),
      toIso: q.to === undefined ? undefined : endOfHelsinkiDay(q.to),
      limit: q.limit === undefined ? CASE_PAGE.default : Number(q.limit),
      cursor: q.cursor,
      now,
    });
    return { cases: page.cases.map((c) => toSummary(c, now)), next: page.next };
  } catch (e) {
    if (e instanceof BadCursorError)
      throw new ValidationError('The cursor is not valid here.', [
        { path: 'query.cursor', message: 'is not a cursor of this queue and range' },
      ]);
    throw e;
  }
}

/** A handler's correction as labelled data: the comment (names masked), the machine's labels and the handler's. */
export interface Correction {
  caseId: string;
  unitId: string;
  lang: Case['lang'];
  taxonomyVersion: number | null;
  /** The comment with person names masked: the export leaves the unit. */
  text: string;
  machine: MachineLabels;
  corrected: { themes: ThemeId[]; sentiment: Sentiment };
  correctedAt: string;
}

/** A parsed corrections query: the node and the Helsinki days of the corrections, both optional. */
export interface CorrectionsQuery {
  node: string;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * `GET /api/cases/corrections`: the handlers' corrections of the node's cases (the cases relabelled in
 * the range whose labels a handler set), oldest first, as labelled data for training and evaluating
 * the classifier. Names are masked; the case's current labels are the handler's.
 */
export async function listCorrections(deps: CaseApiDeps, q: CorrectionsQuery, caller: Caller): Promise<{ corrections: Correction[] }> {
  const node = deps.config.org.node(q.node);
  if (!node) throw new NotFoundError('No such organisation node.', [{ path: 'query.node', message: 'is not a node of this region' }]);
  assertCanSee(deps.config.org, caller.nodes, node.id, { path: 'query.node', message: 'You may not see the cases of this node.' });
  if (q.from !== undefined && q.to !== undefined && q.from > q.to)
    throw new ValidationError('The range is reversed.', [{ path: 'query.to', message: 'must not be before from' }]);
  const ids = await deps.cases.relabelledBetween(
    q.from === undefined ? '0000' : helsinkiInstant(q.from, '00:00').toISOString(),
    q.to === undefined ? '9999' : endOfHelsinkiDay(q.to),
  );
  const order = new Map(ids.map((id, i) => [id, i]));
  const under = (unitId: string) => deps.config.org.chainFromRegion(unitId).some((n) => n.id === node.id);
  const corrections = (await deps.cases.getMany(ids))
    .filter((c) => c.labelledBy === 'handler' && c.machineLabels && c.text && c.themes && c.sentiment && under(c.unitId))
    .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
    .map((c) => ({
      caseId: c.id,
      unitId: c.unitId,
      lang: c.lang,
      taxonomyVersion: c.taxonomyVersion ?? null,
      text: maskNames({ text: c.text ?? '', names: c.textNames ?? [] }, c.lang),
      machine: c.machineLabels!,
      corrected: { themes: c.themes!, sentiment: c.sentiment! },
      correctedAt: c.relabelledAt!,
    }));
  return { corrections };
}

/** What a case id may look like: the answer ids of any channel, letters, digits and dashes. */
const CASE_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/** The case, if it exists (404) and the caller holds its unit (403). */
async function visibleCase(deps: CaseApiDeps, id: string, caller: Caller): Promise<Case> {
  // Case ids are answer ids (UUIDs): anything else names no case, and is never sent to DynamoDB
  // (a key over 2 KB would be refused there as a server error).
  const c = CASE_ID_PATTERN.test(id) ? await deps.cases.get(id) : null;
  if (!c) throw new NotFoundError('No such case.', [{ path: 'path.id', message: 'no case has this id' }]);
  assertCanSee(deps.config.org, caller.nodes, c.unitId, {
    path: 'path.id',
    message: 'The case belongs to a unit outside the organisation nodes you hold.',
  });
  return c;
}

/** `GET /api/cases/{id}`. */
export async function getCase(deps: CaseApiDeps, id: string, caller: Caller): Promise<CaseDetail> {
  return toDetail(await visibleCase(deps, id, caller), deps.clock.now());
}

/** How often an audit entry is retried when a change lands between its read and its write. */
const AUDIT_ATTEMPTS = 5;

/**
 * `GET /api/cases/{id}/contact`: the contact details of a contact request, after `contact_viewed`
 * with the reader is in the case history (no entry, no details). 404 for a case without a contact
 * request; 410 `contact_deleted` once the retention job erased them.
 */
export async function readContact(deps: CaseApiDeps, id: string, caller: Caller): Promise<Contact> {
  let c = await visibleCase(deps, id, caller);
  const deleted = () =>
    new ContactDeletedError('The contact details were deleted after the retention period.', [
      { path: 'path.id', message: `deleted ${c.contactDeletedAt?.slice(0, 10) ?? ''}`.trim() },
    ]);
  if (!c.contactRequested)
    throw new NotFoundError('This case has no contact request.', [{ path: 'path.id', message: 'has no contact request' }]);
  if (c.contactDeletedAt) throw deleted();
  const contact = await deps.vault.read(c.feedbackId);
  if (!contact)
    throw new NotFoundError('No contact details are stored for this case.', [
      { path: 'path.id', message: 'has no stored contact details' },
    ]);
  for (let attempt = 1; ; attempt++) {
    const at = deps.clock.now().toISOString();
    const next: Case = {
      ...c,
      version: c.version + 1,
      history: withHistory(c.history, { at, actor: caller.actor, action: 'contact_viewed' }),
    };
    try {
      await deps.cases.save(next, c.version);
      break;
    } catch (e) {
      if (!(e instanceof StaleVersionError) || attempt === AUDIT_ATTEMPTS) throw e;
      c = await visibleCase(deps, id, caller);
      if (c.contactDeletedAt) throw deleted();
    }
  }
  return {
    ...(contact.name ? { name: contact.name } : {}),
    ...(contact.phone ? { phone: contact.phone } : {}),
    ...(contact.email ? { email: contact.email } : {}),
  };
}

/**
 * `PATCH /api/cases/{id}` with the version from `If-Match` and a parsed body: the case at the next
 * version. `CaseClosed` is published after the change landed; a failure to publish is logged (ids
 * only) and does not undo or fail the change, which the handler already made.
 */
export async function changeCase(deps: CaseApiDeps, id: string, basedOn: number, patch: CasePatch, caller: Caller): Promise<CaseDetail> {
  const c = await visibleCase(deps, id, caller);
  if (c.version !== basedOn)
    throw new ConflictError('The case changed since you read it; read it again.', [
      { path: 'headers.if-match', message: `is version ${basedOn}, the case is at ${c.version}` },
    ]);
  const now = deps.clock.now();
  const { next, events } = applyPatch(c, patch, caller.actor, now, deps.handling);
  try {
    await deps.cases.save(next, basedOn);
  } catch (e) {
    if (e instanceof StaleVersionError)
      throw new ConflictError('The case changed since you read it; read it again.', [
        { path: 'headers.if-match', message: `version ${basedOn} is no longer current` },
      ]);
    throw e;
  }
  if (events.length) {
    try {
      await deps.events.publish(events);
    } catch (e) {
      logger.error('case event not published', { caseId: next.id, types: events.map((ev) => ev.type).join(','), error: (e as Error).name });
    }
  }
  return toDetail(next, now);
}
