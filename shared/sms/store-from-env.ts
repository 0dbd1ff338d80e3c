import { dynamo, tableNameFromEnv } from '../platform/index.ts';
import { DynamoSmsStore } from './dynamo-sms-store.ts';
import { SMS_ENV } from './manifest.ts';
import type { SmsStore } from './sms-store.ts';

let store: SmsStore | undefined;

/** The process's SMS store, on the table named in the environment. */
export function smsStoreFromEnv(): SmsStore {
  store ??= new DynamoSmsStore(dynamo(), tableNameFromEnv('sms', { envVar: SMS_ENV.table }));
  return store;
}
