/**
 * sendInvitation against the in-memory SmsStore, a recording SMS sender, fixed secrets and a fixed
 * clock: one SMS to the decrypted number with a one-time link whose record carries only what the
 * answer needs, the number dropped once sent, a duplicate delivery skipped, an opted-out person
 * cancelled without an SMS, a retryable failure handed back to the queue with the number kept, and
 * a failure on the last attempt (or a permanent one) ending the invitation.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import { openPerson, tokenHash } from '#shared/sms/link-token.ts';
import { invitationText } from '#shared/sms/message.ts';
import { encryptPhone } from '#shared/sms/phone-crypto.ts';
import { sendInvitation, type SendDeps } from '#shared/sms/send-invitation.ts';
import { RetryableSendError, SendUnconfirmedError } from '#shared/sms/sms-sender.ts';
import type { Invitation } from '#shared/sms/sms-store.ts';
import { FixedClock } from '../../support/fakes.ts';
import { fixedSecrets, keyVersionOf, RecordingSmsSender } from '../support/fakes.ts';
import { keyedHash } from '#shared/sms/keyed-hash.ts';
import { MemorySmsStore } from '../support/memory-sms-store.ts';

const config = parseConfig();
const secrets = fixedSecrets();
const NOW = '2027-01-13T10:05:00.000Z';
const KEY = 'person-1#2027-01-13';
const BASE = 'https://palaute.example.fi';

async function setup() {
  const store = new MemorySmsStore();
  const sms = new RecordingSmsSender();
  const deps: SendDeps = { config, store, secrets, sms, clock: new FixedClock(NOW), baseUrl: BASE };
  const inv: Invitation = {
    key: KEY,
    personHash: 'person-1',
    sendDate: '2027-01-13',
    sendAt: '2027-01-13T10:00:00.000Z',
    unitId: 'fysioterapia',
    visitDate: '2027-01-12',
    visitedAt: '2027-01-12T08:00:00.000Z',
    lang: 'sv',
    ageGroup: '65-74',
    visitMode: 'home',
    phoneEnc: encryptPhone(secrets.secrets.encryptionKey, '+358401234567', KEY),
    status: 'pending',
  };
  await store.scheduleInvitation(inv, 2_000_000_000);
  await store.markQueued(KEY);
  return { store, sms, deps };
}

const invitationOf = (store: MemorySmsStore) => store.allInvitations().find((i) => i.key === KEY)!;

describe('a successful send', () => {
  it("texts the decrypted number from the sender ID, in the visit's language, with a one-time link", async () => {
    const { sms, deps } = await setup();
    expect(await sendInvitation(deps, KEY, 1, 3)).toBe('sent');
    expect(sms.sent).toHaveLength(1);
    const [m] = sms.sent;
    const link = /https:\/\/palaute\.example\.fi\/s\/([A-Za-z0-9_-]{16})$/.exec(m!.text);
    expect(link).not.toBeNull();
    expect(m).toEqual({
      to: '+358401234567',
      senderId: 'ESIMHVA',
      text: invitationText('sv', config.org.node(config.org.regionId)!.name.sv, link![0]),
    });
  });

  it("stores the link under the token's hash with only what the answer needs, valid for 7 days", async () => {
    const { store, sms, deps } = await setup();
    await sendInvitation(deps, KEY, 1, 3);
    const token = sms.sent[0]!.text.split('/s/')[1]!;
    expect(await store.getLink(token)).toBeUndefined();
    expect(await store.getLink(tokenHash(token))).toStrictEqual({
      unitId: 'fysioterapia',
      lang: 'sv',
      ageGroup: '65-74',
      visitMode: 'home',
      visitDate: '2027-01-12',
      personSealed: expect.any(String),
      validUntil: '2027-01-20T10:05:00.000Z',
    });
    // The person hash is sealed under the token: the row alone does not give it, the token does.
    const link = (await store.getLink(tokenHash(token)))!;
    expect(JSON.stringify(link)).not.toContain('person-1');
    expect(openPerson(token, link.personSealed)).toStrictEqual({ personHash: 'person-1', keyVersion: 1 });
  });

  it('marks the invitation sent, drops the number and counts the send under the visit day and unit', async () => {
    const { store, deps } = await setup();
    await sendInvitation(deps, KEY, 1, 3);
    const inv = invitationOf(store);
    // Once sent, only the key, the person, the day and the status remain: no number, unit or time.
    expect(inv).toStrictEqual({ key: KEY, personHash: 'person-1', sendDate: '2027-01-13', status: 'sent' });
    expect(await store.listAudit('2027-01-12', '2027-01-13')).toEqual([
      { date: '2027-01-12', unitId: 'fysioterapia', counters: { sent: 1 } },
    ]);
  });

  it('skips a second delivery of the same message: one SMS, one link', async () => {
    const { store, sms, deps } = await setup();
    expect(await sendInvitation(deps, KEY, 1, 3)).toBe('sent');
    expect(await sendInvitation(deps, KEY, 1, 3)).toBe('skipped');
    expect(sms.sent).toHaveLength(1);
    expect(store.expiries().links.size).toBe(1);
  });
});

describe('a send whose answer was lost', () => {
  it('is taken as sent and never resent: the claim is kept, the number dropped, the link valid', async () => {
    const { store, sms, deps } = await setup();
    sms.failWith(new SendUnconfirmedError('no answer'));
    expect(await sendInvitation(deps, KEY, 1, 3)).toBe('unconfirmed');
    expect(invitationOf(store).status).toBe('sent');
    expect(invitationOf(store)).not.toHaveProperty('phoneEnc');
    expect(store.expiries().links.size).toBe(1);
    expect(await store.listAudit('2027-01-12', '2027-01-12')).toEqual([
      { date: '2027-01-12', unitId: 'fysioterapia', counters: { sent: 1 } },
    ]);
    // The queue delivers the message again: nothing is sent.
    expect(await sendInvitation(deps, KEY, 2, 3)).toBe('skipped');
    expect(sms.sent).toEqual([]);
  });
});

describe('no send', () => {
  it('cancels the invitation of a person who opted out meanwhile: no SMS, no link, number dropped', async () => {
    const { store, sms, deps } = await setup();
    await store.optOut('person-1', '2027-01-12', 1);
    expect(await sendInvitation(deps, KEY, 1, 3)).toBe('cancelled');
    expect(sms.sent).toEqual([]);
    expect(store.expiries().links.size).toBe(0);
    expect(invitationOf(store)).not.toHaveProperty('phoneEnc');
    expect(invitationOf(store).status).toBe('cancelled');
    expect(await store.listAudit('2027-01-12', '2027-01-12')).toEqual([
      { date: '2027-01-12', unitId: 'fysioterapia', counters: { cancelled: 1 } },
    ]);
  });

  it('hands a retryable failure back to the queue with the number kept, and sends on the next attempt', async () => {
    const { store, sms, deps } = await setup();
    sms.failWith(new RetryableSendError('throttled'));
    expect(await sendInvitation(deps, KEY, 1, 3)).toBe('retry');
    expect(invitationOf(store)).toMatchObject({ status: 'queued', phoneEnc: expect.any(String) });
    expect(await store.listAudit('2027-01-12', '2027-01-12')).toEqual([]);
    expect(await sendInvitation(deps, KEY, 2, 3)).toBe('sent');
    expect(sms.sent).toHaveLength(1);
  });

  it.each([
    ['a retryable failure on the last attempt', new RetryableSendError('throttled'), 3, 'dead'],
    ['a permanent failure on the first attempt', new Error('invalid parameter'), 1, 'failed'],
  ] as const)('ends the invitation as failed after %s, dropping the number', async (_name, error, attempt, outcome) => {
    const { store, sms, deps } = await setup();
    sms.failWith(error);
    // `dead`: the consumer reports the message failed once more, so the queue dead-letters it.
    expect(await sendInvitation(deps, KEY, attempt, 3)).toBe(outcome);
    expect(invitationOf(store).status).toBe('failed');
    expect(invitationOf(store)).not.toHaveProperty('phoneEnc');
    expect(await store.listAudit('2027-01-12', '2027-01-12')).toEqual([
      { date: '2027-01-12', unitId: 'fysioterapia', counters: { failed: 1 } },
    ]);
    expect(await sendInvitation(deps, KEY, attempt + 1, 3)).toBe('skipped');
  });
});

describe('across key versions', () => {
  const PHONE = '+358401234567';
  /** Version 1 (the invitation's) and version 2 writing since before NOW. */
  async function rotatedSetup() {
    const base = await setup();
    const rotated = fixedSecrets();
    const v2 = keyVersionOf('test', 2, '2027-01-01T00:00:00.000Z');
    rotated.ring = { active: [v2, rotated.ring.active[0]!], retired: [] };
    return { ...base, v2, rotated, deps: { ...base.deps, secrets: rotated } };
  }

  it('decrypts a row from before key versions (no keyVersion) under version 1, and seals the link under version 2', async () => {
    const { sms, store, deps, v2 } = await rotatedSetup();
    expect(invitationOf(store)).not.toHaveProperty('keyVersion');
    expect(await sendInvitation(deps, KEY, 1, 3)).toBe('sent');
    expect(sms.sent[0]!.to).toBe(PHONE);
    const token = sms.sent[0]!.text.split('/s/')[1]!;
    const link = (await store.getLink(tokenHash(token)))!;
    expect(openPerson(token, link.personSealed)).toStrictEqual({ personHash: keyedHash(v2.hmacKey, 'phone', PHONE), keyVersion: 2 });
  });

  it('cancels when the number opted out under another active version since the invitation was made', async () => {
    const { sms, store, deps, v2 } = await rotatedSetup();
    await store.optOut(keyedHash(v2.hmacKey, 'phone', PHONE), '2027-01-12', 2);
    expect(await sendInvitation(deps, KEY, 1, 3)).toBe('cancelled');
    expect(sms.sent).toEqual([]);
    expect(store.expiries().links.size).toBe(0);
    expect(invitationOf(store)).not.toHaveProperty('phoneEnc');
  });

  it('fails without sending when the invitation’s version was retired (its number can no longer be read)', async () => {
    const { sms, store, deps, v2, rotated } = await rotatedSetup();
    rotated.ring = { active: [v2], retired: [1] };
    expect(await sendInvitation(deps, KEY, 1, 3)).toBe('failed');
    expect(sms.sent).toEqual([]);
    expect(invitationOf(store).status).toBe('failed');
    expect(invitationOf(store)).not.toHaveProperty('phoneEnc');
  });
});
