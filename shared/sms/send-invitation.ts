import { type AppConfig, addDays, fillPath, helsinkiDate, type Clock } from '../platform/index.ts';
import { SURVEY_LINK_PATHS } from './manifest.ts';
import { RetryableSendError, SendUnconfirmedError, type SmsSender } from './sms-sender.ts';
import { smsRulesFor, smsSenderId } from './settings.ts';
import type { SmsStore } from './sms-store.ts';
import type { SecretsSource } from './secrets.ts';
import { decryptPhone } from './phone-crypto.ts';
import { newLinkToken, sealPerson, tokenHash } from './link-token.ts';
import { invitationText } from './message.ts';
import { keyedHash } from './keyed-hash.ts';
import { activeVersion, lookupVersions, writeVersion } from './key-versions.ts';

/** What sending needs. */
export interface SendDeps {
  config: AppConfig;
  store: SmsStore;
  secrets: SecretsSource;
  sms: SmsSender;
  clock: Clock;
  /** Public origin of the links, e.g. `https://palaute.esimerkki.fi`. */
  baseUrl: string;
}

/**
 * What became of one send attempt: `retry` asks the queue to deliver the message again; `dead` gave
 * up after the last delivery's refusals, and the queue moves the message to its dead-letter queue so
 * an operator sees the outage; `unconfirmed` got no answer from the provider, which may have sent it.
 */
export type SendOutcome = 'sent' | 'skipped' | 'cancelled' | 'failed' | 'retry' | 'dead' | 'unconfirmed';

/**
 * Sends one invitation. The claim (pending|queued → sending) happens before the SMS, so a retried
 * or duplicated queue message never sends twice: at most once per invitation. The number is
 * decrypted only here and deleted from the row as soon as the SMS is handed over. Only a send the
 * provider refused releases the claim for another delivery; one whose answer was lost is taken as
 * sent (the link stays valid, the number is dropped) and never resent, since SMS has no idempotency
 * key and a second SMS is worse than a missed one.
 */
export async function sendInvitation(deps: SendDeps, key: string, attempt: number, maxAttempts: number): Promise<SendOutcome> {
  const inv = await deps.store.claimForSending(key);
  if (!inv) return 'skipped';
  const cancel = async (): Promise<SendOutcome> => {
    await deps.store.markNotSent(key, 'cancelled');
    await deps.store.addAudit([{ date: inv.visitDate, unitId: inv.unitId, counters: { cancelled: 1 } }]);
    return 'cancelled';
  };
  const fail = async (): Promise<SendOutcome> => {
    await deps.store.markNotSent(key, 'failed');
    await deps.store.addAudit([{ date: inv.visitDate, unitId: inv.unitId, counters: { failed: 1 } }]);
    return 'failed';
  };
  if ((await deps.store.getPerson(inv.personHash)).optedOut || !inv.phoneEnc) return cancel();
  const ring = await deps.secrets.smsKeys();
  const now = deps.clock.now();
  // The invitation's own version decrypts it. The usage check refuses to retire a version with
  // pending rows; one retired anyway leaves a number nobody can read, counted as a failure so the
  // SmsFailed metric shows it.
  const own = activeVersion(ring, inv.keyVersion ?? 1);
  if (!own) return fail();
  let phone: string;
  try {
    phone = decryptPhone(own.encryptionKey, inv.phoneEnc, key);
  } catch {
    // An altered or moved ciphertext never decrypts, however often it is retried.
    return fail();
  }
  // An opt-out made since intake may sit under another active version (a link sealed under it):
  // with the number at hand, every version is checked before anything is sent.
  for (const k of lookupVersions(ring)) {
    if (k === own) continue;
    if ((await deps.store.getPerson(keyedHash(k.hmacKey, 'phone', phone))).optedOut) return cancel();
  }
  // The link remembers the number under the newest writing version, so it outlives older versions.
  const write = writeVersion(ring, now);
  const linkPerson = write === own ? inv.personHash : keyedHash(write.hmacKey, 'phone', phone);
  const rules = smsRulesFor(deps.config.org, inv.unitId);
  const token = newLinkToken();
  const expiresDate = addDays(helsinkiDate(now), rules.tokenLifetimeDays);
  const expiresAt = new Date(now.getTime() + rules.tokenLifetimeDays * 86_400_000);
  await deps.store.putLink(
    tokenHash(token),
    {
      unitId: inv.unitId,
      lang: inv.lang,
      ageGroup: inv.ageGroup,
      ...(inv.visitMode ? { visitMode: inv.visitMode } : {}),
      visitDate: inv.visitDate,
      personSealed: sealPerson(token, { personHash: linkPerson, keyVersion: write.id }),
      validUntil: expiresAt.toISOString(),
    },
    Math.floor(new Date(`${addDays(expiresDate, 30)}T00:00:00Z`).getTime() / 1000),
  );
  const region = deps.config.org.node(deps.config.org.regionId)!.name[inv.lang];
  try {
    await deps.sms.send({
      to: phone,
      senderId: smsSenderId(deps.config.org),
      text: invitationText(inv.lang, region, `${deps.baseUrl}${fillPath(SURVEY_LINK_PATHS.survey, { token })}`),
    });
  } catch (e) {
    if (e instanceof SendUnconfirmedError) {
      await deps.store.markSent(key);
      await deps.store.addAudit([{ date: inv.visitDate, unitId: inv.unitId, counters: { sent: 1 } }]);
      return 'unconfirmed';
    }
    if (e instanceof RetryableSendError && attempt < maxAttempts) {
      await deps.store.releaseClaim(key);
      return 'retry';
    }
    // A refusal on the last delivery is dead-lettered by the queue: the invitation is failed either way.
    const outcome = await fail();
    return e instanceof RetryableSendError ? 'dead' : outcome;
  }
  await deps.store.markSent(key);
  await deps.store.addAudit([{ date: inv.visitDate, unitId: inv.unitId, counters: { sent: 1 } }]);
  return 'sent';
}
