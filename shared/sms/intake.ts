import { type AppConfig, helsinkiDate, type Clock, type Issue, toIssues, addDays } from '../platform/index.ts';
import type * as z from '../platform/zod.ts';
import type { ExclusionReason, intakeResultSchema, RejectionReason } from './contracts.ts';
import type { AuditRow, CooldownRow, DailyRate, Invitation, PersonState, SmsStore } from './sms-store.ts';
import type { SecretsSource, SmsKeyVersion } from './secrets.ts';
import { lookupVersions, writeVersion } from './key-versions.ts';
import { intakeVisitSchema, type IntakeVisit as Visit } from './contracts.ts';
import { normaliseMobile } from './phone.ts';
import { keyedHash, sampledAt, samplingFraction } from './keyed-hash.ts';
import { sendAtFor } from './timing.ts';
import { encryptPhone } from './phone-crypto.ts';
import { smsLang } from './message.ts';
import { smsRulesFor } from './settings.ts';
import type { SmsRules } from './rules.ts';

export { EXCLUSION_REASONS, REJECTION_REASONS, type ExclusionReason, type RejectionReason } from './contracts.ts';

/** The intake's answer, as its contract declares it. */
export type IntakeResult = z.infer<typeof intakeResultSchema>;

/** What intake needs. */
export interface IntakeDeps {
  config: AppConfig;
  store: SmsStore;
  secrets: SecretsSource;
  clock: Clock;
}

/** Clock skew tolerated between the patient system and us before a visit counts as "in the future". */
const FUTURE_SKEW_MS = 5 * 60_000;
/** Cooldowns written together: one BatchWriteItem's worth (DynamoDB takes 25 items a request). */
const COOLDOWN_BATCH = 25;
/** Visits processed at once: different people in parallel, one person's visits in order. */
const CONCURRENCY = 32;

/** A number's keyed hash under one key version. */
interface PersonKey {
  version: SmsKeyVersion;
  hash: string;
}

interface Accepted {
  index: number;
  visit: Visit;
  e164: string;
  visitedAt: Date;
  visitDate: string;
}

/** A visit that passed eligibility and sampling, waiting for its person's part of the decision. */
interface Sampled {
  a: Accepted;
  rules: SmsRules;
  /** Remembers the visit (and counts the reason it was excluded for, if any). */
  finish: (reason?: ExclusionReason) => void;
}

/** Age group carried by the link, never the age itself. */
export function ageGroup(age: number): string {
  if (age < 18) return '13-17';
  if (age < 30) return '18-29';
  if (age < 50) return '30-49';
  if (age < 65) return '50-64';
  if (age < 75) return '65-74';
  return '75+';
}

/**
 * Receives a batch of visits: rejects invalid ones with their reason, applies eligibility, sampling,
 * cooldown, cap and one-per-person-per-day, and schedules invitations for the day after the visit.
 * Idempotent per visit id: a re-sent visit is reported `already_received` and changes nothing.
 */
export async function receiveVisits(deps: IntakeDeps, visits: readonly unknown[]): Promise<IntakeResult> {
  const now = deps.clock.now();
  const { org } = deps.config;
  const result: IntakeResult = { received: 0, scheduled: 0, excluded: {}, rejected: [] };
  const seen = new Set<string>();
  const accepted: Accepted[] = [];
  for (const [index, raw] of visits.entries()) {
    const parsed = intakeVisitSchema.safeParse(raw);
    const visitId = typeof (raw as { visitId?: unknown })?.visitId === 'string' ? (raw as { visitId: string }).visitId : undefined;
    const reject = (reason: RejectionReason, issues: Issue[]) =>
      result.rejected.push({ index, ...(visitId ? { visitId } : {}), reason, issues });
    if (!parsed.success) {
      reject('invalid', toIssues(parsed.error, '(visit)'));
      continue;
    }
    const v = parsed.data;
    if (seen.has(v.visitId)) {
      reject('duplicate_in_batch', [{ path: 'visitId', message: 'the same visit id appears earlier in this batch' }]);
      continue;
    }
    seen.add(v.visitId);
    if (!org.unit(v.unitId)) {
      reject('unknown_unit', [{ path: 'unitId', message: 'unknown unit' }]);
      continue;
    }
    const visitedAt = new Date(v.visitedAt);
    if (visitedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
      reject('future_visit', [{ path: 'visitedAt', message: 'is in the future' }]);
      continue;
    }
    const rules = smsRulesFor(org, v.unitId);
    if (helsinkiDate(visitedAt) < addDays(helsinkiDate(now), -rules.maxVisitAgeDays)) {
      reject('too_old', [{ path: 'visitedAt', message: `is more than ${rules.maxVisitAgeDays} days ago` }]);
      continue;
    }
    const phone = normaliseMobile(v.phone);
    // The issue names the field, never the number: rejections are logged and returned to the sender.
    if (!phone.ok) {
      reject(phone.problem, [
        { path: 'phone', message: phone.problem === 'not_mobile' ? 'is not a mobile number' : 'is not a valid Finnish mobile number' },
      ]);
      continue;
    }
    accepted.push({ index, visit: v, e164: phone.e164, visitedAt, visitDate: helsinkiDate(visitedAt) });
  }

  const ring = await deps.secrets.smsKeys();
  // New rows use the newest version that writes; every active version is looked up (key-versions.ts).
  const write = writeVersion(ring, now);
  const lookups = lookupVersions(ring);
  const audit = new Map<string, AuditRow>();
  const count = (date: string, unitId: string, counter: string, n = 1) => {
    const k = `${date}|${unitId}`;
    const row = audit.get(k) ?? { date, unitId, counters: {} };
    row.counters[counter] = (row.counters[counter] ?? 0) + n;
    audit.set(k, row);
  };
  const scheduledHere = new Set<string>();
  const cooldowns = cooldownBatches(deps.store);
  // Every visit's keyed hash under every active version (the write version's first), looked up in one
  // batched read; the rows of the visits decided are written in batches once all are decided (README
  // "How intake writes": a batch write carries no condition, and these rows need none). Duplicates
  // within a request are rejected above, so no visit is decided twice from one read.
  const visitKeys = new Map(
    accepted.map((a) => [a, [write, ...lookups.filter((k) => k !== write)].map((k) => keyedHash(k.hmacKey, 'visit', a.visit.visitId))]),
  );
  const receivedBefore = await deps.store.seenVisits([...visitKeys.values()].flat());
  const remembered: { visitKey: string; expiresAtEpoch: number }[] = [];
  // One look-up per unit and day of a batch: every visit of the day is decided at the one stored rate.
  const rates = new Map<string, Promise<DailyRate>>();
  const dayRate = (date: string, unitId: string, rules: SmsRules) => {
    const k = `${date}|${unitId}`;
    const known = rates.get(k);
    if (known) return known;
    const r = storedRate(deps.store, date, unitId, rules);
    rates.set(k, r);
    return r;
  };
  const expires = (date: string) => Math.floor(new Date(`${addDays(date, 2)}T00:00:00Z`).getTime() / 1000);
  const exclude = (a: Accepted, reason: ExclusionReason, countInAudit = true) => {
    result.excluded[reason] = (result.excluded[reason] ?? 0) + 1;
    if (countInAudit) count(a.visitDate, a.visit.unitId, `excluded_${reason}`);
  };

  // Everything about a visit that does not depend on its person: whether it was seen before, the
  // eligibility rules and sampling. Returns what the person's part of the decision needs, or nothing
  // when the visit is decided already.
  const screen = async (a: Accepted): Promise<Sampled | undefined> => {
    const v = a.visit;
    // Keyed, so a guessed visit id (K-2026-000123) finds nothing without the secret; and the row
    // keeps no outcome, so it could not tell a safety non-disclosure even to whoever has the secret.
    // A visit seen before a rotation is found under the version it was stored with.
    const visitKey = visitKeys.get(a)![0]!;
    if (visitKeys.get(a)!.some((key) => receivedBefore.has(key))) return void exclude(a, 'already_received', false);
    result.received += 1;
    count(a.visitDate, v.unitId, 'received');
    const rules = smsRulesFor(org, v.unitId);
    const visitExpiry = expires(addDays(a.visitDate, rules.maxVisitAgeDays + 1));
    const finish = (reason?: ExclusionReason) => {
      if (reason) exclude(a, reason);
      remembered.push({ visitKey, expiresAtEpoch: visitExpiry });
    };
    const type = v.visitType?.trim().toLowerCase();
    if (!rules.enabled) return void finish('sms_disabled');
    if (!v.smsConsent) return void finish('no_consent');
    if (v.nonDisclosure) return void finish('non_disclosure');
    if (v.age < rules.minAge) return void finish('under_age');
    if (type && rules.sensitiveVisitTypes.some((t) => t.toLowerCase() === type)) return void finish('sensitive_visit_type');
    // A visit not seen before: deciding it under the write version cannot contradict an earlier decision.
    const percent = rules.precision ? (await dayRate(a.visitDate, v.unitId, rules)).percent : rules.samplingPercent;
    if (!sampledAt(samplingFraction(write.hmacKey, v.visitId), percent)) return void finish('not_sampled');
    count(a.visitDate, v.unitId, 'sampled');
    return { a, rules, finish };
  };

  // Unit days whose daily cap this request found full: their later visits are excluded without
  // another conditional write each. A slot this request frees clears the mark; one freed meanwhile
  // by a concurrent request is missed, which can only leave the cap less than full, never past it.
  const capFull = new Set<string>();
  // The person's part: opt-out, cooldown, cap, one invitation a day. `people` holds every version's
  // state of the person as read before the first of their visits, and is kept up to date with what
  // each visit writes, so their next visit in this request decides on what this one left.
  const decide = async (
    { a, rules, finish }: Sampled,
    personKeys: readonly PersonKey[],
    people: Map<string, PersonState>,
  ): Promise<void> => {
    const v = a.visit;
    const { sendDate, sendAt } = sendAtFor(a.visitedAt, rules);
    const found = personKeys.map((k) => ({ ...k, state: people.get(k.hash)! }));
    const optOuts = found.filter((f) => f.state.optOut);
    if (optOuts.length) {
      await rekeyOptOut(deps, personKeys[0]!, optOuts, people);
      return finish('opted_out');
    }
    if (found.some((f) => f.state.cooldown && f.state.cooldown.sendDate !== sendDate && f.state.cooldown.until > sendDate))
      return finish('cooldown');
    // The day's invitation made under an older version keeps its key, so a later visit that day
    // replaces it rather than adding a second invitation under the new version.
    const { version, hash: personHash } = found.find((f) => f.state.cooldown?.sendDate === sendDate) ?? personKeys[0]!;
    if (rules.dailyCap !== null) {
      const capDay = `${v.unitId}|${sendDate}`;
      if (capFull.has(capDay)) return finish('daily_cap');
      if (!(await deps.store.takeCapSlot(v.unitId, sendDate, rules.dailyCap))) {
        capFull.add(capDay);
        return finish('daily_cap');
      }
    }
    const key = `${personHash}#${sendDate}`;
    const inv: Invitation = {
      key,
      personHash,
      sendDate,
      sendAt: sendAt.toISOString(),
      unitId: v.unitId,
      visitDate: a.visitDate,
      visitedAt: a.visitedAt.toISOString(),
      lang: smsLang(v.lang),
      ageGroup: ageGroup(v.age),
      ...(v.visitMode ? { visitMode: v.visitMode } : {}),
      phoneEnc: encryptPhone(version.encryptionKey, a.e164, key),
      keyVersion: version.id,
      status: 'pending',
    };
    const capped = rules.dailyCap !== null;
    const stored = await deps.store.scheduleInvitation(inv, expires(addDays(sendDate, rules.tokenLifetimeDays)));
    if (stored.result === 'kept_existing') {
      if (capped) {
        await deps.store.releaseCapSlot(v.unitId, sendDate);
        capFull.delete(`${v.unitId}|${sendDate}`);
      }
      return finish('not_last_visit_of_day');
    }
    if (stored.result === 'replaced') {
      // The replaced invitation's slot is free again for its unit.
      if (smsRulesFor(org, stored.previous.unitId).dailyCap !== null) {
        await deps.store.releaseCapSlot(stored.previous.unitId, sendDate);
        capFull.delete(`${stored.previous.unitId}|${sendDate}`);
      }
      // The earlier visit of the day loses its invitation to this later one (docs/domain.md#sms-rules: the last unit).
      count(stored.previous.visitDate, stored.previous.unitId, 'scheduled', -1);
      count(stored.previous.visitDate, stored.previous.unitId, 'excluded_not_last_visit_of_day');
      // If that earlier visit was in this batch, this response counted it as scheduled: correct it.
      if (scheduledHere.has(key)) {
        result.scheduled -= 1;
        result.excluded.not_last_visit_of_day = (result.excluded.not_last_visit_of_day ?? 0) + 1;
      }
    }
    scheduledHere.add(key);
    const until = addDays(sendDate, rules.cooldownDays);
    people.set(personHash, { ...people.get(personHash)!, cooldown: { sendDate, until } });
    await cooldowns.add({ personHash, sendDate, until, expiresAtEpoch: expires(until), keyVersion: version.id });
    result.scheduled += 1;
    count(a.visitDate, v.unitId, 'scheduled');
    finish();
  };

  // Screening first, all visits at once: it reads nothing but a unit's daily rate (one look-up per
  // unit and day), so only the sampled visits go on to their person.
  const screened = await Promise.all(accepted.map(screen));
  const sampledOf = new Map<Accepted, Sampled>();
  for (const s of screened) if (s) sampledOf.set(s.a, s);

  // One person's visits run in time order so the last visit of a day wins; people run in parallel.
  // A person is their number's hash under every active version, the write version's first.
  const byPerson = new Map<string, { keys: PersonKey[]; list: Sampled[] }>();
  for (const a of accepted) {
    const s = sampledOf.get(a);
    if (!s) continue;
    const h = keyedHash(write.hmacKey, 'phone', a.e164);
    const group = byPerson.get(h) ?? {
      keys: [write, ...lookups.filter((k) => k !== write)].map((version) => ({
        version,
        hash: version === write ? h : keyedHash(version.hmacKey, 'phone', a.e164),
      })),
      list: [],
    };
    group.list.push(s);
    byPerson.set(h, group);
  }
  const groups = [...byPerson.values()].map((g) => ({
    ...g,
    list: g.list.sort((x, y) => x.a.visitedAt.getTime() - y.a.visitedAt.getTime()),
  }));
  // Every sampled person's opt-out and cooldown under every active version, in one batched read
  // (README "How intake writes"); from then on `decide` keeps them current itself.
  const people = await deps.store.getPersons(groups.flatMap((g) => g.keys.map((k) => k.hash)));
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const { keys, list } = groups[next++]!;
      for (const s of list) await decide(s, keys, people);
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(CONCURRENCY, groups.length) }, worker));
  // Even when a decision failed: every invitation made keeps its cooldown, as when each was written
  // right after its invitation.
  await cooldowns.flush();
  const failed = settled.find((w) => w.status === 'rejected');
  if (failed) throw failed.reason;
  // After every decision, as each visit's row was before: a request that fails midway remembers none
  // of its visits, so re-sending it decides them again (invitations are keyed per person and day, so
  // none is doubled).
  await deps.store.putVisits(remembered);
  await deps.store.addAudit([...audit.values()]);
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}

/**
 * The cooldowns of the invitations a request makes, written a BatchWriteItem (25) at a time as they
 * accumulate rather than one PutItem each: the rows are unconditional, and no more of them wait
 * unwritten at any moment than the invitations in flight did. Batches go one after the other, so a
 * person's later row never lands before an earlier one.
 */
function cooldownBatches(store: SmsStore): { add(row: CooldownRow): Promise<void>; flush(): Promise<void> } {
  let pending: CooldownRow[] = [];
  let written = Promise.resolve();
  const write = () => {
    const rows = pending;
    pending = [];
    written = written.then(() => store.setCooldowns(rows));
    return written;
  };
  return {
    add: (row) => {
      pending.push(row);
      return pending.length >= COOLDOWN_BATCH ? write() : Promise.resolve();
    },
    flush: () => (pending.length ? write() : written),
  };
}

/**
 * The rate a unit's visits of a day are sampled at under precision targeting: the one the release job
 * planned (precision-plan.ts), or, for a day it has not planned (a visit just after midnight, before
 * its first run; an outage), the day before's rate, else the fixed rate within the bounds. The
 * fallback is stored too (first write wins), so the day's later visits get the same rate.
 */
async function storedRate(store: SmsStore, date: string, unitId: string, rules: SmsRules): Promise<DailyRate> {
  const planned = await store.getDailyRate(unitId, date);
  if (planned) return planned;
  const precision = rules.precision!;
  const before = await store.getDailyRate(unitId, addDays(date, -1));
  const percent = before?.percent ?? Math.min(precision.capPercent, Math.max(precision.floorPercent, rules.samplingPercent));
  return store.putDailyRate({ date, unitId, percent, projectedHalfWidth: null, targetHalfWidth: precision.halfWidth, source: 'fallback' });
}

/**
 * Copies an opt-out found under an older key version to the write version and marks the old row
 * re-keyed. Intake is one of the few moments the number is at hand, and a keyed hash cannot be
 * re-keyed without it; so opt-outs move to the new version as their people come back, and the
 * rotation's usage check counts the rest (README "Rotating the SMS keys").
 */
async function rekeyOptOut(
  deps: IntakeDeps,
  write: PersonKey,
  optOuts: readonly (PersonKey & { state: PersonState })[],
  people: Map<string, PersonState>,
): Promise<void> {
  const current = optOuts.find((o) => o.version === write.version);
  const older = optOuts.filter((o) => o.version !== write.version && o.state.optOut?.rekeyedTo === undefined);
  if (!older.length) return;
  // The earliest day the person asked, so the copy says what the original said.
  if (!current) {
    const date = older.map((o) => o.state.optOut!.date).sort()[0]!;
    await deps.store.optOut(write.hash, date, write.version.id);
    people.set(write.hash, { ...people.get(write.hash)!, optedOut: true, optOut: { date } });
  }
  for (const o of older) {
    await deps.store.markOptOutRekeyed(o.hash, write.version.id);
    people.set(o.hash, { ...o.state, optOut: { ...o.state.optOut!, rekeyedTo: write.version.id } });
  }
}
