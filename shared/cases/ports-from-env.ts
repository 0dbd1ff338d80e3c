/**
 * The cases feature's adapters, built once per process from the environment: its own store and
 * arrival source, and the ports other features provide — the contact vault (contacts feature) and
 * mail and events (platform). Until those adapters are wired here, only the local stand-ins the local
 * stack registers (local/case-ports.ts) exist; on Lambda a call then fails loudly rather than
 * dropping a mail, an event or an audited read.
 */
import { FEEDBACK_TABLE_ENV } from '../feedback/index.ts';
import { dynamo, localAdapter, tableNameFromEnv, type EventPublisher, type Mailer } from '../platform/index.ts';
import { DynamoArrivalSource, type ArrivalSource } from './arrivals.ts';
import type { CaseStore } from './case-store.ts';
import type { ContactVault } from './contact-vault.ts';
import { DynamoCaseStore } from './dynamo-case-store.ts';
import { CASES_TABLE_ENV } from './manifest.ts';

/** Names under which the local stack registers the stand-ins of the ports other features provide. */
export const CASE_PORT_ADAPTERS = { mailer: 'cases.mailer', events: 'cases.events', contactVault: 'cases.contactVault' } as const;

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

/** The mailer for reminders and escalations. TODO(coordinator): `?? mailerFromEnv()` of the platform. */
export function caseMailerFromEnv(): Mailer {
  return localAdapter<Mailer>(CASE_PORT_ADAPTERS.mailer) ?? unwired<Mailer>('The SES mailer');
}

/** The publisher of case events. TODO(coordinator): `?? eventPublisherFromEnv()` of the platform. */
export function caseEventsFromEnv(): EventPublisher {
  return localAdapter<EventPublisher>(CASE_PORT_ADAPTERS.events) ?? unwired<EventPublisher>('The EventBridge publisher');
}

/** The contact vault. TODO(coordinator): `?? contactVaultFromEnv()` of the contacts feature. */
export function contactVaultFromEnv(): ContactVault {
  return localAdapter<ContactVault>(CASE_PORT_ADAPTERS.contactVault) ?? unwired<ContactVault>('The contact vault');
}
