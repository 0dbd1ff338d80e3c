/**
 * SMS key versions: the secret's two formats (a single pair is version 1), the version new rows are
 * written under (the newest whose `writesFrom` has come), the versions every lookup checks (all
 * active, newest first), the rotation's document edits and their refusals, and errors that name
 * fields and versions but never a key.
 */
import { describe, expect, it } from 'vitest';
import {
  activeVersion,
  addVersion,
  deriveSmsSecrets,
  describeVersions,
  KeyVersionError,
  lookupVersions,
  parseSmsKeys,
  retireVersion,
  secretDocument,
  type SmsSecretDocument,
  writeVersion,
} from '#shared/sms/key-versions.ts';

const H1 = 'h'.repeat(40);
const E1 = 'e'.repeat(40);
const LEGACY = { hmacKey: H1, encryptionKey: E1 };
const T0 = new Date('2027-01-13T10:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** Version 1 from the single pair, plus version 2 added at T0 with the default 15-minute delay. */
const rotated = (): SmsSecretDocument => addVersion(secretDocument(LEGACY), T0, '2027-01-13');

describe('the secret’s format', () => {
  it('reads today’s single pair as version 1, active and writing since ever', () => {
    const ring = parseSmsKeys(LEGACY);
    expect(ring.retired).toEqual([]);
    expect(ring.active).toHaveLength(1);
    expect(ring.active[0]).toEqual({
      id: 1,
      state: 'active',
      createdOn: '1970-01-01',
      writesFrom: '1970-01-01T00:00:00.000Z',
      ...deriveSmsSecrets(LEGACY),
    });
  });

  it('reads a versions document: active versions newest first with their keys, retired ones by id only', () => {
    const doc = {
      versions: [
        { id: 1, state: 'retired', createdOn: '1970-01-01', writesFrom: '1970-01-01T00:00:00Z', retiredOn: '2027-03-01' },
        { id: 2, state: 'active', createdOn: '2027-01-13', writesFrom: '2027-01-13T10:15:00Z', hmacKey: H1, encryptionKey: E1 },
        { id: 3, state: 'active', createdOn: '2027-06-01', writesFrom: '2027-06-01T10:15:00Z', hmacKey: E1, encryptionKey: H1 },
      ],
    };
    const ring = parseSmsKeys(doc);
    expect(ring.active.map((v) => v.id)).toEqual([3, 2]);
    expect(ring.retired).toEqual([1]);
    expect(ring.active[1]!.hmacKey.equals(deriveSmsSecrets(LEGACY).hmacKey)).toBe(true);
  });

  it('round-trips what a rotation writes', () => {
    const doc = rotated();
    expect(secretDocument(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
  });

  const v = (over: Record<string, unknown>) => ({
    versions: [
      { id: 1, state: 'active', createdOn: '2027-01-13', writesFrom: '2027-01-13T10:00:00Z', hmacKey: H1, encryptionKey: E1, ...over },
    ],
  });
  it.each([
    ['not an object', 'x', 'JSON object'],
    ['an empty list', { versions: [] }, 'non-empty'],
    ['keys beside versions', { ...LEGACY, versions: v({}).versions }, 'both'],
    ['a zero id', v({ id: 0 }), 'versions[0].id'],
    ['an unknown state', v({ state: 'paused' }), 'versions[0].state'],
    ['a bad createdOn', v({ createdOn: '13.1.2027' }), 'versions[0].createdOn'],
    ['a bad writesFrom', v({ writesFrom: 'soon' }), 'versions[0].writesFrom'],
    ['a short key', v({ hmacKey: 'k'.repeat(31) }), 'hmacKey'],
    ['a retired version with keys', v({ state: 'retired' }), 'still holds keys'],
    [
      'no active version',
      { versions: [{ id: 1, state: 'retired', createdOn: '2027-01-13', writesFrom: '2027-01-13T10:00:00Z' }] },
      'no active',
    ],
    ['an id twice', { versions: [...v({}).versions, ...v({}).versions] }, 'version 1 twice'],
  ])('refuses %s, naming what is wrong and no key', (_what, raw, message) => {
    let error: unknown;
    try {
      parseSmsKeys(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(message);
    for (const k of [H1, E1, 'k'.repeat(31)]) expect((error as Error).message).not.toContain(k);
  });
});

describe('which version is used', () => {
  it('writes under version 1 until version 2’s writesFrom, then under version 2; looks both up from the start', () => {
    const ring = parseSmsKeys(rotated());
    expect(lookupVersions(ring).map((k) => k.id)).toEqual([2, 1]);
    expect(writeVersion(ring, T0).id).toBe(1);
    expect(writeVersion(ring, minutes(14.9)).id).toBe(1);
    expect(writeVersion(ring, minutes(15)).id).toBe(2);
    expect(writeVersion(ring, minutes(60 * 24 * 365)).id).toBe(2);
  });

  it('finds an active version by id, and nothing for a retired or unknown one', () => {
    const doc = retireVersion(rotated(), 1, minutes(20), '2027-01-13');
    const ring = parseSmsKeys(doc);
    expect(activeVersion(ring, 2)?.id).toBe(2);
    expect(activeVersion(ring, 1)).toBeUndefined();
    expect(activeVersion(ring, 7)).toBeUndefined();
    expect(lookupVersions(ring).map((k) => k.id)).toEqual([2]);
  });
});

describe('rotation edits', () => {
  it('adds the next id with fresh, distinct random keys and the delay before it writes', () => {
    const doc = rotated();
    expect(describeVersions(doc)).toEqual([
      { id: 1, state: 'active', createdOn: '1970-01-01', writesFrom: '1970-01-01T00:00:00.000Z' },
      { id: 2, state: 'active', createdOn: '2027-01-13', writesFrom: '2027-01-13T10:15:00.000Z' },
    ]);
    const v2 = doc.versions[1]!;
    expect(v2.hmacKey).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(v2.encryptionKey).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(new Set([v2.hmacKey, v2.encryptionKey, H1, E1]).size).toBe(4);
    expect(addVersion(secretDocument(LEGACY), T0, '2027-01-13', 0).versions[1]!.writesFrom).toBe(T0.toISOString());
  });

  it('never gives a retired id again', () => {
    const doc = retireVersion(addVersion(rotated(), minutes(20), '2027-01-13', 0), 2, minutes(21), '2027-01-13');
    const next = addVersion(doc, minutes(30), '2027-01-13');
    expect(next.versions.map((x) => [x.id, x.state])).toEqual([
      [1, 'active'],
      [2, 'retired'],
      [3, 'active'],
      [4, 'active'],
    ]);
  });

  it('retires a version: its keys leave the document, its id and dates stay', () => {
    const doc = retireVersion(rotated(), 1, minutes(15), '2027-02-20');
    expect(doc.versions[0]).toEqual({
      id: 1,
      state: 'retired',
      createdOn: '1970-01-01',
      writesFrom: '1970-01-01T00:00:00.000Z',
      retiredOn: '2027-02-20',
    });
    expect(JSON.stringify(doc)).not.toContain(H1);
  });

  it.each([
    ['the version still written under (version 2 not writing yet)', 1, minutes(14), 'written under'],
    ['the only version', 1, T0, 'written under'],
    ['an unknown version', 9, minutes(20), 'no version 9'],
  ])('refuses to retire %s', (_what, id, at, message) => {
    const doc = id === 1 && at === T0 ? secretDocument(LEGACY) : rotated();
    expect(() => retireVersion(doc, id, at, '2027-01-13')).toThrow(KeyVersionError);
    expect(() => retireVersion(doc, id, at, '2027-01-13')).toThrow(message);
  });

  it('refuses to retire a version twice', () => {
    const doc = retireVersion(rotated(), 1, minutes(20), '2027-01-13');
    expect(() => retireVersion(doc, 1, minutes(21), '2027-01-13')).toThrow('already retired');
  });

  it('may retire a version that has not started writing (calling off a rotation)', () => {
    const doc = retireVersion(rotated(), 2, minutes(1), '2027-01-13');
    expect(parseSmsKeys(doc).active.map((k) => k.id)).toEqual([1]);
  });
});
