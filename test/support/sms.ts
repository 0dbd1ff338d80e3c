/**
 * Helpers for the SMS channel's integration tests: tokens from the dev issuer, visit builders, the
 * intake, clock, release and outbox over HTTP, and the stack's own SMS secret to tell in advance
 * which visit ids the sampling picks (the secret is random per stack, so ids cannot be hard-coded).
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '#local/stack.ts';
import type { OutboxEntry } from '#local/sms-outbox.ts';
import { localAdapter } from '#shared/platform/local-adapters.ts';
import type { SecretsSource } from '#shared/sms/secrets.ts';
import { clock } from '#shared/platform/clock.ts';
import { writeVersion } from '#shared/sms/key-versions.ts';
import { DynamoSmsStore } from '#shared/sms/dynamo-sms-store.ts';
import { keyedHash, samplingFraction } from '#shared/sms/keyed-hash.ts';
import type { IntakeResult } from '#shared/sms/intake.ts';
import type { Scope } from '#shared/manifest.ts';
import { postJson } from './local-stack.ts';

/** One visit as the patient information system sends it. */
export interface VisitInput {
  visitId: string;
  unitId: string;
  visitedAt: string;
  phone: string;
  age: number;
  lang: string;
  smsConsent: boolean;
  nonDisclosure: boolean;
  visitType?: string;
}

/** The JSON error shape of every endpoint. */
export interface ErrorBody {
  error: { code: string; message: string; issues: { path: string; message: string }[] };
}

/** A token from `POST /dev/token`. */
export async function devToken(stack: LocalStack, scopes: readonly Scope[], orgNodes: readonly string[] = []): Promise<string> {
  const r = await postJson(stack, '/dev/token', { scopes, orgNodes });
  if (r.status !== 200) throw new Error(`POST /dev/token answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** A visit that passes every rule except, perhaps, the sampling. */
export function visit(overrides: Partial<VisitInput> & Pick<VisitInput, 'visitId' | 'phone' | 'visitedAt'>): VisitInput {
  return { unitId: 'keskusta-ta', age: 40, lang: 'fi', smsConsent: true, nonDisclosure: false, ...overrides };
}

/** `POST /api/visits` with a bearer token. */
export function postVisits(
  stack: LocalStack,
  token: string,
  visits: unknown[] | string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return postJson(stack, '/api/visits', typeof visits === 'string' ? visits : { visits }, { authorization: `Bearer ${token}`, ...headers });
}

/** `POST /api/visits`, expecting 202; returns the intake's answer. */
export async function intake(stack: LocalStack, token: string, visits: unknown[]): Promise<IntakeResult> {
  const r = await postVisits(stack, token, visits);
  if (r.status !== 202) throw new Error(`POST /api/visits answered ${r.status}: ${await r.text()}`);
  return (await r.json()) as IntakeResult;
}

/** Sets the stack's clock (`POST /dev/clock`). */
export async function setClock(stack: LocalStack, iso: string | null): Promise<void> {
  const r = await postJson(stack, '/dev/clock', { now: iso });
  if (r.status !== 200) throw new Error(`POST /dev/clock answered ${r.status}: ${await r.text()}`);
}

/** Runs the release schedule now and waits until the queue has delivered everything it queued. */
export async function runRelease(stack: LocalStack): Promise<{ released: number; quietHours: boolean }> {
  const r = await fetch(`${stack.url}/dev/schedules/releaseInvitations/run`, { method: 'POST' });
  if (r.status !== 200) throw new Error(`release answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { result: { released: number; quietHours: boolean } }).result;
}

/** The SNS stand-in's outbox as JSON (`GET /dev/sms`). */
export async function outbox(stack: LocalStack): Promise<OutboxEntry[]> {
  const r = await fetch(`${stack.url}/dev/sms`, { headers: { accept: 'application/json' } });
  if (r.status !== 200) throw new Error(`GET /dev/sms answered ${r.status}`);
  return (await r.json()) as OutboxEntry[];
}

/** The survey link in an SMS text. */
export function linkOf(entry: OutboxEntry): string {
  const m = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]+/.exec(entry.text);
  if (!m) throw new Error(`no link in "${entry.text}"`);
  return m[0];
}

/** The stack's SMS keys new rows are written under (the same ones its handlers use). */
async function secrets() {
  const source = localAdapter<SecretsSource>('secrets');
  if (!source) throw new Error('no local stack is running in this process');
  // What the intake writes under now: the newest writing version at the stack's clock.
  return writeVersion(await source.smsKeys(), clock().now());
}

/** Whether the intake's sampling picks a visit id at a sampling rate (reproducible for the stack's secret). */
export async function isSampled(visitId: string, samplingPercent: number): Promise<boolean> {
  return samplingFraction((await secrets()).hmacKey, visitId) * 100 < samplingPercent;
}

/** `count` visit ids with the given prefix that the sampling picks (`sampled`) or passes over. */
export async function visitIds(prefix: string, count: number, sampled: boolean, samplingPercent = 30): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    if (i > count * 1000 + 1000) throw new Error('sampling never picks; is the rate 0?');
    const id = `${prefix}-${i}`;
    if ((await isSampled(id, samplingPercent)) === sampled) out.push(id);
  }
  return out;
}

/** The keyed hash under which cooldown and opt-out of an E.164 number are kept. */
export async function personHash(e164: string): Promise<string> {
  return keyedHash((await secrets()).hmacKey, 'phone', e164);
}

/** The key of a visit's "seen" item (`VISIT#{key}`). */
export async function visitKey(visitId: string): Promise<string> {
  return keyedHash((await secrets()).hmacKey, 'visit', visitId);
}

/** A DynamoSmsStore on the stack's own dynalite table. */
export function smsStore(stack: LocalStack): DynamoSmsStore {
  return new DynamoSmsStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.sms);
}

/** Distinct Finnish mobile numbers in national form (`040xxxxxxx`), starting from `start`. */
export function mobile(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9_999_999) throw new RangeError('n must be 0…9,999,999');
  return `040${String(n).padStart(7, '0')}`;
}

/** The E.164 form of a `040…` number. */
export function e164(national: string): string {
  return `+358${national.slice(1)}`;
}

/** ISO 8601 with the Helsinki offset of winter time (+02:00), for dates between November and March. */
export function helsinkiWinter(date: string, hhmm: string): string {
  return `${date}T${hhmm}:00+02:00`;
}

/**
 * A finder for phone numbers in any text, in any written form: digit runs are read across the
 * separators people and systems put in numbers (space, hyphen, brackets, `+`), and every 9-digit
 * window is compared with the numbers' subscriber parts (`401234567` is inside `+358401234567`,
 * `0401234567` and `040 123 4567` alike). Returns the subscriber parts found.
 */
export function phoneFinder(nationalNumbers: Iterable<string>): (text: string) => string[] {
  const cores = new Set<string>();
  for (const n of nationalNumbers) cores.add(n.replace(/\D/g, '').replace(/^(358|0)/, ''));
  for (const c of cores) if (c.length !== 9) throw new Error(`expected 9-digit subscriber parts, got ${c}`);
  return (text) => {
    const found = new Set<string>();
    for (const m of text.matchAll(/\d[\d\s()+-]*\d/g)) {
      const digits = m[0].replace(/\D/g, '');
      for (let i = 0; i + 9 <= digits.length; i++) {
        const w = digits.slice(i, i + 9);
        if (cores.has(w)) found.add(w);
      }
    }
    return [...found];
  };
}
