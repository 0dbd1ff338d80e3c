/**
 * Rotating the SMS keys on the local stack, through the real handlers and dynalite: an opt-out made
 * under version 1 still keeps the number from SMS after version 2 takes over (and is copied under
 * version 2 when the person comes back); a cooldown holds across the rotation; a second visit of the
 * same day replaces the day's invitation made under version 1 instead of adding one; a re-sent visit
 * is still recognised; a link sealed under version 1 works while it is active and answers 410 on
 * every page, changing nothing, once it is retired, while a link sealed under version 2 still works;
 * and no log line holds a number or a key.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { UI } from '#shared/feedback/ui-text.ts';
import { setLineSink } from '#shared/platform/logger.ts';
import { helsinkiDate } from '#shared/platform/time.ts';
import { addVersion, retireVersion } from '#shared/sms/key-versions.ts';
import { inUse, keyVersionUsage } from '../../../scripts/sms-rotate-key.ts';
import { scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';
import {
  devToken,
  e164,
  helsinkiWinter,
  intake,
  linkOf,
  mobile,
  outbox,
  personHash,
  phoneFinder,
  runRelease,
  setClock,
  visit,
  visitIds,
  type VisitInput,
} from '../../support/sms.ts';

let stack: LocalStack;
let token: string;
const lines: string[] = [];

/** The people of this file, each with their own number. */
const phones = {
  optedOut: mobile(6_100_001),
  cooled: mobile(6_100_002),
  sameDay: mobile(6_100_003),
  oldLink: mobile(6_100_004),
};
type Person = keyof typeof phones;
const links = {} as Record<Person, string>;
const hashesV1 = {} as Record<Person, string>;
const firstVisits = {} as Record<Person, VisitInput>;

const get = (url: string) => fetch(url, { redirect: 'manual' });
const post = (url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
const personRows = async (hash: string) => (await scanAll(stack, 'sms')).filter((r) => r.pk === `PERSON#${hash}`);
const invitationsOf = async (hashes: string[]) =>
  (await scanAll(stack, 'sms')).filter((r) => String(r.pk).startsWith('INV#') && hashes.includes(r.personHash as string));
const sentTo = async (person: Person) => (await outbox(stack)).filter((e) => e.to === e164(phones[person]));

/** What `npm run sms:rotate-key -- add --write-delay 0` does to the stack's secret, at the stack's clock. */
function addKeyVersion(): void {
  const now = stack.clock.now();
  stack.secrets.replace(addVersion(stack.secrets.document(), now, helsinkiDate(now), 0));
}

/** What `npm run sms:rotate-key -- retire <id>` does to the stack's secret. */
function retireKeyVersion(id: number): void {
  const now = stack.clock.now();
  stack.secrets.replace(retireVersion(stack.secrets.document(), id, now, helsinkiDate(now)));
}

beforeAll(async () => {
  stack = await startTestStack();
  setLineSink((line) => void lines.push(line));
  token = await devToken(stack, ['visits:write']);
  // Under version 1 (the single-pair secret a deployment starts with): three people visit on the 12th …
  await setClock(stack, '2027-01-12T15:00:00+02:00');
  const ids = await visitIds('rot-v1', 4, true);
  (['optedOut', 'cooled', 'oldLink'] as const).forEach((p, i) => {
    firstVisits[p] = visit({ visitId: ids[i]!, phone: phones[p], visitedAt: helsinkiWinter('2027-01-12', '10:00') });
  });
  expect((await intake(stack, token, [firstVisits.optedOut, firstVisits.cooled, firstVisits.oldLink])).scheduled).toBe(3);
  for (const p of Object.keys(phones) as Person[]) hashesV1[p] = await personHash(e164(phones[p]));
  // … get their SMS on the 13th; one opts out through the link.
  await setClock(stack, '2027-01-13T12:05:00+02:00');
  expect((await runRelease(stack)).released).toBe(3);
  for (const p of ['optedOut', 'cooled', 'oldLink'] as const) links[p] = linkOf((await sentTo(p))[0]!);
  expect((await post(`${links.optedOut}/opt-out`)).status).toBe(200);
  // A fourth visits on the morning of the 13th: an invitation for the 14th, pending under version 1.
  firstVisits.sameDay = visit({ visitId: ids[3]!, phone: phones.sameDay, visitedAt: helsinkiWinter('2027-01-13', '09:00') });
  expect((await intake(stack, token, [firstVisits.sameDay])).scheduled).toBe(1);
  // Then version 2 is added and writes at once.
  addKeyVersion();
});
afterAll(async () => {
  setLineSink(undefined);
  await stack?.close();
});

describe('after adding version 2', () => {
  it('hashes numbers under version 2 now, so the checks below cross versions', async () => {
    expect(stack.secrets.document().versions.map((v) => [v.id, v.state])).toEqual([
      [1, 'active'],
      [2, 'active'],
    ]);
    for (const p of Object.keys(phones) as Person[]) expect(await personHash(e164(phones[p]))).not.toBe(hashesV1[p]);
  });

  it('does not text a number opted out under version 1, and copies the opt-out under version 2', async () => {
    const [id] = await visitIds('rot-optout', 1, true);
    const r = await intake(stack, token, [
      visit({ visitId: id!, phone: phones.optedOut, visitedAt: helsinkiWinter('2027-01-13', '11:00'), unitId: 'rantala-ta' }),
    ]);
    expect(r).toMatchObject({ received: 1, scheduled: 0, excluded: { opted_out: 1 } });
    const v2 = await personHash(e164(phones.optedOut));
    expect(await personRows(v2)).toEqual([{ pk: `PERSON#${v2}`, sk: 'OPTOUT', date: '2027-01-13', keyVersion: 2 }]);
    const v1Rows = await personRows(hashesV1.optedOut);
    expect(v1Rows.find((row) => row.sk === 'OPTOUT')).toEqual({
      pk: `PERSON#${hashesV1.optedOut}`,
      sk: 'OPTOUT',
      date: '2027-01-13',
      keyVersion: 1,
      rekeyedTo: 2,
    });
  });

  it('keeps the cooldown of an invitation made under version 1', async () => {
    const [id] = await visitIds('rot-cool', 1, true);
    const r = await intake(stack, token, [visit({ visitId: id!, phone: phones.cooled, visitedAt: helsinkiWinter('2027-01-13', '11:30') })]);
    expect(r).toMatchObject({ received: 1, scheduled: 0, excluded: { cooldown: 1 } });
    expect(await personRows(await personHash(e164(phones.cooled)))).toEqual([]);
  });

  it('replaces the day’s invitation made under version 1 with a later visit, instead of adding a second', async () => {
    const [id] = await visitIds('rot-same', 1, true);
    const r = await intake(stack, token, [
      visit({ visitId: id!, phone: phones.sameDay, visitedAt: helsinkiWinter('2027-01-13', '11:45'), unitId: 'fysioterapia' }),
    ]);
    expect(r).toMatchObject({ received: 1, scheduled: 1, excluded: {} });
    const invs = await invitationsOf([hashesV1.sameDay, await personHash(e164(phones.sameDay))]);
    expect(invs.map((i) => [i.personHash, i.sendDate, i.unitId, i.keyVersion])).toEqual([
      [hashesV1.sameDay, '2027-01-14', 'fysioterapia', 1],
    ]);
  });

  it('still recognises a visit received under version 1', async () => {
    expect(await intake(stack, token, [firstVisits.optedOut, firstVisits.oldLink])).toMatchObject({
      received: 0,
      scheduled: 0,
      excluded: { already_received: 2 },
    });
  });

  it('opens a link sealed under version 1 while version 1 is active', async () => {
    expect((await get(links.oldLink)).status).toBe(200);
    expect((await get(`${links.oldLink}/opt-out`)).status).toBe(200);
  });

  it('sends the next day only the one invitation, decrypted under version 1, to nobody opted out or cooling down', async () => {
    await setClock(stack, '2027-01-14T12:05:00+02:00');
    expect((await runRelease(stack)).released).toBe(1);
    expect(await sentTo('sameDay')).toHaveLength(1);
    expect(await sentTo('optedOut')).toHaveLength(1);
    expect(await sentTo('cooled')).toHaveLength(1);
    links.sameDay = linkOf((await sentTo('sameDay'))[0]!);
  });
});

describe('the usage check before retiring', () => {
  it('counts the rows that still need each version: version 1 holds the running cooldowns, no opt-out left', async () => {
    const usage = await keyVersionUsage(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.sms, '2027-01-14');
    // optedOut's opt-out was copied under version 2; all four people's cooldowns run under version 1.
    expect(usage.get(1)).toEqual({ optOuts: 0, cooldowns: 4, pendingInvitations: 0 });
    expect(usage.get(2)).toEqual({ optOuts: 1, cooldowns: 0, pendingInvitations: 0 });
    expect(inUse(usage.get(1))).toBe(true);
  });
});

describe('after retiring version 1 (early, against the usage check, to prove old links fail cleanly)', () => {
  beforeAll(() => retireKeyVersion(1));

  it('keeps no key of version 1 in the secret', () => {
    const v1 = stack.secrets.document().versions.find((v) => v.id === 1)!;
    expect(v1).not.toHaveProperty('hmacKey');
    expect(v1).not.toHaveProperty('encryptionKey');
    expect(v1.state).toBe('retired');
  });

  it.each([
    ['GET', ''],
    ['GET', '/opt-out'],
    ['POST', '/opt-out'],
    ['GET', '/thanks'],
  ] as const)('answers %s of a link sealed under version 1 (%s) with 410 "expired" and changes nothing', async (method, page) => {
    const before = await snapshot(stack);
    const r = method === 'GET' ? await get(`${links.oldLink}${page}`) : await post(`${links.oldLink}${page}`);
    expect(r.status).toBe(410);
    const html = await r.text();
    expect(html).toContain(UI.fi.linkExpiredTitle);
    expect(await snapshot(stack)).toBe(before);
  });

  it('still opens the link sent after the rotation (sealed under version 2)', async () => {
    expect((await get(links.sameDay)).status).toBe(200);
  });

  it('still keeps the opted-out number from SMS: its opt-out lives under version 2 now', async () => {
    const [id] = await visitIds('rot-after', 1, true);
    const r = await intake(stack, token, [
      visit({ visitId: id!, phone: phones.optedOut, visitedAt: helsinkiWinter('2027-01-14', '10:00') }),
    ]);
    expect(r).toMatchObject({ received: 1, scheduled: 0, excluded: { opted_out: 1 } });
  });
});

describe('the logs of the whole rotation', () => {
  it('hold lines, and not one number or key in any form', () => {
    expect(lines.length).toBeGreaterThan(10);
    const find = phoneFinder(Object.values(phones));
    const keys = stack.secrets
      .document()
      .versions.flatMap((v) => [v.hmacKey, v.encryptionKey])
      .filter((k): k is string => !!k);
    expect(keys.length).toBe(2);
    for (const line of lines) {
      expect(find(line), line).toEqual([]);
      for (const k of keys) expect(line).not.toContain(k);
    }
  });
});
