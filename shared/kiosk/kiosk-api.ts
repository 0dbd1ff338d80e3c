/**
 * The kiosk use cases: a unit handler creates, lists and revokes kiosks; a device enrols once with
 * its one-time link and then stores answers with its credential, through the feedback feature's own
 * submit use case (one validation, one store, one aggregation for every channel).
 */
import type { DataKeys } from '../contacts/index.ts';
import { type FeedbackStore, submitFeedback, type SubmitResult } from '../feedback/index.ts';
import { type AppConfig, assertCanSee, type Clock, fillPath, NotFoundError, ValidationError, toIssues } from '../platform/index.ts';
import { createKioskSchema } from './contracts.ts';
import {
  hashSecret,
  isBurst,
  isKioskId,
  joinCredential,
  type Kiosk,
  kioskView,
  type KioskView,
  newKioskId,
  newSecret,
  secretMatches,
  splitCredential,
} from './kiosk.ts';
import type { KioskStore } from './kiosk-store.ts';
import { KIOSK_PATHS } from './manifest.ts';
import { kioskMinIntervalSeconds } from './settings.ts';

/** What the kiosk use cases need. */
export interface KioskDeps {
  config: AppConfig;
  kiosks: KioskStore;
  clock: Clock;
}

/** A device credential that is missing, wrong or revoked: the device is not (or no longer) enrolled. */
export class KioskNotEnrolledError extends Error {
  constructor() {
    super('This device is not enrolled as a kiosk, or its kiosk was revoked.');
    this.name = 'KioskNotEnrolledError';
  }
}

/** A new kiosk and its one-time enrolment link (shown once: only the code's hash is kept). */
export interface CreatedKiosk {
  id: string;
  unitId: string;
  name: string;
  enrolmentUrl: string;
}

/** Creates a kiosk of a unit the caller holds; returns its one-time enrolment link under `baseUrl`. */
export async function createKiosk(deps: KioskDeps, callerNodes: readonly string[], raw: unknown, baseUrl: string): Promise<CreatedKiosk> {
  const parsed = createKioskSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError('The kiosk is not valid.', toIssues(parsed.error));
  const { unitId, name } = parsed.data;
  const unit = deps.config.org.unit(unitId);
  if (!unit) throw new NotFoundError(`Unit "${unitId}" does not exist.`, [{ path: 'unitId', message: 'unknown unit' }]);
  assertCanSee(deps.config.org, callerNodes, unit.id, { path: 'unitId', message: 'You may create kiosks only for units you hold.' });
  const id = newKioskId();
  const code = newSecret();
  await deps.kiosks.create({ id, unitId: unit.id, name, createdAt: deps.clock.now().toISOString(), enrolHash: hashSecret(code) });
  const enrolmentUrl = `${baseUrl}${fillPath(KIOSK_PATHS.enrol, { enrolCode: joinCredential(id, code) })}`;
  return { id, unitId: unit.id, name, enrolmentUrl };
}

/** The kiosks of a unit the caller holds, oldest first. */
export async function listKiosks(deps: KioskDeps, callerNodes: readonly string[], unitId: string | undefined): Promise<KioskView[]> {
  if (!unitId) throw new ValidationError('Name the unit.', [{ path: 'query.unitId', message: 'required' }]);
  if (!deps.config.org.unit(unitId))
    throw new NotFoundError(`Unit "${unitId}" does not exist.`, [{ path: 'query.unitId', message: 'unknown unit' }]);
  assertCanSee(deps.config.org, callerNodes, unitId, { path: 'query.unitId', message: 'You may list kiosks only of units you hold.' });
  return (await deps.kiosks.listByUnit(unitId)).map(kioskView);
}

/** Revokes a kiosk of a unit the caller holds: its device's answers are refused from now on. */
export async function revokeKiosk(deps: KioskDeps, callerNodes: readonly string[], id: string): Promise<void> {
  // Kiosk ids are UUIDs: anything else is unknown without a read (and never an oversized key).
  const kiosk = isKioskId(id) ? await deps.kiosks.get(id) : null;
  if (!kiosk) throw new NotFoundError('No such kiosk.', [{ path: 'kioskId', message: 'unknown kiosk' }]);
  assertCanSee(deps.config.org, callerNodes, kiosk.unitId, { path: 'kioskId', message: 'You may revoke kiosks only of units you hold.' });
  await deps.kiosks.revoke(id, deps.clock.now().toISOString());
}

/** What opening an enrolment link did. */
export type EnrolResult = { kind: 'enrolled'; credential: string; unitId: string } | { kind: 'gone' } | { kind: 'unknown' };

/**
 * Enrols the device that opened a kiosk's one-time link: a new device secret, whose hash replaces the
 * code's in one conditional write. A used link, or one of a revoked kiosk, is gone; a link that never
 * existed (or carries a wrong code) is unknown.
 */
export async function enrolDevice(deps: KioskDeps, code: string): Promise<EnrolResult> {
  const parts = splitCredential(code);
  if (!parts) return { kind: 'unknown' };
  const kiosk = await deps.kiosks.get(parts.kioskId);
  if (!kiosk) return { kind: 'unknown' };
  if (kiosk.revokedAt || kiosk.enrolHash === undefined) return { kind: 'gone' };
  if (!secretMatches(parts.secret, kiosk.enrolHash)) return { kind: 'unknown' };
  const secret = newSecret();
  const enrolled = await deps.kiosks.enrol(kiosk.id, kiosk.enrolHash, hashSecret(secret), deps.clock.now().toISOString());
  // Another device opened the same link a moment earlier: it was first, and this one is too late.
  if (!enrolled) return { kind: 'gone' };
  return { kind: 'enrolled', credential: joinCredential(kiosk.id, secret), unitId: kiosk.unitId };
}

/** The kiosk a device credential belongs to; throws KioskNotEnrolledError for a missing, wrong or revoked one. */
export async function authenticateDevice(deps: KioskDeps, credential: string | undefined): Promise<Kiosk> {
  const parts = splitCredential(credential);
  const kiosk = parts ? await deps.kiosks.get(parts.kioskId) : null;
  if (!parts || !kiosk || kiosk.revokedAt || !secretMatches(parts.secret, kiosk.secretHash)) throw new KioskNotEnrolledError();
  return kiosk;
}

/** What storing a kiosk answer needs besides the kiosks: the feedback feature's store and the contact key. */
export interface KioskAnswerDeps extends KioskDeps {
  feedback: FeedbackStore;
  contactKeys?: DataKeys;
}

/**
 * Stores one answer given on the kiosk, for the kiosk's own unit, through the feedback feature's
 * submit use case. An answer given within `region.kiosk.minIntervalSeconds` of the device's previous
 * one is stored flagged `burst`. Only a newly stored answer moves the device's reference time, so a
 * replay (same Idempotency-Key) changes nothing.
 */
export async function submitKioskAnswer(
  deps: KioskAnswerDeps,
  kiosk: Kiosk,
  raw: unknown,
  idempotencyKey: string | undefined,
): Promise<SubmitResult & { burst: boolean }> {
  const body = (raw ?? {}) as { unitId?: unknown; answeredAt?: unknown };
  // The device's unit is the answer's unit: a body may not name one (not even its own).
  if (raw && typeof raw === 'object' && Object.hasOwn(raw, 'unitId')) {
    throw new ValidationError('The feedback is not valid.', [
      { path: 'unitId', message: 'leave it out: a kiosk answers for the unit it is enrolled to' },
    ]);
  }
  const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, unitId: kiosk.unitId } : raw;
  const now = deps.clock.now();
  const givenAt = typeof body.answeredAt === 'string' && !Number.isNaN(Date.parse(body.answeredAt)) ? new Date(body.answeredAt) : now;
  const burst = isBurst(kiosk.lastAnswerAt, givenAt, kioskMinIntervalSeconds(deps.config.org));
  const result = await submitFeedback(
    { config: deps.config, store: deps.feedback, clock: deps.clock, ...(deps.contactKeys ? { contactKeys: deps.contactKeys } : {}) },
    input,
    {
      entry: 'kiosk',
      burst,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    },
  );
  if (result.created) await deps.kiosks.setLastAnswerAt(kiosk.id, givenAt.toISOString());
  return { ...result, burst };
}
