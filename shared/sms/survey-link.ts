import { type AppConfig, type Clock, ConflictError, addDays, helsinkiDate, type Lang } from '../platform/index.ts';
import type { DataKeys } from '../contacts/index.ts';
import { type FeedbackStore, submitFeedback } from '../feedback/index.ts';
import type { LinkRecord, SmsStore, UsedLinkRecord } from './sms-store.ts';
import { answerKeyOf, isTokenShaped, openPerson, type SealedPerson, tokenHash } from './link-token.ts';
import { activeVersion } from './key-versions.ts';
import type { SecretsSource } from './secrets.ts';

/** Days a used link still answers "already answered" before its row expires. */
export const USED_LINK_DAYS = 30;

/**
 * What a one-time link is now. `retired`: the number it remembers was hashed under a key version
 * that has been retired, so an opt-out through it would land where no check looks; it opens nothing.
 */
export type LinkState =
  | { state: 'not_found' }
  | { state: 'retired'; lang: Lang }
  | { state: 'expired'; link: LinkRecord }
  | { state: 'used'; link: UsedLinkRecord }
  | { state: 'open'; link: LinkRecord };

/** What the link pages need. */
export interface LinkDeps {
  config: AppConfig;
  sms: SmsStore;
  feedback: FeedbackStore;
  clock: Clock;
  secrets: SecretsSource;
  /** The key a contact request given through the link is encrypted with. */
  contactKeys?: DataKeys;
}

/**
 * Looks a token up; a malformed token is `not_found` without touching the table. A link whose seal
 * does not open with its token is `not_found` too (the row is not this token's); one sealed under
 * a retired key version is `retired`, used or not.
 */
export async function openLink(deps: Pick<LinkDeps, 'sms' | 'clock' | 'secrets'>, token: string): Promise<LinkState> {
  if (!isTokenShaped(token)) return { state: 'not_found' };
  const link = await deps.sms.getLink(tokenHash(token));
  if (!link) return { state: 'not_found' };
  let sealed: SealedPerson;
  try {
    sealed = openPerson(token, link.personSealed);
  } catch {
    return { state: 'not_found' };
  }
  if (!activeVersion(await deps.secrets.smsKeys(), sealed.keyVersion)) return { state: 'retired', lang: link.lang };
  if ('used' in link) return { state: 'used', link };
  if (deps.clock.now().toISOString() >= link.validUntil) return { state: 'expired', link };
  return { state: 'open', link };
}

/**
 * Stores the answer given through a link as channel `sms` for the link's unit, then marks the link
 * used. The idempotency key is derived from the token (never from its stored hash), so a double
 * submit or a retry after a crash between the two writes stores one answer while nothing in the
 * tables leads from the link row to the answer; validation errors leave the link open. The used link
 * keeps no time of use and expires on a day boundary. `stored` is said once per link (when it is
 * marked used), `replayed` for the same answer again, `already_used` for another one.
 */
export async function answerLink(
  deps: LinkDeps,
  token: string,
  link: LinkRecord,
  raw: Record<string, unknown>,
): Promise<'stored' | 'replayed' | 'already_used'> {
  const hash = tokenHash(token);
  const today = helsinkiDate(deps.clock.now());
  try {
    await submitFeedback(
      { config: deps.config, store: deps.feedback, clock: deps.clock, ...(deps.contactKeys ? { contactKeys: deps.contactKeys } : {}) },
      { ...raw, unitId: link.unitId, channel: 'sms' },
      {
        idempotencyKey: answerKeyOf(token),
        entry: 'sms',
        visitContext: { ageGroup: link.ageGroup, ...(link.visitMode ? { visitMode: link.visitMode } : {}) },
      },
    );
    // useLink succeeds exactly once per link, so "answered" is counted once even across retries.
    if (await deps.sms.useLink(hash, Math.floor(Date.parse(`${addDays(today, USED_LINK_DAYS + 1)}T00:00:00Z`) / 1000))) {
      await deps.sms.addAudit([{ date: link.visitDate, unitId: link.unitId, counters: { answered: 1 } }]);
      return 'stored';
    }
    return 'replayed';
  } catch (e) {
    // The same link answered again with other answers (another tab): the first answer stands.
    if (e instanceof ConflictError) return 'already_used';
    throw e;
  }
}

/**
 * Adds the link's hashed number to the opt-out list, opened with the token the person holds; the
 * number itself was never known here, and the opt-out keeps only the day.
 */
export async function optOutByLink(deps: Pick<LinkDeps, 'sms' | 'clock'>, token: string, link: LinkRecord | UsedLinkRecord): Promise<void> {
  const { personHash, keyVersion } = openPerson(token, link.personSealed);
  await deps.sms.optOut(personHash, helsinkiDate(deps.clock.now()), keyVersion);
}
