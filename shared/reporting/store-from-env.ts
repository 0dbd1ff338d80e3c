import { dynamo, tableNameFromEnv } from '../platform/index.ts';
import type { AggregateStore } from './aggregate-store.ts';
import { DynamoAggregateStore } from './dynamo-aggregate-store.ts';
import { AGGREGATES_TABLE_ENV } from './manifest.ts';

let store: AggregateStore | undefined;

/** The process's NPS snapshot store, on the table named in the environment. */
export function aggregateStoreFromEnv(): AggregateStore {
  store ??= new DynamoAggregateStore(dynamo(), tableNameFromEnv('aggregates', { envVar: AGGREGATES_TABLE_ENV }));
  return store;
}
