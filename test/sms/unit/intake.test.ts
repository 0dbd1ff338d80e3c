/**
 * receiveVisits against the in-memory SmsStore, fixed secrets and a fixed clock: what a scheduled
 * visit leaves behind (the invitation for the next day at the send time with the number encrypted to
 * its row, the cooldown, the remembered outcome, the audit), that a re-sent visit changes nothing,
 * that cooldown and the daily cap exclude, that a cap slot is given back when the visit gets no
 * invitation after all, and that one person's visits of a day end in one invitation, for the last
 * unit, with the earlier visit's counts moved to `not_last_visit_of_day`; and that a person's later
 * visit in the same batch is decided on what the earlier one left (its cooldown, an opt-out copied
 * under the new key version), though the batch reads people once; and that the cooldowns, written in
 * batches, reach every invitation made, even in a request that fails. Every reason through the
 * HTTP API, in test/sms/integration/sms-intake.test.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import { receiveVisits, type IntakeDeps } from '#shared/sms/intake.ts';
import { keyedHash } from '#shared/sms/keyed-hash.ts';
import { decryptPhone } from '#shared/sms/phone-crypto.ts';
import { FixedClock } from '../../support/fakes.ts';
import { fixedSecrets, keyVersionOf, sampledVisitIds } from '../support/fakes.ts';
import { MemorySmsStore } from '../support/memory-sms-store.ts';

const config = parseConfig();
const NOW = '2027-01-12T15:00:00+02:00';
const TODAY = '2027-01-12';
const TOMORROW = '2027-01-13';
const secrets = fixedSecrets();

function setup() {
  const store = new MemorySmsStore();
  const deps: IntakeDeps = { config, store, secrets, clock: new FixedClock(NOW) };
  return { store, deps };
}

let seq = 0;
const sampled = (n = 1) => sampledVisitIds(secrets.secrets, `intake-${seq++}`, n, true);
const unsampled = () => sampledVisitIds(secrets.secrets, `intake-${seq++}`, 1, false)[0]!;
const personOf = (e164: string) => keyedHash(secrets.secrets.hmacKey, 'phone', e164);
const visitKey = (visitId: string) => keyedHash(secrets.secrets.hmacKey, 'visit', visitId);

function visit(visitId: string, over: Record<string, unknown> = {}) {
  return {
    visitId,
    unitId: 'keskusta-ta',
    visitedAt: `${TODAY}T10:00:00+02:00`,
    phone: '040 123 4567',
    age: 52,
    lang: 'sv',
    smsConsent: true,
    nonDisclosure: false,
    visitType: 'Vastaanotto',
    visitMode: 'group',
    ...over,
  };
}

describe('a sampled, eligible visit', () => {
  it('schedules one invitation for the next day at the send time, with the number encrypted to its row', async () => {
    const { store, deps } = setup();
    const [id] = sampled();
    expect(await receiveVisits(deps, [visit(id!)])).toEqual({ received: 1, scheduled: 1, excluded: {}, rejected: [] });
    const person = personOf('+358401234567');
    const [inv] = store.allInvitations();
    expect(inv).toMatchObject({
      key: `${person}#${TOMORROW}`,
      personHash: person,
      sendDate: TOMORROW,
      // 12:00 in Helsinki in winter.
      sendAt: '2027-01-13T10:00:00.000Z',
      unitId: 'keskusta-ta',
      visitDate: TODAY,
      visitedAt: '2027-01-12T08:00:00.000Z',
      lang: 'sv',
      ageGroup: '50-64',
      visitMode: 'group',
      status: 'pending',
    });
    // The free-text visit type serves the sensitive-visit rules only: it is not kept.
    expect(inv).not.toHaveProperty('visitType');
    expect(inv!.phoneEnc).not.toContain('401234567');
    expect(decryptPhone(secrets.secrets.encryptionKey, inv!.phoneEnc!, inv!.key)).toBe('+358401234567');
    expect(() => decryptPhone(secrets.secrets.encryptionKey, inv!.phoneEnc!, `${person}#2027-01-14`)).toThrow();
  });

  it('sets the 30-day cooldown, remembers the visit (not its outcome) and counts the funnel under the visit day', async () => {
    const { store, deps } = setup();
    const [id] = sampled();
    await receiveVisits(deps, [visit(id!)]);
    expect(await store.getPerson(personOf('+358401234567'))).toEqual({
      optedOut: false,
      cooldown: { sendDate: TOMORROW, until: '2027-02-12' },
    });
    expect(await store.hasVisit(visitKey(id!))).toBe(true);
    expect(await store.listAudit(TODAY, TOMORROW)).toEqual([
      { date: TODAY, unitId: 'keskusta-ta', counters: { received: 1, sampled: 1, scheduled: 1 } },
    ]);
  });

  it('keys the visit row by a keyed hash: the plain SHA-256 of a guessed visit id finds nothing', async () => {
    const { store, deps } = setup();
    const [id] = sampled();
    await receiveVisits(deps, [visit(id!)]);
    expect(await store.hasVisit(createHash('sha256').update(id!).digest('base64url'))).toBe(false);
  });

  it('is recognised when sent again: already_received, not counted, nothing changed', async () => {
    const { store, deps } = setup();
    const [id] = sampled();
    await receiveVisits(deps, [visit(id!)]);
    const before = { invitations: store.allInvitations(), audit: await store.listAudit(TODAY, TOMORROW) };
    expect(await receiveVisits(deps, [visit(id!, { unitId: 'fysioterapia', visitedAt: `${TODAY}T14:00:00+02:00` })])).toEqual({
      received: 0,
      scheduled: 0,
      excluded: { already_received: 1 },
      rejected: [],
    });
    expect({ invitations: store.allInvitations(), audit: await store.listAudit(TODAY, TOMORROW) }).toEqual(before);
  });
});

describe('exclusions', () => {
  it('remembers and counts a visit the sampling passes over, without an invitation', async () => {
    const { store, deps } = setup();
    const id = unsampled();
    expect(await receiveVisits(deps, [visit(id)])).toMatchObject({ received: 1, scheduled: 0, excluded: { not_sampled: 1 } });
    expect(await store.hasVisit(visitKey(id))).toBe(true);
    expect(store.allInvitations()).toEqual([]);
    expect(await store.listAudit(TODAY, TODAY)).toEqual([
      { date: TODAY, unitId: 'keskusta-ta', counters: { received: 1, excluded_not_sampled: 1 } },
    ]);
  });

  it('excludes a number invited for another day whose cooldown runs past the send day', async () => {
    const { store, deps } = setup();
    await store.setCooldown(personOf('+358401234567'), '2027-01-02', '2027-01-14', 2_000_000_000, 1);
    const [id] = sampled();
    expect((await receiveVisits(deps, [visit(id!)])).excluded).toEqual({ cooldown: 1 });
    expect(await store.hasVisit(visitKey(id!))).toBe(true);
  });

  it('lets a cooldown that ends on the send day pass, and a second visit of the same day go on to the one-per-day rule', async () => {
    const { store, deps } = setup();
    await store.setCooldown(personOf('+358401234567'), '2026-12-14', TOMORROW, 2_000_000_000, 1);
    const [first, second] = sampled(2);
    expect(await receiveVisits(deps, [visit(first!)])).toMatchObject({ scheduled: 1, excluded: {} });
    // Today's invitation set a cooldown for tomorrow; it does not keep out a later visit of today.
    expect(await receiveVisits(deps, [visit(second!, { visitedAt: `${TODAY}T11:00:00+02:00` })])).toMatchObject({
      scheduled: 1,
      excluded: {},
    });
    expect(store.allInvitations().map((i) => i.visitedAt)).toEqual(['2027-01-12T09:00:00.000Z']);
  });

  it("refuses a visit past the unit's daily cap, leaving the cap full", async () => {
    const { store, deps } = setup();
    // keskusta-hammas sends at most 200 a day (config/region.json).
    for (let i = 0; i < 200; i++) await store.takeCapSlot('keskusta-hammas', TOMORROW, 200);
    const [id] = sampled();
    expect((await receiveVisits(deps, [visit(id!, { unitId: 'keskusta-hammas' })])).excluded).toEqual({ daily_cap: 1 });
    expect(store.capTaken('keskusta-hammas', TOMORROW)).toBe(200);
    expect(store.allInvitations()).toEqual([]);
  });

  it('stops trying a full cap within a request: only the attempts already in flight write, the later visits are refused without one', async () => {
    const { store, deps } = setup();
    for (let i = 0; i < 200; i++) await store.takeCapSlot('keskusta-hammas', TOMORROW, 200);
    const take = vi.spyOn(store, 'takeCapSlot');
    // More people than intake decides at once (32): the first round of attempts finds the cap full.
    const ids = sampled(80);
    const r = await receiveVisits(
      deps,
      ids.map((id, i) => visit(id, { unitId: 'keskusta-hammas', phone: `040 555 ${String(1000 + i)}` })),
    );
    expect(r.excluded).toEqual({ daily_cap: 80 });
    expect(take.mock.calls.length).toBeLessThanOrEqual(32);
    expect(store.capTaken('keskusta-hammas', TOMORROW)).toBe(200);
    expect(store.allInvitations()).toEqual([]);
  });
});

describe("one person's visits in one batch", () => {
  it.each([
    ['in time order', false],
    ['in reverse order', true],
  ])("keep today's visit out on the cooldown yesterday's visit of the same batch sets (%s)", async (_name, reversed) => {
    const { store, deps } = setup();
    const [yesterday, today] = sampled(2);
    const visits = [visit(yesterday!, { visitedAt: '2027-01-11T10:00:00+02:00' }), visit(today!)];
    const r = await receiveVisits(deps, reversed ? visits.reverse() : visits);
    expect(r).toEqual({ received: 2, scheduled: 1, excluded: { cooldown: 1 }, rejected: [] });
    expect(store.allInvitations().map((i) => i.visitDate)).toEqual(['2027-01-11']);
    expect(await store.getPerson(personOf('+358401234567'))).toMatchObject({ cooldown: { sendDate: TODAY } });
  });

  it('copy an opt-out found under an older key version once, and both stay without an invitation', async () => {
    const store = new MemorySmsStore();
    const v2 = keyVersionOf('test', 2);
    const deps: IntakeDeps = {
      config,
      store,
      secrets: { smsKeys: async () => ({ active: [v2, ...secrets.ring.active], retired: [] }) },
      clock: new FixedClock(NOW),
    };
    const oldHash = personOf('+358401234567');
    const newHash = keyedHash(v2.hmacKey, 'phone', '+358401234567');
    await store.optOut(oldHash, '2027-01-02', 1);
    const [first, second] = sampledVisitIds(v2, `intake-${seq++}`, 2, true);
    const r = await receiveVisits(deps, [visit(first!), visit(second!, { visitedAt: `${TODAY}T11:00:00+02:00` })]);
    expect(r).toEqual({ received: 2, scheduled: 0, excluded: { opted_out: 2 }, rejected: [] });
    expect(await store.getPerson(newHash)).toStrictEqual({ optedOut: true, optOut: { date: '2027-01-02' } });
    expect(await store.getPerson(oldHash)).toStrictEqual({ optedOut: true, optOut: { date: '2027-01-02', rekeyedTo: 2 } });
    expect(store.allInvitations()).toEqual([]);
  });
});

describe('cooldowns, written in batches', () => {
  const phone = (i: number) => `040 100 ${String(i).padStart(4, '0')}`;
  const e164 = (i: number) => `+35840100${String(i).padStart(4, '0')}`;

  it('gives each of 60 invitations of one request its cooldown (over three batches)', async () => {
    const { store, deps } = setup();
    const ids = sampled(60);
    expect(
      await receiveVisits(
        deps,
        ids.map((id, i) => visit(id, { phone: phone(i) })),
      ),
    ).toMatchObject({ scheduled: 60 });
    for (let i = 0; i < 60; i++)
      expect(await store.getPerson(personOf(e164(i)))).toStrictEqual({
        optedOut: false,
        cooldown: { sendDate: TOMORROW, until: '2027-02-12' },
      });
  });

  it('writes the cooldown of every invitation made before a decision failed, then fails the request remembering no visit', async () => {
    const { store, deps } = setup();
    const failing = personOf(e164(7));
    const schedule = store.scheduleInvitation.bind(store);
    store.scheduleInvitation = async (inv, expiresAtEpoch) => {
      if (inv.personHash === failing) throw new Error('throttled');
      return schedule(inv, expiresAtEpoch);
    };
    const ids = sampled(40);
    await expect(
      receiveVisits(
        deps,
        ids.map((id, i) => visit(id, { phone: phone(i) })),
      ),
    ).rejects.toThrow('throttled');
    const made = store.allInvitations();
    expect(made).toHaveLength(39);
    for (const inv of made) expect((await store.getPerson(inv.personHash)).cooldown).toEqual({ sendDate: TOMORROW, until: '2027-02-12' });
    expect(await store.getPerson(failing)).toStrictEqual({ optedOut: false });
    expect(await store.seenVisits(ids.map(visitKey))).toEqual(new Set());
  });
});

describe('one invitation per person and day, for the last unit visited', () => {
  it("keeps the later visit's invitation against an earlier visit and gives the earlier one's cap slot back", async () => {
    const { store, deps } = setup();
    const [late, early] = sampled(2);
    await receiveVisits(deps, [visit(late!, { unitId: 'keskusta-hammas', visitedAt: `${TODAY}T14:00:00+02:00` })]);
    expect(await receiveVisits(deps, [visit(early!, { unitId: 'keskusta-hammas', visitedAt: `${TODAY}T09:00:00+02:00` })])).toMatchObject({
      scheduled: 0,
      excluded: { not_last_visit_of_day: 1 },
    });
    expect(store.capTaken('keskusta-hammas', TOMORROW)).toBe(1);
    expect(store.allInvitations().map((i) => i.visitedAt)).toEqual(['2027-01-12T12:00:00.000Z']);
  });

  it("replaces an earlier visit's invitation, frees its cap slot and moves its audit count to not_last_visit_of_day", async () => {
    const { store, deps } = setup();
    const [early, late] = sampled(2);
    await receiveVisits(deps, [visit(early!, { unitId: 'keskusta-hammas', visitedAt: `${TODAY}T09:00:00+02:00` })]);
    expect(store.capTaken('keskusta-hammas', TOMORROW)).toBe(1);
    expect(await receiveVisits(deps, [visit(late!, { unitId: 'fysioterapia', visitedAt: `${TODAY}T14:00:00+02:00` })])).toMatchObject({
      scheduled: 1,
      excluded: {},
    });
    expect(store.allInvitations().map((i) => i.unitId)).toEqual(['fysioterapia']);
    expect(store.capTaken('keskusta-hammas', TOMORROW)).toBe(0);
    expect(await store.listAudit(TODAY, TODAY)).toEqual([
      { date: TODAY, unitId: 'fysioterapia', counters: { received: 1, sampled: 1, scheduled: 1 } },
      { date: TODAY, unitId: 'keskusta-hammas', counters: { received: 1, sampled: 1, scheduled: 0, excluded_not_last_visit_of_day: 1 } },
    ]);
  });

  it.each([
    ['in time order', false],
    ['in reverse order', true],
  ])('counts two visits of one batch %s as one scheduled and one not_last_visit_of_day', async (_name, reversed) => {
    const { store, deps } = setup();
    const [early, late] = sampled(2);
    const visits = [
      visit(early!, { visitedAt: `${TODAY}T09:00:00+02:00` }),
      visit(late!, { unitId: 'fysioterapia', visitedAt: `${TODAY}T14:00:00+02:00` }),
    ];
    const r = await receiveVisits(deps, reversed ? visits.reverse() : visits);
    expect(r).toEqual({ received: 2, scheduled: 1, excluded: { not_last_visit_of_day: 1 }, rejected: [] });
    expect(store.allInvitations().map((i) => i.unitId)).toEqual(['fysioterapia']);
  });
});

describe('rejections', () => {
  it('rejects bad visits by index with their field, never their number, and stores nothing for them', async () => {
    const { store, deps } = setup();
    const r = await receiveVisits(deps, [
      visit('r-unit', { unitId: 'no-such-unit' }),
      visit('r-future', { visitedAt: '2027-01-12T15:06:00+02:00' }),
      visit('r-old', { visitedAt: '2027-01-08T23:59:00+02:00' }),
      visit('r-landline', { phone: '09 1234567' }),
      visit('r-age', { age: '40' }),
    ]);
    expect(r.rejected.map((x) => [x.index, x.visitId, x.reason, x.issues.map((i) => i.path)])).toEqual([
      [0, 'r-unit', 'unknown_unit', ['unitId']],
      [1, 'r-future', 'future_visit', ['visitedAt']],
      [2, 'r-old', 'too_old', ['visitedAt']],
      [3, 'r-landline', 'not_mobile', ['phone']],
      [4, 'r-age', 'invalid', ['age']],
    ]);
    expect(JSON.stringify(r)).not.toContain('1234567');
    for (const id of ['r-unit', 'r-future', 'r-old', 'r-landline', 'r-age']) expect(await store.hasVisit(visitKey(id))).toBe(false);
    expect(await store.listAudit('2027-01-01', '2027-01-31')).toEqual([]);
  });
});
