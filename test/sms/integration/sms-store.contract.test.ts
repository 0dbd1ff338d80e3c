/**
 * The SmsStore contract: one list of behaviours run against the in-memory fake the use-case tests use
 * and against DynamoSmsStore on dynalite, so the fake cannot drift from the adapter. Covers every
 * method and the edges intake, release, sending and links lean on: the cap refuses at the cap (and at
 * a cap of 0) and a released slot comes back; one invitation per key, replaced only by a later visit
 * while pending; the due list up to and including now; one-way status transitions that refuse from a
 * wrong status; a link used once; audit counters that add up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSmsStore } from '#shared/sms/dynamo-sms-store.ts';
import type { Invitation, LinkRecord, SmsStore } from '#shared/sms/sms-store.ts';
import { type ContractDb, startContractDb } from '../../support/dynalite-tables.ts';
import { MemorySmsStore } from '../support/memory-sms-store.ts';

let db: ContractDb;
beforeAll(async () => {
  db = await startContractDb();
});
afterAll(() => db?.close());

const implementations: [string, () => Promise<SmsStore>][] = [
  ['in memory (the fake)', async () => new MemorySmsStore()],
  ['on DynamoDB (dynalite)', async () => new DynamoSmsStore(db.doc, await db.freshTable('sms'))],
];

const EXPIRES = 1_800_000_000;
const SEND_DATE = '2027-01-13';

/** A pending invitation of `person` for SEND_DATE. */
function invitation(person: string, over: Partial<Invitation> = {}): Invitation {
  return {
    key: `${person}#${SEND_DATE}`,
    personHash: person,
    sendDate: SEND_DATE,
    sendAt: '2027-01-13T10:00:00.000Z',
    unitId: 'keskusta-ta',
    visitDate: '2027-01-12',
    visitedAt: '2027-01-12T08:00:00.000Z',
    lang: 'fi',
    ageGroup: '30-49',
    visitMode: 'group',
    phoneEnc: 'ciphertext-of-the-number',
    status: 'pending',
    ...over,
  };
}

const LINK: LinkRecord = {
  unitId: 'rantala-ta',
  lang: 'sv',
  ageGroup: '65-74',
  visitMode: 'group',
  visitDate: '2027-01-12',
  personSealed: 'sealed-person-link',
  validUntil: '2027-01-20T10:00:00.000Z',
};

describe.each(implementations)('SmsStore %s', (_name, make) => {
  describe('visits', () => {
    it('knows nothing of an unseen visit, then knows that it was received', async () => {
      const store = await make();
      expect(await store.hasVisit('visit-1')).toBe(false);
      await store.putVisit('visit-1', EXPIRES);
      expect(await store.hasVisit('visit-1')).toBe(true);
      expect(await store.hasVisit('visit-2')).toBe(false);
    });

    it('takes the same visit twice without complaint', async () => {
      const store = await make();
      await store.putVisit('visit-1', EXPIRES);
      await store.putVisit('visit-1', EXPIRES);
      expect(await store.hasVisit('visit-1')).toBe(true);
    });
  });

  describe('people: opt-out and cooldown', () => {
    it('reads an unknown person as not opted out and without a cooldown', async () => {
      const store = await make();
      expect(await store.getPerson('nobody')).toStrictEqual({ optedOut: false });
    });

    it('gives back the latest cooldown, and the opt-out beside it', async () => {
      const store = await make();
      await store.setCooldown('p', '2027-01-13', '2027-02-12', EXPIRES, 1);
      expect(await store.getPerson('p')).toStrictEqual({ optedOut: false, cooldown: { sendDate: '2027-01-13', until: '2027-02-12' } });
      await store.setCooldown('p', '2027-02-20', '2027-03-22', EXPIRES, 1);
      await store.optOut('p', '2027-02-21', 1);
      expect(await store.getPerson('p')).toStrictEqual({
        optedOut: true,
        optOut: { date: '2027-02-21' },
        cooldown: { sendDate: '2027-02-20', until: '2027-03-22' },
      });
      expect(await store.getPerson('someone-else')).toStrictEqual({ optedOut: false });
    });

    it('opts out a person who never had a cooldown, and opting out twice changes nothing', async () => {
      const store = await make();
      await store.optOut('q', '2027-01-13', 1);
      await store.optOut('q', '2027-01-14', 1);
      expect(await store.getPerson('q')).toStrictEqual({ optedOut: true, optOut: { date: '2027-01-13' } });
    });

    it('marks an opt-out re-keyed to a newer key version, and never makes one by marking', async () => {
      const store = await make();
      await store.optOut('r', '2027-01-13', 1);
      await store.markOptOutRekeyed('r', 2);
      expect(await store.getPerson('r')).toStrictEqual({ optedOut: true, optOut: { date: '2027-01-13', rekeyedTo: 2 } });
      await store.markOptOutRekeyed('never-opted-out', 2);
      expect(await store.getPerson('never-opted-out')).toStrictEqual({ optedOut: false });
    });
  });

  describe('the daily cap', () => {
    it('gives out exactly `cap` slots one by one, per unit and day', async () => {
      const store = await make();
      const seq: boolean[] = [];
      for (let i = 0; i < 4; i++) seq.push(await store.takeCapSlot('u', SEND_DATE, 3));
      expect(seq).toEqual([true, true, true, false]);
      expect(await store.takeCapSlot('u', '2027-01-14', 3)).toBe(true);
      expect(await store.takeCapSlot('u2', SEND_DATE, 3)).toBe(true);
    });

    it('gives out exactly `cap` slots to concurrent takers', async () => {
      const store = await make();
      const taken = await Promise.all(Array.from({ length: 8 }, () => store.takeCapSlot('u', SEND_DATE, 5)));
      expect(taken.filter(Boolean)).toHaveLength(5);
    });

    it('refuses every slot under a cap of 0', async () => {
      const store = await make();
      expect(await store.takeCapSlot('u', SEND_DATE, 0)).toBe(false);
      expect(await store.takeCapSlot('u', SEND_DATE, 0)).toBe(false);
    });

    it('takes a released slot again, and never releases below zero', async () => {
      const store = await make();
      expect(await store.takeCapSlot('u', SEND_DATE, 1)).toBe(true);
      expect(await store.takeCapSlot('u', SEND_DATE, 1)).toBe(false);
      await store.releaseCapSlot('u', SEND_DATE);
      await store.releaseCapSlot('u', SEND_DATE);
      await store.releaseCapSlot('never-taken', SEND_DATE);
      expect([await store.takeCapSlot('u', SEND_DATE, 1), await store.takeCapSlot('u', SEND_DATE, 1)]).toEqual([true, false]);
      expect([await store.takeCapSlot('never-taken', SEND_DATE, 1), await store.takeCapSlot('never-taken', SEND_DATE, 1)]).toEqual([
        true,
        false,
      ]);
    });
  });

  describe('scheduleInvitation', () => {
    it('creates the first invitation of a key and hands it, every field intact, to the first claim', async () => {
      const store = await make();
      const inv = invitation('p');
      expect(await store.scheduleInvitation(inv, EXPIRES)).toStrictEqual({ result: 'created' });
      expect(await store.claimForSending(inv.key)).toStrictEqual({ ...inv, status: 'sending' });
    });

    it('lets a later visit replace a pending invitation and names the one replaced', async () => {
      const store = await make();
      await store.scheduleInvitation(invitation('p'), EXPIRES);
      const later = invitation('p', { unitId: 'fysioterapia', visitedAt: '2027-01-12T12:00:00.000Z', sendAt: '2027-01-13T10:30:00.000Z' });
      expect(await store.scheduleInvitation(later, EXPIRES)).toStrictEqual({
        result: 'replaced',
        previous: { unitId: 'keskusta-ta', visitDate: '2027-01-12' },
      });
      expect(await store.claimForSending(later.key)).toMatchObject({ unitId: 'fysioterapia', sendAt: '2027-01-13T10:30:00.000Z' });
    });

    it('keeps the existing invitation against an earlier visit or the same visit sent again', async () => {
      const store = await make();
      const late = invitation('p', { unitId: 'fysioterapia', visitedAt: '2027-01-12T12:00:00.000Z' });
      await store.scheduleInvitation(late, EXPIRES);
      expect(await store.scheduleInvitation(invitation('p'), EXPIRES)).toStrictEqual({ result: 'kept_existing' });
      expect(await store.scheduleInvitation({ ...late, unitId: 'laboratorio' }, EXPIRES)).toStrictEqual({ result: 'kept_existing' });
      expect(await store.claimForSending(late.key)).toMatchObject({ unitId: 'fysioterapia' });
    });

    it('never replaces an invitation that has left pending, even for a later visit', async () => {
      const store = await make();
      await store.scheduleInvitation(invitation('p'), EXPIRES);
      expect(await store.markQueued(invitation('p').key)).toBe(true);
      expect(
        await store.scheduleInvitation(invitation('p', { unitId: 'fysioterapia', visitedAt: '2027-01-12T12:00:00.000Z' }), EXPIRES),
      ).toStrictEqual({ result: 'kept_existing' });
      expect(await store.claimForSending(invitation('p').key)).toMatchObject({ unitId: 'keskusta-ta' });
    });
  });

  describe('listDue', () => {
    it('lists pending invitations of the day due at or before now, earliest first', async () => {
      const store = await make();
      await store.scheduleInvitation(invitation('late', { sendAt: '2027-01-13T11:00:00.000Z' }), EXPIRES);
      await store.scheduleInvitation(invitation('now', { sendAt: '2027-01-13T10:00:00.000Z' }), EXPIRES);
      await store.scheduleInvitation(invitation('early', { sendAt: '2027-01-13T06:00:00.000Z' }), EXPIRES);
      await store.scheduleInvitation(
        invitation('other-day', { key: `other-day#2027-01-14`, sendDate: '2027-01-14', sendAt: '2027-01-12T06:00:00.000Z' }),
        EXPIRES,
      );
      expect(await store.listDue(SEND_DATE, '2027-01-13T10:00:00.000Z')).toEqual([`early#${SEND_DATE}`, `now#${SEND_DATE}`]);
      expect(await store.listDue(SEND_DATE, '2027-01-13T09:59:59.999Z')).toEqual([`early#${SEND_DATE}`]);
      expect(await store.listDue('2027-01-15', '2027-01-16T00:00:00.000Z')).toEqual([]);
    });

    it('drops an invitation once queued or claimed, and lists a replaced one once at its new time', async () => {
      const store = await make();
      for (const p of ['queued', 'claimed', 'replaced', 'waiting']) await store.scheduleInvitation(invitation(p), EXPIRES);
      await store.markQueued(`queued#${SEND_DATE}`);
      await store.claimForSending(`claimed#${SEND_DATE}`);
      await store.scheduleInvitation(
        invitation('replaced', { visitedAt: '2027-01-12T12:00:00.000Z', sendAt: '2027-01-13T09:00:00.000Z' }),
        EXPIRES,
      );
      expect(await store.listDue(SEND_DATE, '2027-01-13T12:00:00.000Z')).toEqual([`replaced#${SEND_DATE}`, `waiting#${SEND_DATE}`]);
    });
  });

  describe('invitation status transitions', () => {
    const KEY = `p#${SEND_DATE}`;

    it('queues a pending invitation once, and refuses an unknown key', async () => {
      const store = await make();
      await store.scheduleInvitation(invitation('p'), EXPIRES);
      expect(await store.markQueued(KEY)).toBe(true);
      expect(await store.markQueued(KEY)).toBe(false);
      expect(await store.markQueued(`unknown#${SEND_DATE}`)).toBe(false);
    });

    it('claims from pending or queued, once: a second claim and a claim of an unknown key get nothing', async () => {
      const store = await make();
      await store.scheduleInvitation(invitation('p'), EXPIRES);
      await store.scheduleInvitation(invitation('q'), EXPIRES);
      await store.markQueued(`q#${SEND_DATE}`);
      expect(await store.claimForSending(KEY)).toMatchObject({ key: KEY, status: 'sending', phoneEnc: 'ciphertext-of-the-number' });
      expect(await store.claimForSending(`q#${SEND_DATE}`)).toMatchObject({ status: 'sending' });
      expect(await store.claimForSending(KEY)).toBeUndefined();
      expect(await store.markQueued(KEY)).toBe(false);
      expect(await store.claimForSending(`unknown#${SEND_DATE}`)).toBeUndefined();
    });

    it('lets exactly one of concurrent claims have the invitation', async () => {
      const store = await make();
      await store.scheduleInvitation(invitation('p'), EXPIRES);
      const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimForSending(KEY)));
      expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
    });

    it('puts a released claim back to queued, so a retry may claim it again', async () => {
      const store = await make();
      await store.scheduleInvitation(invitation('p'), EXPIRES);
      await store.claimForSending(KEY);
      await store.releaseClaim(KEY);
      expect(await store.claimForSending(KEY)).toMatchObject({ status: 'sending', phoneEnc: 'ciphertext-of-the-number' });
    });

    it.each([
      ['sent', (s: SmsStore) => s.markSent(KEY)],
      ['failed', (s: SmsStore) => s.markNotSent(KEY, 'failed')],
      ['cancelled', (s: SmsStore) => s.markNotSent(KEY, 'cancelled')],
    ])('ends a claimed invitation as %s for good: no claim, queueing or release brings it back', async (_status, end) => {
      const store = await make();
      await store.scheduleInvitation(invitation('p'), EXPIRES);
      await store.claimForSending(KEY);
      await end(store);
      await store.releaseClaim(KEY);
      expect(await store.claimForSending(KEY)).toBeUndefined();
      expect(await store.markQueued(KEY)).toBe(false);
      expect(await store.listDue(SEND_DATE, '2027-01-14T00:00:00.000Z')).toEqual([]);
    });

    it('ignores sent, not-sent and release from a wrong status: the invitation stays pending', async () => {
      const store = await make();
      await store.scheduleInvitation(invitation('p'), EXPIRES);
      await store.markSent(KEY);
      await store.markNotSent(KEY, 'failed');
      await store.releaseClaim(KEY);
      await store.markSent(`unknown#${SEND_DATE}`);
      expect(await store.listDue(SEND_DATE, '2027-01-13T12:00:00.000Z')).toEqual([KEY]);
      expect(await store.claimForSending(KEY)).toMatchObject({ status: 'sending', phoneEnc: 'ciphertext-of-the-number' });
    });
  });

  describe('links', () => {
    it('gives back a stored link as stored, and nothing for an unknown hash', async () => {
      const store = await make();
      await store.putLink('hash-1', LINK, EXPIRES);
      expect(await store.getLink('hash-1')).toStrictEqual(LINK);
      expect(await store.getLink('hash-2')).toBeUndefined();
    });

    it('uses a link once: true, then false, keeping only its language and sealed person, no time of use', async () => {
      const store = await make();
      await store.putLink('hash-1', LINK, EXPIRES);
      expect(await store.useLink('hash-1', EXPIRES)).toBe(true);
      expect(await store.useLink('hash-1', EXPIRES)).toBe(false);
      expect(await store.getLink('hash-1')).toStrictEqual({ lang: 'sv', personSealed: 'sealed-person-link', used: true });
    });

    it('lets one of concurrent uses succeed', async () => {
      const store = await make();
      await store.putLink('hash-1', LINK, EXPIRES);
      const uses = await Promise.all(Array.from({ length: 6 }, (_, i) => store.useLink('hash-1', EXPIRES + i)));
      expect(uses.filter(Boolean)).toHaveLength(1);
    });

    it('does not use, or create, a link that was never stored', async () => {
      const store = await make();
      expect(await store.useLink('hash-x', EXPIRES)).toBe(false);
      expect(await store.getLink('hash-x')).toBeUndefined();
    });

    it('refuses to store a second link under the same hash and keeps the first', async () => {
      const store = await make();
      await store.putLink('hash-1', LINK, EXPIRES);
      await expect(store.putLink('hash-1', { ...LINK, unitId: 'laboratorio' }, EXPIRES)).rejects.toThrow();
      expect(await store.getLink('hash-1')).toStrictEqual(LINK);
    });
  });

  describe('the audit', () => {
    it('adds counters up per day and unit, negative amounts included', async () => {
      const store = await make();
      await store.addAudit([{ date: '2027-01-12', unitId: 'u', counters: { received: 2, scheduled: 1 } }]);
      await store.addAudit([
        { date: '2027-01-12', unitId: 'u', counters: { received: 1, scheduled: -1, excluded_not_last_visit_of_day: 1 } },
        { date: '2027-01-12', unitId: 'v', counters: { sent: 1 } },
      ]);
      expect(await store.listAudit('2027-01-12', '2027-01-12')).toStrictEqual([
        { date: '2027-01-12', unitId: 'u', counters: { received: 3, scheduled: 0, excluded_not_last_visit_of_day: 1 } },
        { date: '2027-01-12', unitId: 'v', counters: { sent: 1 } },
      ]);
    });

    it('writes no row for counters that are all zero', async () => {
      const store = await make();
      await store.addAudit([
        { date: '2027-01-12', unitId: 'u', counters: { received: 0 } },
        { date: '2027-01-12', unitId: 'v', counters: {} },
      ]);
      await store.addAudit([]);
      expect(await store.listAudit('2027-01-01', '2027-01-31')).toEqual([]);
    });

    it('loses no count under concurrent additions', async () => {
      const store = await make();
      await Promise.all(Array.from({ length: 20 }, () => store.addAudit([{ date: '2027-01-12', unitId: 'u', counters: { sent: 1 } }])));
      expect(await store.listAudit('2027-01-12', '2027-01-12')).toStrictEqual([
        { date: '2027-01-12', unitId: 'u', counters: { sent: 20 } },
      ]);
    });

    it('lists the days from…to, both included, across months and years, by date and then unit', async () => {
      const store = await make();
      const days = ['2026-12-30', '2026-12-31', '2027-01-01', '2027-02-01', '2027-02-02'];
      for (const date of days)
        await store.addAudit([
          { date, unitId: 'b', counters: { received: 1 } },
          { date, unitId: 'a', counters: { received: 1 } },
        ]);
      const got = await store.listAudit('2026-12-31', '2027-02-01');
      expect(got.map((r) => `${r.date} ${r.unitId}`)).toEqual([
        '2026-12-31 a',
        '2026-12-31 b',
        '2027-01-01 a',
        '2027-01-01 b',
        '2027-02-01 a',
        '2027-02-01 b',
      ]);
    });
  });
});
