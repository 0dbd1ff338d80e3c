/**
 * The acceptance scan of redaction at intake, through the local stack over real HTTP with dynalite:
 * 1,000 comments with planted identity codes (every century sign, some with a wrong check character),
 * phone numbers (Finnish and international, as people type them) and e-mail addresses go in through
 * `POST /api/feedback`, a few more through the HTML form and an SMS survey link; the `openCases` job
 * runs as the scheduler runs it, the month is aggregated and exported. Then every item of every table,
 * every log line, the events, the mail and SMS outboxes, the CSV export and every case response (list
 * and detail) are searched for every planted identifier, in its written form and its digits: none
 * may appear. The placeholders are counted too, so the scan cannot pass on comments that never arrived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { setLineSink } from '#shared/platform/logger.ts';
import { postJson, scanAll, startTestStack } from '../../support/local-stack.ts';
import { email, hetu, int, phone, pick, seeded, type Random } from '../../support/planted-identifiers.ts';
import {
  devToken,
  e164,
  helsinkiWinter,
  intake,
  linkOf,
  mobile,
  outbox,
  runRelease,
  setClock,
  visit,
  visitIds,
} from '../../support/sms.ts';

/** Comments through `POST /api/feedback`. */
const BATCH = 1000;
/** Of them at once: the stack is one process on two cores. */
const CONCURRENCY = 16;

type Lang = 'fi' | 'sv' | 'en';
const TEMPLATES: Record<Lang, string[]> = {
  fi: [
    'Odotin puhelimessa tunnin. Soittakaa {phone}, hetu {hetu}',
    'Hoitaja oli ihana! Jos tarvitsette lisätietoja: {email} tai {phone}.',
    'henkilötunnukseni {hetu} oli väärin papereissa, korjatkaa. sähköposti {email}',
    'Ajanvaraus ei toiminut, numeroni on {phone} ja {phone} töissä',
    'Lapseni ({hetu}) hoito oli hyvää, kiitos. Yhteys {email}',
  ],
  sv: [
    'Väntade länge i telefon. Ring mig {phone}, personnummer {hetu}',
    'Mycket vänlig personal! Min e-post är {email}, telefon {phone}.',
    'mitt personnummer {hetu} var fel i papperen, e-post {email}',
  ],
  en: [
    'Waited an hour on the phone. Call me on {phone}, my ID is {hetu}',
    'The nurse was lovely! Reach me at {email} or {phone}.',
    'my personal id {hetu} was wrong in the papers, email {email}',
  ],
};

/** Every identifier planted, by kind, as written. */
const planted = { hetu: [] as string[], phone: [] as string[], email: [] as string[] };

/** A comment with its identifiers drawn anew. */
function comment(rnd: Random, lang: Lang): string {
  return pick(rnd, TEMPLATES[lang]).replace(/\{(hetu|phone|email)\}/g, (_, kind: keyof typeof planted) => {
    const value = kind === 'hetu' ? hetu(rnd, { wrongCheck: rnd() < 0.2 }) : kind === 'phone' ? phone(rnd) : email(rnd);
    planted[kind].push(value);
    return value;
  });
}

/** Digits of a phone number without its `+`/`00`, country code or trunk 0: what any written form of it contains. */
function phoneCore(number: string): string {
  return number
    .replace(/\D/g, '')
    .replace(/^00/, '')
    .replace(/^(358|46|47|372|49|44|0)/, '');
}

/** Every form in which a planted identifier could leak: as written, in upper and lower case, its parts, its digits. */
function needles(): { kind: string; value: string; needle: string }[] {
  const out: { kind: string; value: string; needle: string }[] = [];
  for (const v of planted.hetu)
    out.push({ kind: 'hetu', value: v, needle: v.toLowerCase() }, { kind: 'hetu', value: v, needle: v.slice(0, 10).toLowerCase() });
  for (const v of planted.email) out.push({ kind: 'email', value: v, needle: v.toLowerCase() });
  for (const v of planted.phone) out.push({ kind: 'phone', value: v, needle: v.toLowerCase() });
  return out;
}

/**
 * Random ids (UUIDs) and hashes (hex): their digit groups, joined across the dashes, can spell a
 * planted number's digits by chance ("…a0979-0340-3b…" holds 97903403), which once failed a run
 * on the answer id it found in the tables, the events and the case responses alike.
 */
const RANDOM_HEX = /(?<![0-9a-z])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,})(?![0-9a-z])/gi;

/** The identifiers found in a haystack: as written (case-insensitively), and phones by their digits across separators. */
function leaks(where: string, haystack: string): string[] {
  const lower = haystack.toLowerCase();
  const found = needles()
    .filter((n) => lower.includes(n.needle))
    .map((n) => `${where}: ${n.kind} ${n.value}`);
  const digitRuns = [...haystack.replace(RANDOM_HEX, '<id>').matchAll(/\d[\d ()+./-]*\d/g)].map((m) => m[0].replace(/\D/g, '')).join('|');
  for (const v of planted.phone) if (digitRuns.includes(phoneCore(v))) found.push(`${where}: phone digits ${v}`);
  return found;
}

let stack: LocalStack;
const lines: string[] = [];
const ids: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  setLineSink((line) => void lines.push(line));
});
afterAll(async () => {
  setLineSink(undefined);
  await stack?.close();
});

describe('identifiers planted in 1,000 comments', () => {
  it('are redacted on every way in: the JSON API, the HTML form and an SMS link', { timeout: 600_000 }, async () => {
    stack.clock.set('2027-01-12T15:00:00+02:00');
    const rnd = seeded(1010);
    const units = ['keskusta-ta', 'rantala-ta', 'metsakyla-ta', 'laboratorio', 'fysioterapia'];
    const bodies = Array.from({ length: BATCH }, (_, i) => {
      const lang = pick(rnd, ['fi', 'fi', 'fi', 'sv', 'en'] as const);
      return { unitId: units[i % units.length], channel: 'web', lang, answers: { nps: int(rnd, 0, 10) }, text: comment(rnd, lang) };
    });
    for (let i = 0; i < bodies.length; i += CONCURRENCY) {
      const answers = await Promise.all(bodies.slice(i, i + CONCURRENCY).map((b) => postJson(stack, '/api/feedback', b)));
      for (const r of answers) {
        expect(r.status).toBe(201);
        ids.push(((await r.json()) as { id: string }).id);
      }
    }

    // The HTML form, as a browser posts it.
    for (let i = 0; i < 10; i++) {
      const lang = pick(rnd, ['fi', 'sv', 'en'] as const);
      const r = await fetch(`${stack.url}/f/keskusta-ta`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ lang, idem: `scan-form-${i}`, nps: '5', text: comment(rnd, lang) }).toString(),
        redirect: 'manual',
      });
      expect(r.status).toBe(303);
    }

    // An SMS survey: visits in, invitations out the next day, answers through the links.
    const token = await devToken(stack, ['visits:write']);
    const visitIdList = await visitIds('scan', 3, true);
    const visits = visitIdList.map((visitId, i) =>
      visit({ visitId, phone: mobile(5_000_000 + i), visitedAt: helsinkiWinter('2027-01-12', '10:00') }),
    );
    expect((await intake(stack, token, visits)).scheduled).toBe(3);
    await setClock(stack, '2027-01-13T12:05:00+02:00');
    await runRelease(stack);
    const sent = await outbox(stack);
    for (const v of visits) {
      const link = linkOf(sent.find((e) => e.to === e164(v.phone))!);
      const r = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ nps: '8', text: comment(rnd, 'fi') }).toString(),
        redirect: 'manual',
      });
      expect(r.status).toBe(303);
    }

    // The scan's own check: it finds every planted identifier in what was sent.
    const sentText = JSON.stringify(bodies);
    expect(leaks('request bodies', sentText).length).toBeGreaterThanOrEqual(bodies.length);
    for (const v of planted.phone.slice(0, BATCH)) expect(leaks('one phone', `x ${v} x`)).not.toEqual([]);
    // …and no random id whose digit groups happen to spell a planted number's digits.
    const hex = `f${phoneCore(planted.phone[0]!)}`.padEnd(32, 'e');
    const id = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
    expect(leaks('an answer id', `{"id":"${id}"}`)).toEqual([]);

    const stored = (await scanAll(stack, 'feedback')).filter((i) => typeof i.text === 'string');
    expect(stored).toHaveLength(BATCH + 13);
    const count = (re: RegExp) => stored.reduce((n, i) => n + (String(i.text).match(re)?.length ?? 0), 0);
    expect(count(/\[(hetu|personbeteckning|personal id)\]/g)).toBe(planted.hetu.length);
    expect(count(/\[(sähköposti|e-post|email)\]/g)).toBe(planted.email.length);
    expect(count(/\[(puhelin|telefon|phone)\]/g)).toBe(planted.phone.length);
    for (const item of stored) {
      expect(Array.isArray(item.themes) && item.themes.length > 0).toBe(true);
      expect(['positive', 'neutral', 'negative', 'mixed']).toContain(item.sentiment);
    }
  });

  it('appear in no table, log line, event, outbox, export or case response', { timeout: 600_000 }, async () => {
    // The case opener as the scheduler runs it, until it has opened every comment's case.
    let opened = 0;
    for (let run = 0; run < 100; run++) {
      const r = (await stack.scheduler.run('openCases')) as { opened: number };
      opened += r.opened;
      if (r.opened === 0) break;
    }
    expect(opened).toBe(BATCH + 13);

    // The month's snapshots and the national export, once the month may be exported.
    await setClock(stack, '2027-03-05T09:00:00+02:00');
    expect((await postJson(stack, '/dev/aggregate', { from: '2027-01-01', to: '2027-01-31' })).status).toBe(200);
    const reports = await devToken(stack, ['reports:read'], ['esimerkki']);
    const csv = await fetch(`${stack.url}/api/exports/monthly?month=2027-01`, { headers: { authorization: `Bearer ${reports}` } });
    expect(csv.status).toBe(200);
    const exportText = await csv.text();

    // Every case of the region, page by page, and each one's detail.
    const handler = await devToken(stack, ['cases:read'], ['esimerkki']);
    const auth = { authorization: `Bearer ${handler}` };
    const caseBodies: string[] = [];
    const caseIds: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `node=esimerkki&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await fetch(`${stack.url}/api/cases?${query}`, { headers: auth });
      expect(page.status).toBe(200);
      const text = await page.text();
      caseBodies.push(text);
      const body = JSON.parse(text) as { cases: { id: string; text?: string }[]; next: string | null };
      caseIds.push(...body.cases.map((c) => c.id));
      cursor = body.next;
    } while (cursor);
    expect(caseIds).toHaveLength(BATCH + 13);
    for (let i = 0; i < caseIds.length; i += CONCURRENCY) {
      const details = await Promise.all(
        caseIds.slice(i, i + CONCURRENCY).map((id) => fetch(`${stack.url}/api/cases/${id}`, { headers: auth })),
      );
      for (const d of details) {
        expect(d.status).toBe(200);
        caseBodies.push(await d.text());
      }
    }

    const found: string[] = [];
    for (const table of Object.keys(stack.tableNames) as (keyof LocalStack['tableNames'])[]) {
      found.push(...leaks(`table ${table}`, JSON.stringify(await scanAll(stack, table))));
    }
    expect(lines.length).toBeGreaterThan(BATCH);
    found.push(...leaks('log lines', lines.join('\n')));
    found.push(...leaks('events', JSON.stringify(stack.events.list())));
    found.push(...leaks('mail outbox', JSON.stringify(stack.mail.list())));
    found.push(...leaks('sms outbox', JSON.stringify(await outbox(stack))));
    found.push(...leaks('monthly export', exportText));
    found.push(...leaks('case responses', caseBodies.join('\n')));
    expect(found).toEqual([]);
    // The scan searched what the comments became: the stored texts carry the placeholders.
    expect(caseBodies.join('\n')).toContain('[hetu]');
  });
});
