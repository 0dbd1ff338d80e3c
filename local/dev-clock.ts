import type { Clock } from '#shared/platform/time.ts';

/** A clock that can be set (`POST /dev/clock`) and keeps ticking from there; reset returns to real time. */
export class DevClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Sets the current time, or with null goes back to the system clock. */
  set(iso: string | null): void {
    this.offsetMs = iso === null ? 0 : Date.parse(iso) - Date.now();
  }

  /** Whether the clock is set away from the system clock. */
  get isSet(): boolean {
    return this.offsetMs !== 0;
  }
}
