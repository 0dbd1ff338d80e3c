/**
 * The cases feature's adapters, built once per process from the environment: its own store and
 * arrival source, and the contact vault the contacts feature provides (mail and events come from the
 * platform: `mailerFromEnv`, `eventPublisherFromEnv`). Until the vault's adapter is wired here, only
 * the local stand-in the local stack registers (local/case-ports.ts) exists; on Lambda a read then
 * fails loudly rather than reading nothing.
 */
import { FEEDBACK_TABLE_ENV } from '../feedback/index.ts';
import { dynamo, localAdapter, tableNameFromEnv } from '../platform/index.ts';
import { DynamoArrivalSource, type ArrivalSource } from './arrivals.ts';
import type { CaseStore } from './case-store.ts';
import type { ContactVault } from './contact-vault.ts';
import { DynamoCaseStore } from './dynamo-case-store.ts';
import { CASES_TABLE_ENV } from './manifest.ts';

/** The name under which the local stack registers the contact vault's stand-in. */
export const CASE_PORT_ADAPTERS = { contactVault: 'cases.contactVault' } as const;

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

/** A port whose adapter is not wired in this build: every call fails, naming what to wire. */
function unwired<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: () => () => Promise.reject(new Error(`${what} is not wired into shared/cases/ports-from-env.ts`)),
  });
}

/** The contact vault. TODO(coordinator): `?? contactVaultFromEnv()` of the contacts feature. */
export function contactVaultFromEnv(): ContactVault {
  return localAdapter<ContactVault>(CASE_PORT_ADAPTERS.contactVault) ?? unwired<ContactVault>('The contact vault');
}
