/**
 * The lockout of a unit's staff entry: the entry code is short enough to guess given unlimited tries,
 * so from the sixth wrong code within 15 minutes the unit's sign-in is locked for 15 minutes. Sessions
 * already open keep working, so someone locking the sign-in on purpose stops no one typing in.
 */

/** The rule: more than `maxFailures` wrong codes within `windowMs` lock sign-in for `lockMs`. */
export const LOCKOUT = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;

/** A unit's wrong tries as stored: the times of those still in the window, and the lock if one is on. */
export interface LockState {
  /** UTC instants (ISO 8601) of the wrong tries within the window, oldest first. */
  failures: string[];
  /** UTC instant the lock ends, while one is on. */
  lockedUntil?: string;
}

/** The instant the unit's sign-in is locked until, or undefined when it is open at `now`. */
export function lockedUntil(state: LockState | undefined, now: Date): Date | undefined {
  if (!state?.lockedUntil) return undefined;
  const until = new Date(state.lockedUntil);
  return until.getTime() > now.getTime() ? until : undefined;
}

/**
 * The state after one more wrong code at `now`: tries older than the window forgotten, this one
 * added; the one past `maxFailures` locks sign-in (and starts a fresh count for after the lock).
 */
export function afterFailure(state: LockState | undefined, now: Date): { state: LockState; locked: boolean } {
  const since = now.getTime() - LOCKOUT.windowMs;
  const failures = [...(state?.failures ?? []).filter((f) => new Date(f).getTime() > since), now.toISOString()];
  if (failures.length > LOCKOUT.maxFailures) {
    return { state: { failures: [], lockedUntil: new Date(now.getTime() + LOCKOUT.lockMs).toISOString() }, locked: true };
  }
  return { state: { failures }, locked: false };
}

/** When a stored state can be forgotten: once the lock is over and its last wrong try has left the window. */
export function lockExpiry(state: LockState): Date {
  const last = Math.max(
    state.lockedUntil ? new Date(state.lockedUntil).getTime() : 0,
    ...state.failures.map((f) => new Date(f).getTime() + LOCKOUT.windowMs),
  );
  return new Date(last);
}
