import { systemClock, type Clock } from './time.ts';
import { localAdapter } from './local-adapters.ts';

/** The clock: the system clock on Lambda, the settable one locally (`POST /dev/clock`). */
export function clock(): Clock {
  return localAdapter<Clock>('clock') ?? systemClock;
}
