import { createHmac } from 'node:crypto';

/**
 * HMAC-SHA-256 under a deployment secret. Cooldown and opt-out are kept on the keyed hash of a
 * number, never on the number (docs/domain.md#sms-rules); without the secret the hash cannot be matched against the
 * ~10⁸ possible Finnish mobile numbers.
 */
export function keyedHash(secret: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000${value}`).digest('base64url');
}

/**
 * A reproducible uniform number in [0, 1) for a visit: the same visit id and secret always give the
 * same value, so re-sending visits repeats every sampling decision, and nobody without the secret
 * can predict who is sampled.
 */
export function samplingFraction(secret: Buffer, visitId: string): number {
  const h = createHmac('sha256', secret).update(`sample\u0000${visitId}`).digest();
  // 48 bits are exact in a double and plenty for percent-level rates.
  return h.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * Whether a visit is sampled at a rate, %: its reproducible fraction (`samplingFraction`) below the
 * rate. The one comparison intake and the bench's simulation both make.
 */
export function sampledAt(fraction: number, percent: number): boolean {
  return fraction * 100 < percent;
}
