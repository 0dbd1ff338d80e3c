/** The pulse store of the process, built once from the environment. */
import { dynamo, tableNameFromEnv } from '../platform/index.ts';
import { DynamoPulseStore } from './dynamo-pulse-store.ts';
import { PULSE_TABLE_ENV } from './manifest.ts';
import type { PulseStore } from './pulse-store.ts';

let store: PulseStore | undefined;

/** The process's pulse store, on the table named in the environment. */
export function pulseStoreFromEnv(): PulseStore {
  store ??= new DynamoPulseStore(dynamo(), tableNameFromEnv('pulse', { envVar: PULSE_TABLE_ENV }));
  return store;
}
