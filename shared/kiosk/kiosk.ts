/**
 * The rules of kiosk devices: one-time enrolment codes, device credentials and the burst rule. A
 * credential is `{kioskId}.{secret}`, the secret 256 random bits; the server keeps only its SHA-256.
 * A slow password hash buys nothing here: the secret is random and long, not something a person chose.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A kiosk as stored: bound to one unit; enrolled once; revoked for good. */
export interface Kiosk {
  id: string;
  unitId: string;
  /** What the unit calls the device ("Aula", "Ryhmähuone"). */
  name: string;
  createdAt: string;
  /** SHA-256 of the one-time enrolment code while the kiosk is not yet enrolled; removed on enrolment. */
  enrolHash?: string;
  /** SHA-256 of the device secret, set on enrolment. */
  secretHash?: string;
  enrolledAt?: string;
  revokedAt?: string;
  /** When the device's last counted-or-not answer was given, for the burst rule. */
  lastAnswerAt?: string;
}

/** What the API shows of a kiosk: never a hash. */
export interface KioskView {
  id: string;
  unitId: string;
  name: string;
  createdAt: string;
  status: 'pending' | 'enrolled' | 'revoked';
  enrolledAt?: string;
  revokedAt?: string;
}

/** A kiosk's state for the API. */
export function kioskView(k: Kiosk): KioskView {
  const status = k.revokedAt ? 'revoked' : k.enrolledAt ? 'enrolled' : 'pending';
  return {
    id: k.id,
    unitId: k.unitId,
    name: k.name,
    createdAt: k.createdAt,
    status,
    ...(k.enrolledAt ? { enrolledAt: k.enrolledAt } : {}),
    ...(k.revokedAt ? { revokedAt: k.revokedAt } : {}),
  };
}

/** SHA-256 (hex) of a secret or code: what is stored instead of it. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `secret` hashes to `hash`, compared in constant time. */
export function secretMatches(secret: string, hash: string | undefined): boolean {
  if (hash === undefined) return false;
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A new random secret (256 bits, base64url): an enrolment code or a device secret. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A new kiosk id. */
export function newKioskId(): string {
  return randomUUID();
}

/** Whether a string has the form of a kiosk id (a UUID). */
export function isKioskId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}

/** `{kioskId}.{secret}`: the form of enrolment codes and device credentials alike. */
export function joinCredential(kioskId: string, secret: string): string {
  return `${kioskId}.${secret}`;
}

/** Splits `{kioskId}.{secret}`; undefined for anything else, so garbage is refused before any read. */
export function splitCredential(value: string | undefined): { kioskId: string; secret: string } | undefined {
  const m = value?.match(/^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/);
  return m ? { kioskId: m[1]!, secret: m[2]! } : undefined;
}

/**
 * The burst rule: an answer given less than `minIntervalSeconds` after (or before: a queue may drain
 * out of order) the device's previous answer is a burst. The first answer of a device never is.
 */
export function isBurst(previousAt: string | undefined, givenAt: Date, minIntervalSeconds: number): boolean {
  if (previousAt === undefined || minIntervalSeconds <= 0) return false;
  return Math.abs(givenAt.getTime() - Date.parse(previousAt)) < minIntervalSeconds * 1000;
}
