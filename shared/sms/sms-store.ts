import type { VisitMode } from '../feedback/index.ts';
import type { Lang } from '../platform/index.ts';

/** A pending or sent invitation: one per person (keyed hash of the number) and sending day. */
export interface Invitation {
  /** `{personHash}#{sendDate}`: a second visit of the same person the same day lands on the same key. */
  key: string;
  personHash: string;
  sendDate: string;
  /** UTC instant from which it may be sent. */
  sendAt: string;
  unitId: string;
  visitDate: string;
  visitedAt: string;
  lang: Lang;
  ageGroup: string;
  /** How the visit was given, when the patient system said (never the free-text visit type, which only intake reads). */
  visitMode?: VisitMode;
  /** AES-256-GCM ciphertext of the number; removed once the SMS is sent. */
  phoneEnc?: string;
  /**
   * The SMS key version `personHash` and `phoneEnc` were made under (the id, never the key), so the
   * sender decrypts with the right key and a rotation can count pending rows per version. Rows from
   * before key versions have none: version 1.
   */
  keyVersion?: number;
  status: 'pending' | 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
}

/** What an open one-time link unlocks: only what the answer needs, never a number or a person id. */
export interface LinkRecord {
  unitId: string;
  lang: Lang;
  ageGroup: string;
  visitMode?: VisitMode;
  visitDate: string;
  /**
   * The keyed hash of the number, sealed under a key derived from the token (link-token.ts
   * `sealPerson`), so the survey page can offer opt-out while no reader of the table can join it.
   */
  personSealed: string;
  /** UTC instant after which the link no longer opens the survey. */
  validUntil: string;
}

/**
 * A used link: its language (for the "already answered" page) and the sealed person hash (opt-out
 * stays possible from the thanks page). Unit, visit and validity are gone, so nothing in it points
 * at the answer it gave.
 */
export interface UsedLinkRecord {
  lang: Lang;
  personSealed: string;
  used: true;
}

/** What the table knows about one hashed number. */
export interface PersonState {
  optedOut: boolean;
  /** The opt-out's Helsinki day and, once intake copied it under a newer key version, that version. */
  optOut?: { date: string; rekeyedTo?: number };
  cooldown?: { sendDate: string; until: string };
}

/** A number's latest invitation day and cooldown end, as `setCooldown` takes them. */
export interface CooldownRow {
  personHash: string;
  sendDate: string;
  until: string;
  expiresAtEpoch: number;
  /** The key version `personHash` was made with. */
  keyVersion: number;
}

/** Counters of the SMS funnel for one Helsinki day (of the visit) and unit. */
export type AuditCounters = Record<string, number>;

/** One row of the audit: counts only, no identifiers. */
export interface AuditRow {
  date: string;
  unitId: string;
  counters: AuditCounters;
}

/**
 * The sampling rate a unit used for the visits of one Helsinki day under precision targeting
 * (shared/sms/precision.ts), stored once so every visit of the day is decided at the same rate.
 */
export interface DailyRate {
  date: string;
  unitId: string;
  /** Sampling rate, %. */
  percent: number;
  /** The month's projected 95 % half-width when the rate was set; null when no answers were expected. */
  projectedHalfWidth: number | null;
  /** The target half-width in force that day. */
  targetHalfWidth: number;
  /** `planned` by the release job; `fallback` when intake met a day the job had not planned (README). */
  source: 'planned' | 'fallback';
}

/** Storage of the SMS channel's state. Every write is a single-item conditional write (no transactions). */
export interface SmsStore {
  /** Whether a visit (by its keyed hash) was received before. */
  hasVisit(visitKey: string): Promise<boolean>;
  /** Remembers that a visit was received, and nothing else about it (not even its outcome). */
  putVisit(visitKey: string, expiresAtEpoch: number): Promise<void>;
  /** Which of these visits (by keyed hash) were received before: `hasVisit` for a whole intake request at once. */
  seenVisits(visitKeys: readonly string[]): Promise<Set<string>>;
  /** `putVisit` for many visits at once (batched writes: the rows are unconditional). */
  putVisits(rows: readonly { visitKey: string; expiresAtEpoch: number }[]): Promise<void>;
  /** Opt-out flag (with its day and whether it was re-keyed) and the latest cooldown of a hashed number, in one read. */
  getPerson(personHash: string): Promise<PersonState>;
  /**
   * `getPerson` for every number of an intake request at once (batched, strongly consistent reads), so
   * a request costs a few round trips rather than one per sampled visit. Every hash asked is in the
   * answer; one never seen reads as not opted out and without a cooldown.
   */
  getPersons(personHashes: readonly string[]): Promise<Map<string, PersonState>>;
  /** Records the latest invitation's day and cooldown end under a hash made with key version `keyVersion`. */
  setCooldown(personHash: string, sendDate: string, until: string, expiresAtEpoch: number, keyVersion: number): Promise<void>;
  /**
   * `setCooldown` for many numbers at once (batched writes: the rows are unconditional). One row per
   * hash: a hash given twice keeps the later row.
   */
  setCooldowns(rows: readonly CooldownRow[]): Promise<void>;
  /** Puts a hashed number (made with key version `keyVersion`) on the opt-out list; `date` is the Helsinki day, never a finer time. */
  optOut(personHash: string, date: string, keyVersion: number): Promise<void>;
  /**
   * Notes on an existing opt-out that the same number is now on the list under key version `to` as
   * well, so the version it was made under no longer holds an opt-out only it can find.
   */
  markOptOutRekeyed(personHash: string, to: number): Promise<void>;
  /** Takes one of `cap` slots of a unit's sending day; false when all are taken. */
  takeCapSlot(unitId: string, sendDate: string, cap: number): Promise<boolean>;
  /** Gives a slot back, when the visit that took it got no invitation after all. */
  releaseCapSlot(unitId: string, sendDate: string): Promise<void>;
  /**
   * Stores an invitation unless one for the same person and day exists from a later or the same
   * visit. Returns what happened and, when replaced, the replaced invitation's unit and visit date.
   */
  scheduleInvitation(
    inv: Invitation,
    expiresAtEpoch: number,
  ): Promise<
    { result: 'created' } | { result: 'replaced'; previous: Pick<Invitation, 'unitId' | 'visitDate'> } | { result: 'kept_existing' }
  >;
  /** Keys of pending invitations of a sending day due at or before `nowIso`. */
  listDue(sendDate: string, nowIso: string): Promise<string[]>;
  /** pending → queued; false if it was not pending any more. */
  markQueued(key: string): Promise<boolean>;
  /** pending|queued → sending; returns the invitation, or undefined if another attempt has it. */
  claimForSending(key: string): Promise<Invitation | undefined>;
  /** sending → sent, dropping the encrypted number and every detail of the visit (unit, times, language, age group). */
  markSent(key: string): Promise<void>;
  /** sending → failed or cancelled, dropping the encrypted number and every detail of the visit. */
  markNotSent(key: string, status: 'failed' | 'cancelled'): Promise<void>;
  /** sending → queued, so the queue's retry may try again. */
  releaseClaim(key: string): Promise<void>;
  putLink(tokenHash: string, link: LinkRecord, expiresAtEpoch: number): Promise<void>;
  getLink(tokenHash: string): Promise<LinkRecord | UsedLinkRecord | undefined>;
  /**
   * Marks a link used, keeping only what UsedLinkRecord keeps and no time of use; the row then
   * expires at `expiresAtEpoch` (a day boundary). False if it was already used.
   */
  useLink(tokenHash: string, expiresAtEpoch: number): Promise<boolean>;
  addAudit(rows: AuditRow[]): Promise<void>;
  listAudit(fromDate: string, toDate: string): Promise<AuditRow[]>;
  /** Stores a unit's rate for a day unless one is stored already; returns the one that stands (the first). */
  putDailyRate(rate: DailyRate): Promise<DailyRate>;
  /** A unit's stored rate for a day, if any. */
  getDailyRate(unitId: string, date: string): Promise<DailyRate | undefined>;
  /** Every stored rate of the days from…to (Helsinki days of the visits). */
  listDailyRates(fromDate: string, toDate: string): Promise<DailyRate[]>;
}
