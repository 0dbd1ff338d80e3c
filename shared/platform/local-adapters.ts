/**
 * The seam between handlers and the local stack. On Lambda nothing is registered and each getter
 * builds the AWS adapter from the environment. The local stack registers its stand-ins (settable
 * clock, SMS outbox, in-process queues, secrets file) under a global symbol before it loads any
 * handler, so handlers run unchanged and no local-only code is bundled into a Lambda. Each feature
 * reads its own stand-ins by name, so the platform knows none of them.
 */

/** Global symbol under which the local stack registers its adapters. */
export const LOCAL_ADAPTERS = Symbol.for('palaute.localAdapters');

/** The local stand-in registered under `name`, or undefined on Lambda. */
export function localAdapter<T>(name: string): T | undefined {
  return (globalThis as Record<symbol, Record<string, unknown> | undefined>)[LOCAL_ADAPTERS]?.[name] as T | undefined;
}

/** Whether the local stack runs this handler (it registered its stand-ins), rather than Lambda. */
export function onLocalStack(): boolean {
  return (globalThis as Record<symbol, unknown>)[LOCAL_ADAPTERS] !== undefined;
}
