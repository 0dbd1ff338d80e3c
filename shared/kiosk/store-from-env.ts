import { dynamo, tableNameFromEnv } from '../platform/index.ts';
import { DynamoKioskStore } from './dynamo-kiosk-store.ts';
import type { KioskStore } from './kiosk-store.ts';
import { KIOSK_TABLE_ENV } from './manifest.ts';

let store: KioskStore | undefined;

/** The process's kiosk store, on the table named in the environment. */
export function kioskStoreFromEnv(): KioskStore {
  store ??= new DynamoKioskStore(dynamo(), tableNameFromEnv('kiosks', { envVar: KIOSK_TABLE_ENV }));
  return store;
}
