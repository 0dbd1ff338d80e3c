/**
 * The daily case jobs. `remindCases` (each morning): a reminder to a unit's handlers for its open
 * cases due within `reminderDaysBefore`, and escalation of cases past due — `escalated: true`, the
 * parent node's handlers mailed, `CaseOverdue` and `CaseEscalated` published — each once per case.
 * `purgeContacts` (each night): contact details erased `contactRetentionDays` after their case
 * closed, found through the sparse purge index (no TTL), each erasure in the case history.
 */
import {
  addDays,
  type AppConfig,
  type Clock,
  type DomainEvent,
  type EventPublisher,
  type Handling,
  helsinkiDate,
  type Mail,
  type Mailer,
  nearestHandlerEmails,
} from '../platform/index.ts';
import { type Case, caseEventDetail, endOfHelsinkiDay, type HistoryEntry, withHistory } from './case.ts';
import { StaleVersionError, type CaseStore } from './case-store.ts';
import { escalationMail, reminderMail } from './case-mail.ts';
import type { ContactVault } from './contact-vault.ts';
import { SYSTEM_ACTOR } from './model.ts';

/** How often a job re-reads a case that a handler changed between the job's read and its write. */
const JOB_ATTEMPTS = 5;

/**
 * Applies a job's change to a case: `change` returns the case's next state (without the version
 * bump) or null when there is nothing to do any more; a concurrent change is re-read and the change
 * tried again on it. Returns the saved case, or null.
 */
export async function changeByJob(store: CaseStore, c: Case, change: (c: Case) => Case | null): Promise<Case | null> {
  let current: Case | null = c;
  for (let attempt = 1; current; attempt++) {
    const changed = change(current);
    if (!changed) return null;
    const next = { ...changed, version: current.version + 1 };
    try {
      await store.save(next, current.version);
      return next;
    } catch (e) {
      if (!(e instanceof StaleVersionError) || attempt === JOB_ATTEMPTS) throw e;
      current = await store.get(c.id);
    }
  }
  return null;
}

/** What the reminder job needs. */
export interface RemindDeps {
  config: AppConfig;
  cases: CaseStore;
  mailer: Mailer;
  events: EventPublisher;
  clock: Clock;
  handling: Handling;
  /** The origin the workbench links point to. */
  baseUrl: string;
}

/** What a reminder run did, in counts. */
export interface RemindResult {
  asOf: string;
  reminded: number;
  escalated: number;
  mails: number;
  /** Cases whose node and every node above it list no mailbox: counted, so an alarm can tell. */
  unaddressed: number;
}

const entry = (at: string, action: HistoryEntry['action'], extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  at,
  actor: SYSTEM_ACTOR,
  action,
  ...extra,
});

/** Whole Helsinki days from `today` to the due day of a case. */
const daysUntil = (today: string, dueAt: string) =>
  Math.round((Date.parse(helsinkiDate(new Date(dueAt))) - Date.parse(today)) / 86_400_000);

/**
 * One morning's run: every open, unescalated case due by the end of the Helsinki day
 * `reminderDaysBefore` days ahead. Past due → escalated (once: it leaves the due index); otherwise
 * reminded unless it was already. The marks are saved first, then one mail per mailbox node and the
 * events: a case is never reminded or escalated twice, even if a mail fails (the run then fails, and
 * the alarm on failed invocations tells operations).
 */
export async function remindCases(deps: RemindDeps): Promise<RemindResult> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const today = helsinkiDate(now);
  const until = endOfHelsinkiDay(addDays(today, deps.handling.reminderDaysBefore));
  const ids = await deps.cases.openDueBy(until);
  const reminded: Case[] = [];
  const escalated: Case[] = [];
  for (const c of await deps.cases.getMany(ids)) {
    const saved = await changeByJob(deps.cases, c, (cur) => {
      if (cur.status === 'closed' || cur.escalated) return null;
      if (cur.dueAt < at) return { ...cur, escalated: true, history: withHistory(cur.history, entry(at, 'escalated')) };
      if (cur.remindedAt || cur.dueAt > until) return null;
      return {
        ...cur,
        remindedAt: at,
        history: withHistory(cur.history, entry(at, 'reminder_sent', { days: daysUntil(today, cur.dueAt) })),
      };
    });
    if (saved?.escalated && !c.escalated) escalated.push(saved);
    else if (saved) reminded.push(saved);
  }
  const { org } = deps.config;
  const mails: Mail[] = [];
  let unaddressed = 0;
  const group = (cases: Case[], from: (c: Case) => string | undefined) => {
    const out = new Map<string, { emails: readonly string[]; cases: Case[] }>();
    for (const c of cases) {
      const start = from(c);
      const target = start === undefined ? undefined : nearestHandlerEmails(org, start);
      if (!target) {
        unaddressed += 1;
        continue;
      }
      const g = out.get(target.nodeId) ?? { emails: target.emails, cases: [] };
      g.cases.push(c);
      out.set(target.nodeId, g);
    }
    return out;
  };
  const nameOf = (id: string) => org.node(id)?.name ?? { fi: id, sv: id, en: id };
  for (const [nodeId, g] of group(reminded, (c) => c.unitId))
    mails.push(
      reminderMail(g.emails, { id: nodeId, name: nameOf(nodeId) }, g.cases.length, deps.handling.reminderDaysBefore, deps.baseUrl),
    );
  // Escalations go to the handlers of the unit's parent (its service), or the nearest node above with a mailbox.
  for (const [nodeId, g] of group(escalated, (c) => org.node(c.unitId)?.parentId ?? c.serviceId)) {
    const units = new Map<string, number>();
    for (const c of g.cases) units.set(c.unitId, (units.get(c.unitId) ?? 0) + 1);
    mails.push(
      escalationMail(
        g.emails,
        { id: nodeId, name: nameOf(nodeId) },
        [...units].map(([id, count]) => ({ id, name: nameOf(id), count })),
        deps.baseUrl,
      ),
    );
  }
  const events: DomainEvent[] = escalated.flatMap((c) => [
    { type: 'CaseOverdue' as const, at, detail: caseEventDetail(c) },
    { type: 'CaseEscalated' as const, at, detail: caseEventDetail(c) },
  ]);
  if (events.length) await deps.events.publish(events);
  for (const m of mails) await deps.mailer.send(m);
  return { asOf: at, reminded: reminded.length, escalated: escalated.length, mails: mails.length, unaddressed };
}

/** What the contact purge needs. */
export interface PurgeContactsDeps {
  cases: CaseStore;
  vault: ContactVault;
  clock: Clock;
}

/** What a purge run did, in counts. */
export interface PurgeContactsResult {
  asOf: string;
  due: number;
  erased: number;
}

/**
 * One night's run: every closed contact case whose erasure day (`purgeOn`, set on close) is today or
 * earlier — still closed, not reopened meanwhile — has its contact erased from the vault, then
 * `contactDeletedAt` and a `contact_deleted` history entry, which also takes it out of the index.
 * Erasing first makes a failed run safe to repeat: a second erase of the same contact erases nothing.
 */
export async function purgeContacts(deps: PurgeContactsDeps): Promise<PurgeContactsResult> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const today = helsinkiDate(now);
  const due = (c: Case) =>
    c.status === 'closed' && c.contactRequested && !c.contactDeletedAt && c.purgeOn !== undefined && c.purgeOn <= today;
  const cases = (await deps.cases.getMany(await deps.cases.purgeDueBy(today))).filter(due);
  const erased = cases.length ? await deps.vault.erase(cases.map((c) => c.feedbackId)) : 0;
  for (const c of cases) {
    await changeByJob(deps.cases, c, (cur) => {
      if (cur.contactDeletedAt) return null;
      const { purgeOn: _done, ...rest } = cur;
      return { ...rest, contactDeletedAt: at, history: withHistory(cur.history, entry(at, 'contact_deleted')) };
    });
  }
  return { asOf: at, due: cases.length, erased };
}
