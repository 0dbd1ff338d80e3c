/**
 * Cases go with their answers: a case copies the answer's comment, so once the answer is past
 * `region.retention.answerYears` (and the nightly answer purge deletes it), its case is deleted too,
 * and the contact of a contact request with it. Same day rule as the answer purge
 * (shared/feedback/retention.ts), so neither outlives the other; safe to repeat, as a rerun finds
 * nothing left. Run in the nightly `purgeContacts` job, after the answer purge (04:00 vs 04:15).
 */
import { answerRetentionYears, lastExpiredDate } from '../feedback/index.ts';
import { helsinkiDate, type AppConfig, type Clock } from '../platform/index.ts';
import type { CaseStore } from './case-store.ts';
import type { ContactVault } from './contact-vault.ts';

/** What the expired-case purge needs. */
export interface PurgeExpiredCasesDeps {
  config: AppConfig;
  cases: CaseStore;
  vault: ContactVault;
  clock: Clock;
}

/** What an expired-case purge did: counts and dates only, so it can be logged whole. */
export interface PurgeExpiredCasesResult {
  answerYears: number;
  /** Cases whose answer is dated on or before this Helsinki day were past retention. */
  casesDeletedThrough: string;
  casesScanned: number;
  casesDeleted: number;
  /** Contacts of those cases still held (not yet erased after their close) and erased now. */
  expiredContactsErased: number;
}

/** Deletes the cases whose answer is past retention as of the clock's now, each page's contacts first. */
export async function purgeExpiredCases(deps: PurgeExpiredCasesDeps): Promise<PurgeExpiredCasesResult> {
  const answerYears = answerRetentionYears(deps.config.org);
  const casesDeletedThrough = lastExpiredDate(helsinkiDate(deps.clock.now()), answerYears);
  const result = { answerYears, casesDeletedThrough, casesScanned: 0, casesDeleted: 0, expiredContactsErased: 0 };
  for await (const page of deps.cases.answeredThrough(casesDeletedThrough)) {
    result.casesScanned += page.scanned;
    // Contacts before cases: if the run fails in between, the rerun finds the case and erases again
    // (a no-op), whereas a contact whose case is gone would be found by nothing.
    const withContact = page.cases.filter((c) => c.contactRequested).map((c) => c.id);
    if (withContact.length) result.expiredContactsErased += await deps.vault.erase(withContact);
    if (page.cases.length) result.casesDeleted += await deps.cases.deleteCases(page.cases.map((c) => c.id));
  }
  return result;
}
