import { type AppConfig, type Clock, ConflictError } from '../platform/index.ts';
import { type FeedbackStore, submitFeedback } from '../feedback/index.ts';
import type { LinkRecord, SmsStore } from './sms-store.ts';
import { isTokenShaped, tokenHash } from './link-token.ts';

/** What a one-time link is now. */
export type LinkState =
  | { state: 'not_found' }
  | { state: 'expired'; link: LinkRecord }
  | { state: 'used'; link: LinkRecord }
  | { state: 'open'; link: LinkRecord };

/** What the link pages need. */
export interface LinkDeps {
  config: AppConfig;
  sms: SmsStore;
  feedback: FeedbackStore;
  clock: Clock;
}

/** Looks a token up; a malformed token is `not_found` without touching the table. */
export async function openLink(deps: Pick<LinkDeps, 'sms' | 'clock'>, token: string): Promise<LinkState> {
  if (!isTokenShaped(token)) return { state: 'not_found' };
  const link = await deps.sms.getLink(tokenHash(token));
  if (!link) return { state: 'not_found' };
  if (link.usedAt) return { state: 'used', link };
  if (deps.clock.now().toISOString() >= link.validUntil) return { state: 'expired', link };
  return { state: 'open', link };
}

/**
 * Stores the answer given through a link as channel `sms` for the link's unit, then marks the link
 * used. The token's hash is the idempotency key, so a double submit or a retry after a crash between
 * the two writes stores one answer; validation errors leave the link open.
 */
export async function answerLink(deps: LinkDeps, token: string, link: LinkRecord, raw: Record<string, unknown>): Promise<'stored' | 'already_used'> {
  const hash = tokenHash(token);
  try {
    await submitFeedback(
      { config: deps.config, store: deps.feedback, clock: deps.clock },
      { ...raw, unitId: link.unitId, channel: 'sms' },
      { idempotencyKey: `sms-link-${hash}`, allowedChannels: ['sms'], visitContext: { ageGroup: link.ageGroup, ...(link.visitType ? { visitType: link.visitType } : {}) } },
    );
    // useLink succeeds exactly once per link, so "answered" is counted once even across retries.
    if (await deps.sms.useLink(hash, deps.clock.now().toISOString())) {
      await deps.sms.addAudit([{ date: link.visitDate, unitId: link.unitId, counters: { answered: 1 } }]);
    }
    return 'stored';
  } catch (e) {
    // The same link answered again with other answers (another tab): the first answer stands.
    if (e instanceof ConflictError) return 'already_used';
    throw e;
  }
}

/** Adds the link's hashed number to the opt-out list; the number itself was never known here. */
export async function optOutByLink(deps: Pick<LinkDeps, 'sms' | 'clock'>, link: LinkRecord): Promise<void> {
  await deps.sms.optOut(link.personHash, deps.clock.now().toISOString());
}
