import { clock, dynamo, tableNameFromEnv } from '../platform/index.ts';
import { caseLabelsFromEnv } from '../cases/index.ts';
import { feedbackStoreFromEnv } from '../feedback/index.ts';
import type { AppConfig } from '../platform/index.ts';
import type { AggregateDeps } from './aggregate.ts';
import type { AggregateStore } from './aggregate-store.ts';
import { DynamoAggregateStore } from './dynamo-aggregate-store.ts';
import { AGGREGATES_TABLE_ENV } from './manifest.ts';

let store: AggregateStore | undefined;

/** The process's NPS snapshot store, on the table named in the environment. */
export function aggregateStoreFromEnv(): AggregateStore {
  store ??= new DynamoAggregateStore(dynamo(), tableNameFromEnv('aggregates', { envVar: AGGREGATES_TABLE_ENV }));
  return store;
}

/** What the aggregation functions need, from the environment: answers, snapshots, the clock and the cases' labels. */
export function aggregateDepsFromEnv(config: AppConfig): AggregateDeps {
  return { config, feedback: feedbackStoreFromEnv(), store: aggregateStoreFromEnv(), clock: clock(), labels: caseLabelsFromEnv() };
}
