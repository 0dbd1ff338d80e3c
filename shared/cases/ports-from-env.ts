/**
 * The cases feature's adapters, built once per process from the environment: its own store and
 * arrival source; the contact vault is the contacts feature's (`contactVaultFromEnv`), and mail and
 * events come from the platform (`mailerFromEnv`, `eventPublisherFromEnv`).
 */
import { FEEDBACK_TABLE_ENV } from '../feedback/index.ts';
import { dynamo, tableNameFromEnv } from '../platform/index.ts';
import { DynamoArrivalSource, type ArrivalSource } from './arrivals.ts';
import type { CaseStore } from './case-store.ts';
import { DynamoCaseStore } from './dynamo-case-store.ts';
import { CASES_TABLE_ENV } from './manifest.ts';

let store: CaseStore | undefined;
let arrivals: ArrivalSource | undefined;

/** The process's case store, on the table named in the environment. */
export function caseStoreFromEnv(): CaseStore {
  store ??= new DynamoCaseStore(dynamo(), tableNameFromEnv('cases', { envVar: CASES_TABLE_ENV }));
  return store;
}

/** The process's reader of newly arrived answers, on the feedback table. */
export function arrivalSourceFromEnv(): ArrivalSource {
  arrivals ??= new DynamoArrivalSource(dynamo(), tableNameFromEnv('feedback', { envVar: FEEDBACK_TABLE_ENV.feedback }));
  return arrivals;
}

export { contactVaultFromEnv } from '../contacts/index.ts';
