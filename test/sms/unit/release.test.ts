/**
 * releaseDueInvitations against the in-memory SmsStore, a recording queue and a fixed clock: nothing
 * leaves in the quiet hours (21:00–08:00 Helsinki); outside them every pending invitation due by now
 * of today and the two days before is queued and marked, once; and a run that dies between queueing
 * and marking queues the invitation again next run, which the sender's claim makes harmless.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import { releaseDueInvitations } from '#shared/sms/release.ts';
import { sendInvitation } from '#shared/sms/send-invitation.ts';
import type { Invitation } from '#shared/sms/sms-store.ts';
import { encryptPhone } from '#shared/sms/phone-crypto.ts';
import { FixedClock, RecordingQueue } from '../../support/fakes.ts';
import { fixedSecrets, RecordingSmsSender } from '../support/fakes.ts';
import { MemorySmsStore } from '../support/memory-sms-store.ts';

const config = parseConfig();
const secrets = fixedSecrets();
const TODAY = '2027-01-13';

function setup(now: string, store = new MemorySmsStore()) {
  const queue = new RecordingQueue();
  const clock = new FixedClock(now);
  return { store, queue, clock, deps: { config, store, queue, clock } };
}

/** Schedules a pending invitation of `person` for `sendDate`, due at `sendAt`. */
async function schedule(store: MemorySmsStore, person: string, sendDate: string, sendAt: string): Promise<string> {
  const key = `${person}#${sendDate}`;
  const inv: Invitation = {
    key,
    personHash: person,
    sendDate,
    sendAt,
    unitId: 'keskusta-ta',
    visitDate: '2027-01-12',
    visitedAt: '2027-01-12T08:00:00.000Z',
    lang: 'fi',
    ageGroup: '30-49',
    phoneEnc: encryptPhone(secrets.secrets.encryptionKey, '+358401234567', key),
    status: 'pending',
  };
  await store.scheduleInvitation(inv, 2_000_000_000);
  return key;
}

describe('quiet hours', () => {
  it.each(['2027-01-13T21:00:00+02:00', '2027-01-13T23:30:00+02:00', '2027-01-14T07:59:00+02:00'])(
    'releases nothing at %s',
    async (now) => {
      const { store, queue, deps } = setup(now);
      const key = await schedule(store, 'p', TODAY, '2027-01-13T10:00:00.000Z');
      expect(await releaseDueInvitations(deps)).toEqual({ released: 0, quietHours: true });
      expect(queue.sent).toEqual([]);
      expect(store.allInvitations().map((i) => [i.key, i.status])).toEqual([[key, 'pending']]);
    },
  );

  it('releases from 08:00 on', async () => {
    const { store, deps } = setup('2027-01-14T08:00:00+02:00');
    await schedule(store, 'p', '2027-01-14', '2027-01-14T06:00:00.000Z');
    expect(await releaseDueInvitations(deps)).toEqual({ released: 1, quietHours: false });
  });
});

describe('a release outside the quiet hours', () => {
  it('queues every due, pending invitation of today and the two days before, oldest day first, and marks it queued', async () => {
    const { store, queue, deps } = setup('2027-01-13T12:05:00+02:00');
    const today = await schedule(store, 'today', TODAY, '2027-01-13T10:00:00.000Z');
    const exactlyNow = await schedule(store, 'now', TODAY, '2027-01-13T10:05:00.000Z');
    const yesterday = await schedule(store, 'yesterday', '2027-01-12', '2027-01-12T10:00:00.000Z');
    const twoDaysAgo = await schedule(store, 'two', '2027-01-11', '2027-01-11T10:00:00.000Z');
    await schedule(store, 'three', '2027-01-10', '2027-01-10T10:00:00.000Z');
    await schedule(store, 'later', TODAY, '2027-01-13T13:00:00.000Z');
    expect(await releaseDueInvitations(deps)).toEqual({ released: 4, quietHours: false });
    expect(queue.sent).toEqual([{ key: twoDaysAgo }, { key: yesterday }, { key: today }, { key: exactlyNow }]);
    expect(
      store
        .allInvitations()
        .filter((i) => i.status === 'queued')
        .map((i) => i.key)
        .sort(),
    ).toEqual([exactlyNow, today, twoDaysAgo, yesterday].sort());
  });

  it('queues nothing twice: a second run finds nothing due', async () => {
    const { store, queue, deps } = setup('2027-01-13T12:05:00+02:00');
    await schedule(store, 'p', TODAY, '2027-01-13T10:00:00.000Z');
    await releaseDueInvitations(deps);
    expect(await releaseDueInvitations(deps)).toEqual({ released: 0, quietHours: false });
    expect(queue.sent).toHaveLength(1);
  });

  it('queues again after dying between queueing and marking, and the sender sends once', async () => {
    class DiesOnFirstMark extends MemorySmsStore {
      died = false;
      override async markQueued(key: string): Promise<boolean> {
        if (!this.died) {
          this.died = true;
          throw new Error('the function timed out');
        }
        return super.markQueued(key);
      }
    }
    const store = new DiesOnFirstMark();
    const { queue, clock, deps } = setup('2027-01-13T12:05:00+02:00', store);
    const key = await schedule(store, 'p', TODAY, '2027-01-13T10:00:00.000Z');
    await expect(releaseDueInvitations(deps)).rejects.toThrow('timed out');
    expect(await releaseDueInvitations(deps)).toEqual({ released: 1, quietHours: false });
    expect(queue.sent).toEqual([{ key }, { key }]);
    const sms = new RecordingSmsSender();
    const send = () => sendInvitation({ config, store, secrets, sms, clock, baseUrl: 'https://palaute.example.fi' }, key, 1, 3);
    expect([await send(), await send()]).toEqual(['sent', 'skipped']);
    expect(sms.sent).toHaveLength(1);
  });
});
