import { dynamo, tableNameFromEnv } from '../platform/index.ts';
import { DynamoStaffEntryStore } from './dynamo-staffentry-store.ts';
import { STAFF_ENTRY_TABLE_ENV } from './manifest.ts';
import type { StaffEntryStore } from './staffentry-store.ts';

let store: StaffEntryStore | undefined;

/** The process's staff entry store, on the table named in the environment. */
export function staffEntryStoreFromEnv(): StaffEntryStore {
  store ??= new DynamoStaffEntryStore(dynamo(), tableNameFromEnv('staffentry', { envVar: STAFF_ENTRY_TABLE_ENV }));
  return store;
}
