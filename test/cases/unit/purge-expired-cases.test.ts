/**
 * The expired-case purge on the fakes and a fixed clock: on the night the answers of a Helsinki day
 * pass `region.retention.answerYears` (the answer purge's rule, shared/feedback/retention.ts), their
 * cases are deleted and a contact request's contact erased, page by page, not a day earlier; a failed
 * delete leaves the case to be found again, its contact already erased (contacts go first).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import type { Case } from '#shared/cases/case.ts';
import { purgeExpiredCases } from '#shared/cases/purge-expired-cases.ts';
import { answerRetentionYears, lastExpiredDate } from '#shared/feedback/index.ts';
import { MemoryContactVault } from '../../contacts/support/memory-contact-vault.ts';
import { FixedClock } from '../../support/fakes.ts';
import { caseOf } from '../support/fixtures.ts';
import { MemoryCaseStore } from '../support/memory-case-store.ts';

const config = parseConfig();
const years = answerRetentionYears(config.org);
/** 04:15 in Helsinki (winter time) on `date`, as the schedule runs. */
const night = (date: string) => `${date}T02:15:00.000Z`;
const later = (date: string) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

let store: MemoryCaseStore;
let vault: MemoryContactVault;
let clock: FixedClock;
let cases: Case[];
beforeEach(async () => {
  store = new MemoryCaseStore();
  vault = new MemoryContactVault();
  clock = new FixedClock(night('2026-01-01'));
  // Three of 2 February (two contact requests), one of the 3rd.
  cases = [
    caseOf('keskusta-ta', '2026-02-02T08:00:00.000Z', { contactRequested: true }),
    caseOf('rantala-ta', '2026-02-02T09:00:00.000Z'),
    caseOf('keskusta-ta', '2026-02-02T10:00:00.000Z', { contactRequested: true }),
    caseOf('keskusta-ta', '2026-02-03T08:00:00.000Z', { contactRequested: true }),
  ];
  for (const c of cases) {
    await store.create(c);
    if (c.contactRequested) vault.put(c.feedbackId, { email: 'potilas@example.fi' });
  }
});

describe('purgeExpiredCases', () => {
  it("deletes the cases of the answers' day on the night it passes retention, their contacts with them", async () => {
    const deps = { config, cases: store, vault, clock };
    clock.set(night(later('2026-02-01')));
    expect(await purgeExpiredCases(deps)).toMatchObject({ casesDeletedThrough: '2026-02-01', casesDeleted: 0, expiredContactsErased: 0 });
    clock.set(night(later('2026-02-02')));
    expect(lastExpiredDate(later('2026-02-02'), years)).toBe('2026-02-02');
    expect(await purgeExpiredCases(deps)).toEqual({
      answerYears: years,
      casesDeletedThrough: '2026-02-02',
      casesScanned: 3,
      casesDeleted: 3,
      expiredContactsErased: 2,
    });
    expect(await store.getMany(cases.map((c) => c.id))).toEqual([cases[3]]);
    expect(await vault.read(cases[0]!.feedbackId)).toBeNull();
    expect(await vault.read(cases[2]!.feedbackId)).toBeNull();
    expect(await vault.read(cases[3]!.feedbackId)).not.toBeNull();
    expect(await purgeExpiredCases(deps)).toMatchObject({ casesDeleted: 0, expiredContactsErased: 0 });
  });

  it('erases the contacts before deleting their cases, so a run that fails in between is repeated whole', async () => {
    const failing = Object.assign(Object.create(store) as MemoryCaseStore, {
      deleteCases: async () => {
        throw new Error('DynamoDB unavailable');
      },
    });
    clock.set(night(later('2026-02-02')));
    await expect(purgeExpiredCases({ config, cases: failing, vault, clock })).rejects.toThrow('DynamoDB unavailable');
    // The first page's contact went before its delete failed; the page after it was never reached.
    expect(await vault.read(cases[0]!.feedbackId)).toBeNull();
    expect(await vault.read(cases[2]!.feedbackId)).not.toBeNull();
    expect(await store.get(cases[0]!.id)).not.toBeNull();
    expect(await purgeExpiredCases({ config, cases: store, vault, clock })).toMatchObject({ casesDeleted: 3, expiredContactsErased: 1 });
    expect(await store.get(cases[0]!.id)).toBeNull();
  });
});
