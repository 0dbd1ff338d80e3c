/**
 * The SMS channel's privacy and idempotency acceptance test, over real HTTP against dynalite: 10,000
 * synthetic visits (10 requests of 1,000, unique 040 numbers written in five forms, every unit and a
 * realistic mix of exclusions) → the clock to the next day 12:05 → the release schedule and the sender
 * → then no table item, no log line (console and process stdout/stderr) and no outbox field except
 * `to` holds any of the numbers in any form, and no invitation keeps its encrypted number. Re-posting
 * the same visits changes nothing and sends nothing. Only the sender's pacing (5 SMS/s in real time,
 * measured by the bench) is switched off here, or the ~2,000 messages would take seven minutes.
 */
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import type { OutboxEntry } from '#local/sms-outbox.ts';
import { RateLimiter } from '#shared/sms/rate-limiter.ts';
import type { IntakeResult } from '#shared/sms/intake.ts';
import { scanAll, startTestStack } from '../../support/local-stack.ts';
import {
  devToken,
  e164,
  helsinkiWinter,
  mobile,
  outbox,
  phoneFinder,
  postVisits,
  runRelease,
  setClock,
  type VisitInput,
} from '../../support/sms.ts';

const VISITS = 10_000;
const BATCH = 1_000;
const VISIT_DAY = '2027-01-12';
const INTAKE_NOW = '2027-01-12T15:00:00+02:00';
const RELEASE_NOW = '2027-01-13T12:05:00+02:00';
const SLOW = 300_000;

let stack: LocalStack;
let token: string;
let units: string[];
const captured: string[] = [];
const spies: MockInstance[] = [];
let pacing: MockInstance;

/** Spreads the numbers over the 040 range: `040` + 7 digits, all distinct. */
const nationals = Array.from({ length: VISITS }, (_, i) => mobile((1_234_567 + i * 7_919) % 10_000_000));
const findNumbers = phoneFinder(nationals);

/** The five ways patient systems write the same number. */
function written(national: string, i: number): string {
  const sub = national.slice(1);
  switch (i % 5) {
    case 0:
      return national;
    case 1:
      return `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
    case 2:
      return e164(national);
    case 3:
      return `+358 ${sub.slice(0, 2)} ${sub.slice(2)}`;
    default:
      return `${national.slice(0, 3)}-${national.slice(3)}`;
  }
}

/** Visit `i`: every unit, four languages and an unknown one, ages 10–94, some without consent, some sensitive. */
function syntheticVisit(i: number): VisitInput {
  const minutes = 8 * 60 + (i % 400);
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return {
    visitId: `privacy-${i}`,
    unitId: units[i % units.length]!,
    visitedAt: helsinkiWinter(VISIT_DAY, hhmm),
    phone: written(nationals[i]!, i),
    age: 10 + ((i * 37) % 85),
    lang: ['fi', 'sv', 'en', 'fi', 'so'][i % 5]!,
    smsConsent: i % 10 !== 0,
    nonDisclosure: i % 50 === 7,
    ...(i % 25 === 3 ? { visitType: 'Mielenterveys' } : i % 3 === 0 ? { visitType: 'Vastaanotto' } : {}),
  };
}
const batches = () =>
  Array.from({ length: VISITS / BATCH }, (_, b) => Array.from({ length: BATCH }, (_, j) => syntheticVisit(b * BATCH + j)));

/** Numbers found anywhere in a list of texts, with the first text each was found in. */
function numbersIn(texts: Iterable<string>): { number: string; in: string }[] {
  const out: { number: string; in: string }[] = [];
  for (const t of texts) for (const n of findNumbers(t)) out.push({ number: n, in: t.slice(0, 300) });
  return out;
}

async function allItems(): Promise<{ table: string; item: Record<string, unknown> }[]> {
  const out: { table: string; item: Record<string, unknown> }[] = [];
  for (const table of Object.keys(stack.tableNames) as (keyof LocalStack['tableNames'])[]) {
    for (const item of await scanAll(stack, table)) out.push({ table, item });
  }
  return out;
}

const invitations = async () => (await scanAll(stack, 'sms')).filter((i) => (i.pk as string).startsWith('INV#'));

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set(INTAKE_NOW);
  token = await devToken(stack, ['visits:write']);
  units = ((await (await fetch(`${stack.url}/api/units`)).json()) as { units: { id: string }[] }).units.map((u) => u.id);
  // Everything the process writes from here on is kept, and checked for numbers at the end.
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    spies.push(vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void captured.push(format(...args))));
  }
  for (const stream of [process.stdout, process.stderr]) {
    spies.push(
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
        captured.push(String(chunk));
        return true;
      }) as never),
    );
  }
  pacing = vi.spyOn(RateLimiter.prototype, 'take').mockResolvedValue(undefined);
});
afterAll(async () => {
  for (const s of spies) s.mockRestore();
  pacing?.mockRestore();
  await stack?.close();
});

const firstRun: IntakeResult[] = [];
let outboxAfterFirstRelease: OutboxEntry[] = [];
let invitationsAfterFirstRelease: Record<string, unknown>[] = [];

describe('10,000 visits through intake, release and sending', () => {
  it('recognises every number in every written form and inside JSON, so a pass below is not vacuous', () => {
    for (let i = 0; i < 50; i++) {
      for (let form = 0; form < 5; form++)
        expect(findNumbers(JSON.stringify({ x: written(nationals[i]!, form) }))).toEqual([nationals[i]!.slice(1)]);
    }
    expect(findNumbers(`to 00358${nationals[3]!.slice(1)} and (040) ${nationals[4]!.slice(3)}`)).toEqual([
      nationals[3]!.slice(1),
      nationals[4]!.slice(1),
    ]);
    expect(findNumbers('{"expiresAt":1799712000,"sendAt":"2027-01-13T10:00:00.000Z","n_received":714}')).toEqual([]);
  });

  it(
    'takes 10 requests of 1,000 visits, each answered 202 with every visit accounted for',
    async () => {
      for (const batch of batches()) {
        const r = await postVisits(stack, token, batch);
        expect(r.status).toBe(202);
        firstRun.push((await r.json()) as IntakeResult);
      }
      const received = firstRun.reduce((n, r) => n + r.received, 0);
      const scheduled = firstRun.reduce((n, r) => n + r.scheduled, 0);
      const excluded = firstRun.reduce((n, r) => n + Object.values(r.excluded).reduce((a, b) => a + b!, 0), 0);
      expect(firstRun.flatMap((r) => r.rejected)).toEqual([]);
      expect(received).toBe(VISITS);
      expect(scheduled + excluded).toBe(VISITS);
      // The mix invites about a fifth (~2,000 ± 45): enough that a leak would show.
      expect(scheduled).toBeGreaterThan(1500);
      expect(await invitations()).toHaveLength(scheduled);
    },
    SLOW,
  );

  it(
    'stores no number in any form before sending: the pending invitation holds it encrypted only',
    async () => {
      const items = await allItems();
      expect(numbersIn(items.map((x) => JSON.stringify(x.item)))).toEqual([]);
      const withPhone = items.filter((x) => 'phoneEnc' in x.item);
      expect(withPhone.length).toBe(firstRun.reduce((n, r) => n + r.scheduled, 0));
      expect(withPhone.every((x) => (x.item.pk as string).startsWith('INV#') && x.item.status === 'pending')).toBe(true);
    },
    SLOW,
  );

  it(
    'sends every invitation once at the next day 12:05 Helsinki, one SMS per number',
    async () => {
      await setClock(stack, RELEASE_NOW);
      const scheduled = firstRun.reduce((n, r) => n + r.scheduled, 0);
      const result = await runRelease(stack);
      expect(result).toEqual({ released: scheduled, quietHours: false });
      outboxAfterFirstRelease = await outbox(stack);
      expect(outboxAfterFirstRelease).toHaveLength(scheduled);
      const tos = new Set(outboxAfterFirstRelease.map((e) => e.to));
      expect(tos.size).toBe(scheduled);
      const known = new Set(nationals.map(e164));
      expect([...tos].every((t) => known.has(t))).toBe(true);
      expect(pacing).toHaveBeenCalled();
      const queues = (await (await fetch(`${stack.url}/dev/queues`)).json()) as Record<string, { waiting: number; deadLetters: unknown[] }>;
      expect(queues.invitations).toEqual({ waiting: 0, deadLetters: [] });
      invitationsAfterFirstRelease = await invitations();
    },
    SLOW,
  );

  it(
    'leaves no number in any form in any table after sending',
    async () => {
      const items = await allItems();
      expect(items.length).toBeGreaterThan(VISITS);
      expect(numbersIn(items.map((x) => JSON.stringify(x.item)))).toEqual([]);
    },
    SLOW,
  );

  it('keeps no encrypted number in any invitation once sent', async () => {
    expect(invitationsAfterFirstRelease.length).toBe(outboxAfterFirstRelease.length);
    expect(invitationsAfterFirstRelease.filter((i) => 'phoneEnc' in i)).toEqual([]);
    expect(new Set(invitationsAfterFirstRelease.map((i) => i.status))).toEqual(new Set(['sent']));
    const anywhere = (await allItems()).filter((x) => 'phoneEnc' in x.item);
    expect(anywhere).toEqual([]);
  });

  it('has numbers in the outbox only in `to`: sender, text and time carry none', () => {
    const rest = outboxAfterFirstRelease.map(({ to: _to, ...entry }) => JSON.stringify(entry));
    expect(numbersIn(rest)).toEqual([]);
    for (const e of outboxAfterFirstRelease) expect(e.to).toMatch(/^\+3584\d{8}$/);
    // And the finder does see the numbers where they are meant to be.
    expect(numbersIn(outboxAfterFirstRelease.map((e) => JSON.stringify(e)))).toHaveLength(outboxAfterFirstRelease.length);
  });
});

describe('re-posting the same 10,000 visits', () => {
  it(
    'answers 202 with every visit already_received and schedules nothing',
    async () => {
      const before = await invitations();
      let already = 0;
      for (const batch of batches()) {
        const r = await postVisits(stack, token, batch);
        expect(r.status).toBe(202);
        const body = (await r.json()) as IntakeResult;
        expect(body).toEqual({ received: 0, scheduled: 0, excluded: { already_received: BATCH }, rejected: [] });
        already += body.excluded.already_received!;
      }
      expect(already).toBe(VISITS);
      const after = await invitations();
      expect(after).toHaveLength(before.length);
      expect(after).toEqual(before);
    },
    SLOW,
  );

  it(
    'sends nothing more on the next release run',
    async () => {
      expect(await runRelease(stack)).toEqual({ released: 0, quietHours: false });
      expect(await outbox(stack)).toEqual(outboxAfterFirstRelease);
      expect(await invitations()).toEqual(invitationsAfterFirstRelease);
    },
    SLOW,
  );

  it(
    'still leaves no number in any table',
    async () => {
      expect(numbersIn((await allItems()).map((x) => JSON.stringify(x.item)))).toEqual([]);
    },
    SLOW,
  );
});

describe('logs', () => {
  it('wrote no number in any form to console, stdout or stderr during the whole run', () => {
    // The capture works: the handlers' own count lines were caught.
    expect(captured.some((l) => l.includes('visits received'))).toBe(true);
    expect(captured.some((l) => l.includes('invitations released'))).toBe(true);
    expect(numbersIn(captured)).toEqual([]);
  });
});
