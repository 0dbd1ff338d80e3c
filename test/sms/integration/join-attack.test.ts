/**
 * The join attack: after the whole SMS flow (visits in, invitations sent, links answered, one
 * opt-out after answering), an attacker reads every table — with the deployment's keys — and tries
 * to tie an answer to a phone hash, an invitation, a visit or a link token. Nothing in any SMS-side
 * row may carry an answer's id, text or any of its times to the second; rows that hold a person hash
 * hold nothing of the visit; used links hold no unit and no plain person hash; the answer's
 * idempotency row cannot be found from a link row; visit rows are keyed so that a guessed visit id
 * finds nothing, and say nothing of the outcome (docs/domain.md#sms-rules).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { scanAll, startTestStack } from '../../support/local-stack.ts';
import {
  devToken,
  e164,
  helsinkiWinter,
  intake,
  linkOf,
  mobile,
  outbox,
  personHash,
  runRelease,
  setClock,
  visit,
  visitIds,
  visitKey,
  type VisitInput,
} from '../../support/sms.ts';

const VISIT_DAY = '2027-02-09';
const RELEASE_NOW = '2027-02-10T12:05:00+02:00';
const PEOPLE = 8;

let stack: LocalStack;
const visits: VisitInput[] = [];
const links: string[] = [];
let tables: Record<'sms' | 'feedback' | 'idempotency' | 'aggregates', Record<string, unknown>[]>;
let hashes: string[];

const tokenOf = (link: string) => new URL(link).pathname.split('/')[2]!;
const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
const postForm = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set('2027-02-09T15:00:00+02:00');
  const token = await devToken(stack, ['visits:write']);
  const ids = await visitIds('join', PEOPLE, true);
  for (const [i, id] of ids.entries()) {
    visits.push(
      visit({
        visitId: id,
        phone: mobile(4_100_000 + i),
        visitedAt: helsinkiWinter(VISIT_DAY, `0${i + 1}:0${i}`),
        lang: 'fi',
        unitId: i % 2 ? 'keskusta-ta' : 'fysioterapia',
        age: 40 + i,
      }),
    );
  }
  const result = await intake(stack, token, visits);
  expect(result, JSON.stringify(result)).toMatchObject({ scheduled: PEOPLE });
  await setClock(stack, RELEASE_NOW);
  await runRelease(stack);
  const sent = await outbox(stack);
  for (const v of visits) links.push(linkOf(sent.find((e) => e.to === e164(v.phone))!));
  // Six of eight answer, a minute apart, with free text; the first then opts out from the thanks page.
  for (let i = 0; i < 6; i++) {
    await setClock(stack, `2027-02-10T1${3 + (i % 3)}:${10 + i}:0${i}+02:00`);
    const r = await postForm(links[i]!, `nps=${4 + i}&smooth=4&text=${encodeURIComponent(`Vastaus numero ${i}, kiitos hoitajalle`)}`);
    expect(r.status).toBe(303);
  }
  expect((await postForm(`${links[0]}/opt-out`, '')).status).toBe(200);
  tables = {
    sms: await scanAll(stack, 'sms'),
    feedback: await scanAll(stack, 'feedback'),
    idempotency: await scanAll(stack, 'idempotency'),
    aggregates: await scanAll(stack, 'aggregates'),
  };
  hashes = await Promise.all(visits.map((v) => personHash(e164(v.phone))));
});
afterAll(() => stack?.close());

/** Every way an instant may be written down, to the second: ISO (any fraction), epoch seconds and milliseconds ±1 s. */
function timeForms(iso: string): string[] {
  const ms = Date.parse(iso);
  const out = [iso.slice(0, 19)];
  for (const d of [-1000, 0, 1000]) out.push(String(Math.floor((ms + d) / 1000)), String(Math.floor((ms + d) / 1000) * 1000));
  return out;
}

describe('the join attack after the SMS flow', () => {
  it('has six SMS answers to attack, and SMS-side rows of every kind', () => {
    expect(tables.feedback.filter((a) => a.channel === 'sms')).toHaveLength(6);
    const kinds = new Set(tables.sms.map((r) => String(r.pk).split('#')[0]));
    for (const k of ['VISIT', 'PERSON', 'INV', 'LINK', 'AUDIT']) expect(kinds, k).toContain(k);
  });

  it('finds no answer id, text or time (to the second) of any answer in any SMS-side row', () => {
    const rows = tables.sms.map((r) => JSON.stringify(r));
    for (const a of tables.feedback.filter((x) => x.channel === 'sms')) {
      const needles = [a.id as string, a.text as string, ...timeForms(a.submittedAt as string), ...timeForms(a.receivedAt as string)];
      for (const n of needles)
        expect(
          rows.filter((r) => r.includes(n)),
          `${n} of answer ${a.id}`,
        ).toEqual([]);
    }
  });

  it('keeps nothing of the visit beside a person hash: no unit, visit day, time, language or age group', () => {
    const withPerson = tables.sms.filter((r) => hashes.some((h) => JSON.stringify(r).includes(h)));
    expect(withPerson.length).toBeGreaterThan(0);
    for (const r of withPerson) {
      const kind = String(r.pk).split('#')[0];
      expect(['PERSON', 'INV'], JSON.stringify(r)).toContain(kind);
      // keyVersion is the id of the SMS key the hash was made under (never the key): the same for
      // every row written in one key period, so it tells no more than the row's own day.
      const allowed =
        kind === 'PERSON'
          ? ['pk', 'sk', 'sendDate', 'until', 'date', 'keyVersion', 'expiresAt']
          : ['pk', 'sk', 'key', 'personHash', 'sendDate', 'status', 'keyVersion', 'expiresAt'];
      expect(r.keyVersion, JSON.stringify(r)).toBe(1);
      expect(
        Object.keys(r).filter((k) => !allowed.includes(k)),
        JSON.stringify(r),
      ).toEqual([]);
      expect(JSON.stringify(r)).not.toMatch(/keskusta-ta|fysioterapia|T\d\d:\d\d/);
    }
  });

  it('leaves used links with only their language and the person sealed under the token', () => {
    const used = tables.sms.filter((r) => String(r.pk).startsWith('LINK#') && r.used === true);
    expect(used).toHaveLength(6);
    for (const r of used) {
      expect(Object.keys(r).sort()).toEqual(['expiresAt', 'lang', 'personSealed', 'pk', 'sk', 'used']);
      for (const h of hashes) expect(JSON.stringify(r)).not.toContain(h);
      // It expires on a day boundary: not even the expiry tells when it was used.
      expect((r.expiresAt as number) % 86_400).toBe(0);
    }
  });

  it('cannot reach an answer through the idempotency table from a link row', () => {
    const linkHashes = tables.sms.filter((r) => String(r.pk).startsWith('LINK#')).map((r) => String(r.pk).slice('LINK#'.length));
    const idemKeys = new Set(tables.idempotency.map((r) => r.pk));
    for (const h of linkHashes) {
      // What the old scheme derived from the stored hash; and the hash itself.
      for (const guess of [`sms-link-${h}`, h])
        expect(idemKeys.has(`IDEM#${createHash('sha256').update(guess).digest('hex')}`)).toBe(false);
    }
    for (const link of links.slice(0, 6)) expect(linkHashes).toContain(sha256(tokenOf(link)));
    // And the idempotency rows hold no answer body.
    for (const r of tables.idempotency)
      expect(Object.keys(r).sort()).toEqual(['answerId', 'expiresAt', 'keyHash', 'pk', 'receivedAt', 'requestHash', 'submittedAt']);
  });

  it('keys visit rows so that a guessed visit id finds nothing, and keeps no outcome in them', async () => {
    const visitRows = tables.sms.filter((r) => String(r.pk).startsWith('VISIT#'));
    expect(visitRows).toHaveLength(PEOPLE);
    for (const v of visits) {
      const keyed = `VISIT#${await visitKey(v.visitId)}`;
      expect(visitRows.some((r) => r.pk === `VISIT#${sha256(v.visitId)}`)).toBe(false);
      expect(visitRows.some((r) => r.pk === `VISIT#${createHash('sha256').update(v.visitId).digest('hex')}`)).toBe(false);
      expect(visitRows.some((r) => r.pk === keyed)).toBe(true);
    }
    for (const r of visitRows) expect(Object.keys(r).sort()).toEqual(['expiresAt', 'pk', 'sk']);
  });

  it('still lets the person opt out after answering, with only the day kept', () => {
    const optOut = tables.sms.find((r) => r.pk === `PERSON#${hashes[0]}` && r.sk === 'OPTOUT')!;
    expect(optOut).toEqual({ pk: `PERSON#${hashes[0]}`, sk: 'OPTOUT', date: '2027-02-10', keyVersion: 1 });
  });
});
