import type {
  AuditRow,
  CooldownRow,
  DailyRate,
  Invitation,
  LinkRecord,
  PersonState,
  SmsStore,
  UsedLinkRecord,
} from '#shared/sms/sms-store.ts';
import { stored } from '../../support/fakes.ts';

/** An invitation as the table holds it: every field while pending; once settled only its key, person, day and status. */
export type StoredInvitation = Pick<Invitation, 'key' | 'personHash' | 'sendDate' | 'status'> & Partial<Invitation>;

/** What an invitation row drops once settled (sent, failed or cancelled): the number and every detail of the visit. */
const VISIT_DETAILS = ['phoneEnc', 'unitId', 'visitDate', 'visitedAt', 'sendAt', 'lang', 'ageGroup', 'visitMode'] as const;

interface Row<T> {
  value: T;
  /** Epoch seconds after which DynamoDB's TTL may delete the item; undefined never expires. */
  expiresAt: number | undefined;
}

/**
 * SmsStore in memory, faithful to DynamoSmsStore (test/sms/integration/sms-store.contract.test.ts runs
 * the same behaviours against both): conditional claims and one-way status transitions that report
 * whether they happened, the cap counter that refuses at the cap and never goes below zero, the due
 * index an invitation leaves once queued or claimed, additive audit counters, and TTL as a sweep a
 * test can run. Key ranges compare key strings as DynamoDB does. Everything handed in or out is a copy.
 */
export class MemorySmsStore implements SmsStore {
  private readonly visits = new Map<string, Row<true>>();
  private readonly optOuts = new Map<string, { date: string; keyVersion: number; rekeyedTo?: number }>();
  private readonly cooldowns = new Map<string, Row<{ sendDate: string; until: string; keyVersion: number }>>();
  private readonly caps = new Map<string, Row<number>>();
  private readonly invitations = new Map<string, Row<StoredInvitation> & { due: boolean }>();
  private readonly links = new Map<string, Row<LinkRecord | UsedLinkRecord>>();
  /** Audit rows by `{date}#{unitId}`, the table's sort key. */
  private readonly audit = new Map<string, AuditRow>();
  /** Daily sampling rates by `{date}#{unitId}`, the table's sort key. */
  private readonly rates = new Map<string, DailyRate>();

  async hasVisit(visitKey: string): Promise<boolean> {
    return this.visits.has(visitKey);
  }

  async putVisit(visitKey: string, expiresAtEpoch: number): Promise<void> {
    this.visits.set(visitKey, { value: true, expiresAt: expiresAtEpoch });
  }

  async seenVisits(visitKeys: readonly string[]): Promise<Set<string>> {
    return new Set(visitKeys.filter((k) => this.visits.has(k)));
  }

  async putVisits(rows: readonly { visitKey: string; expiresAtEpoch: number }[]): Promise<void> {
    for (const r of rows) this.visits.set(r.visitKey, { value: true, expiresAt: r.expiresAtEpoch });
  }

  async getPerson(personHash: string): Promise<PersonState> {
    const cool = this.cooldowns.get(personHash);
    const opt = this.optOuts.get(personHash);
    return {
      optedOut: opt !== undefined,
      ...(opt ? { optOut: { date: opt.date, ...(opt.rekeyedTo !== undefined ? { rekeyedTo: opt.rekeyedTo } : {}) } } : {}),
      ...(cool ? { cooldown: { sendDate: cool.value.sendDate, until: cool.value.until } } : {}),
    };
  }

  async getPersons(personHashes: readonly string[]): Promise<Map<string, PersonState>> {
    return new Map(await Promise.all(personHashes.map(async (h) => [h, await this.getPerson(h)] as const)));
  }

  async setCooldown(personHash: string, sendDate: string, until: string, expiresAtEpoch: number, keyVersion: number): Promise<void> {
    this.cooldowns.set(personHash, { value: { sendDate, until, keyVersion }, expiresAt: expiresAtEpoch });
  }

  async setCooldowns(rows: readonly CooldownRow[]): Promise<void> {
    for (const r of rows) await this.setCooldown(r.personHash, r.sendDate, r.until, r.expiresAtEpoch, r.keyVersion);
  }

  async optOut(personHash: string, date: string, keyVersion: number): Promise<void> {
    // The first opt-out stands as it is, as DynamoSmsStore's conditional put keeps it.
    if (!this.optOuts.has(personHash)) this.optOuts.set(personHash, { date, keyVersion });
  }

  async markOptOutRekeyed(personHash: string, to: number): Promise<void> {
    const opt = this.optOuts.get(personHash);
    if (opt) opt.rekeyedTo = to;
  }

  async takeCapSlot(unitId: string, sendDate: string, cap: number): Promise<boolean> {
    const key = `${unitId}#${sendDate}`;
    const taken = this.caps.get(key)?.value ?? 0;
    if (taken >= cap) return false;
    this.caps.set(key, { value: taken + 1, expiresAt: Math.floor(Date.parse(`${sendDate}T00:00:00Z`) / 1000) + 3 * 86_400 });
    return true;
  }

  async releaseCapSlot(unitId: string, sendDate: string): Promise<void> {
    const row = this.caps.get(`${unitId}#${sendDate}`);
    if (row && row.value > 0) row.value -= 1;
  }

  async scheduleInvitation(
    inv: Invitation,
    expiresAtEpoch: number,
  ): Promise<
    { result: 'created' } | { result: 'replaced'; previous: Pick<Invitation, 'unitId' | 'visitDate'> } | { result: 'kept_existing' }
  > {
    const old = this.invitations.get(inv.key)?.value;
    // A later visit replaces a pending invitation; an equal or earlier one never does.
    // Only a pending invitation still has its visit's details; a settled one is never replaced.
    if (old && !(old.status === 'pending' && old.visitedAt! < inv.visitedAt)) return { result: 'kept_existing' };
    this.invitations.set(inv.key, { value: stored(inv), expiresAt: expiresAtEpoch, due: true });
    return old ? { result: 'replaced', previous: { unitId: old.unitId!, visitDate: old.visitDate! } } : { result: 'created' };
  }

  async listDue(sendDate: string, nowIso: string): Promise<string[]> {
    const dueKey = (i: StoredInvitation) => `${i.sendAt}#${i.key}`;
    return [...this.invitations.values()]
      .filter((r) => r.due && r.value.sendDate === sendDate && dueKey(r.value) <= `${nowIso}#~`)
      .map((r) => r.value)
      .sort((a, b) => compare(dueKey(a), dueKey(b)))
      .map((i) => i.key);
  }

  async markQueued(key: string): Promise<boolean> {
    return this.transition(key, ['pending'], (r) => {
      r.value.status = 'queued';
      r.due = false;
    });
  }

  async claimForSending(key: string): Promise<Invitation | undefined> {
    const ok = this.transition(key, ['pending', 'queued'], (r) => {
      r.value.status = 'sending';
      r.due = false;
    });
    // Only a pending or queued invitation can be claimed, and those still hold every field.
    return ok ? (stored(this.invitations.get(key)!.value) as Invitation) : undefined;
  }

  async markSent(key: string): Promise<void> {
    this.transition(key, ['sending'], (r) => {
      r.value.status = 'sent';
      for (const f of VISIT_DETAILS) delete r.value[f];
    });
  }

  async markNotSent(key: string, status: 'failed' | 'cancelled'): Promise<void> {
    this.transition(key, ['sending'], (r) => {
      r.value.status = status;
      for (const f of VISIT_DETAILS) delete r.value[f];
    });
  }

  async releaseClaim(key: string): Promise<void> {
    this.transition(key, ['sending'], (r) => {
      r.value.status = 'queued';
    });
  }

  async putLink(tokenHash: string, link: LinkRecord, expiresAtEpoch: number): Promise<void> {
    // Conditional put: a token is issued once; a collision fails loudly instead of overwriting a link.
    if (this.links.has(tokenHash)) throw new Error('a link with this token hash already exists');
    this.links.set(tokenHash, { value: stored(link), expiresAt: expiresAtEpoch });
  }

  async getLink(tokenHash: string): Promise<LinkRecord | UsedLinkRecord | undefined> {
    const r = this.links.get(tokenHash);
    return r && stored(r.value);
  }

  async useLink(tokenHash: string, expiresAtEpoch: number): Promise<boolean> {
    const r = this.links.get(tokenHash);
    if (!r || 'used' in r.value) return false;
    this.links.set(tokenHash, { value: { lang: r.value.lang, personSealed: r.value.personSealed, used: true }, expiresAt: expiresAtEpoch });
    return true;
  }

  async addAudit(rows: AuditRow[]): Promise<void> {
    for (const row of rows) {
      const entries = Object.entries(row.counters).filter(([, n]) => n !== 0);
      if (!entries.length) continue;
      const key = `${row.date}#${row.unitId}`;
      const cur = this.audit.get(key) ?? { date: row.date, unitId: row.unitId, counters: {} };
      for (const [k, n] of entries) cur.counters[k] = (cur.counters[k] ?? 0) + n;
      this.audit.set(key, cur);
    }
  }

  async listAudit(fromDate: string, toDate: string): Promise<AuditRow[]> {
    return [...this.audit.entries()]
      .filter(([k]) => k >= fromDate && k <= `${toDate}#~`)
      .sort(([a], [b]) => compare(a, b))
      .map(([, row]) => stored(row));
  }

  async putDailyRate(rate: DailyRate): Promise<DailyRate> {
    const key = `${rate.date}#${rate.unitId}`;
    const kept = this.rates.get(key);
    if (kept) return stored(kept);
    this.rates.set(key, stored(rate));
    return stored(rate);
  }

  async getDailyRate(unitId: string, date: string): Promise<DailyRate | undefined> {
    const r = this.rates.get(`${date}#${unitId}`);
    return r && stored(r);
  }

  async listDailyRates(fromDate: string, toDate: string): Promise<DailyRate[]> {
    return [...this.rates.entries()]
      .filter(([k]) => k >= fromDate && k <= `${toDate}#~`)
      .sort(([a], [b]) => compare(a, b))
      .map(([, r]) => stored(r));
  }

  /** Every invitation as stored (status, sentAt, whether the number is still held): what a test reads instead of scanning. */
  allInvitations(): StoredInvitation[] {
    return [...this.invitations.values()].map((r) => stored(r.value)).sort((a, b) => compare(a.key, b.key));
  }

  /** Slots taken of a unit's sending day. */
  capTaken(unitId: string, sendDate: string): number {
    return this.caps.get(`${unitId}#${sendDate}`)?.value ?? 0;
  }

  /** When the TTL may delete the item behind each kind of key, for asserting the expiries a use case sets. */
  expiries(): {
    visits: Map<string, number>;
    cooldowns: Map<string, number>;
    invitations: Map<string, number>;
    links: Map<string, number>;
  } {
    const of = <T>(m: Map<string, Row<T>>) => new Map([...m].map(([k, r]) => [k, r.expiresAt!] as const));
    return { visits: of(this.visits), cooldowns: of(this.cooldowns), invitations: of(this.invitations), links: of(this.links) };
  }

  /** What DynamoDB's TTL sweeper does, some time after `expiresAt`: deletes every expired item (opt-outs never expire). */
  sweepExpired(nowEpochSeconds: number): void {
    for (const m of [this.visits, this.cooldowns, this.caps, this.invitations, this.links] as Map<string, Row<unknown>>[]) {
      for (const [k, r] of m) if (r.expiresAt !== undefined && r.expiresAt < nowEpochSeconds) m.delete(k);
    }
  }

  private transition(
    key: string,
    from: readonly Invitation['status'][],
    apply: (r: Row<StoredInvitation> & { due: boolean }) => void,
  ): boolean {
    const r = this.invitations.get(key);
    if (!r || !from.includes(r.value.status)) return false;
    apply(r);
    return true;
  }
}

/** DynamoDB compares string keys by their UTF-8 bytes; for these ASCII keys that is code-unit order. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
