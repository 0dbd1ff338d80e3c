/**
 * The seam between handlers and the local stack. On Lambda nothing is registered and each getter in
 * functions/lib builds the AWS adapter from the environment. The local stack registers its stand-ins
 * (settable clock, SMS outbox, in-process queue, secrets file) under a global symbol before it loads
 * any handler, so handlers run unchanged and no local-only code is bundled into a Lambda.
 */
import type { Clock } from './time.ts';
import type { SmsSender, WorkQueue } from './messaging.ts';
import type { SecretsSource } from '../sms/secrets.ts';
import type { QueueName } from '../manifest.ts';

/** What the local stack stands in for. */
export interface LocalAdapters {
  clock: Clock;
  smsSender: SmsSender;
  queues: Record<QueueName, WorkQueue>;
  secrets: SecretsSource;
}

/** Global symbol under which the local stack registers its adapters. */
export const LOCAL_ADAPTERS = Symbol.for('palaute.localAdapters');

/** The registered local adapters, or undefined on Lambda. */
export function localAdapters(): LocalAdapters | undefined {
  return (globalThis as Record<symbol, LocalAdapters | undefined>)[LOCAL_ADAPTERS];
}
