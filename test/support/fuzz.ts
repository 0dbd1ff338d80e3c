/**
 * Fuzzing every route of the manifest on a local stack, shared by the fuzz test
 * (test/platform/integration/fuzz.test.ts) and the bench's `fuzz` section (bench/fuzz.ts).
 *
 * Routes come from the manifest and their request shapes from the route contracts, so a new route is
 * fuzzed without editing anything here: its valid requests are built by walking the contract's zod
 * schemas (params, query, headers, JSON body), taking values a schema cannot describe (a real unit,
 * a live SMS link token, a date in range) from `hints` by field name. A schema the walker cannot
 * satisfy without a hint throws `NoGenerator`, naming the route and the field, so a route is never
 * silently fuzzed with garbage only.
 *
 * Most cases are near-valid: a valid request with one thing wrong (a body field of the wrong type,
 * out of range, missing or extra; a huge string; NUL or a lone surrogate; `__proto__` keys; the
 * content type or charset; malformed JSON; path parameters; the query; the Idempotency-Key; a
 * missing, forged, expired or wrong-scope bearer token). Some are valid as they stand, some wholly
 * random. Every case is checked by `checkCase`: no 5xx, the status and body documented for the
 * route in the served OpenAPI document, and nothing stored by a request that was refused.
 */
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { matchRoute, type LocalRoute } from '#local/http-adapter.ts';
import type { LocalStack } from '#local/stack.ts';
import { loadConfig } from '#shared/config.ts';
import { functions, routes as manifestRoutes, type RouteSpec } from '#shared/manifest.ts';
import type { MediaType, RouteContract } from '#shared/platform/route-contract.ts';
import { helsinkiDate } from '#shared/platform/time.ts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCaseStore } from '#shared/cases/dynamo-case-store.ts';
import type * as z from '#shared/platform/zod.ts';
import { loadPulseSurveys } from '#shared/pulse-config.ts';
import { caseOf } from '../cases/support/fixtures.ts';
import { rowCounts, scanAll } from './local-stack.ts';
import { DocumentedShapes, ROUTE_CONTRACTS } from './openapi.ts';
import { devToken, e164, intake, linkOf, mobile, outbox, runRelease, setClock, visit, visitIds } from './sms.ts';

/** The seed the test and the bench use unless `FUZZ_SEED` says otherwise; printed with every failure. */
export const DEFAULT_SEED = 20_261_123;

/** The stack's clock during a fuzz run: a day after the SMS links' visits, at the send time. */
const FUZZ_NOW = '2027-01-13T12:05:00+02:00';

/** Thrown when a route's contract has a part no generator can fill with a valid value. */
export class NoGenerator extends Error {
  constructor(route: string, where: string, why: string) {
    super(`no fuzz generator for ${route} at ${where}: ${why}; add a hint for it in test/support/fuzz.ts`);
    this.name = 'NoGenerator';
  }
}

/** One request as it goes on the wire. */
export interface FuzzCase {
  /** The manifest route it was generated for (`POST /api/feedback`). */
  route: string;
  /** What was done to the valid request (`valid`, `body: wrong type at answers.nps`, `random`…). */
  mutation: string;
  method: string;
  /** Path and query, percent-encoded as a client would send them (or deliberately not). */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** What the stack answered. */
export interface FuzzReply {
  status: number;
  headers: { get(name: string): string | null };
  body: string;
}

/** What a fuzz run needs from the running stack: its live link tokens and bearer tokens. */
export interface FuzzContext {
  linkTokens: string[];
  /** Ids of cases (comments and contact requests with their contact kept) the case routes act on. */
  caseIds: string[];
  /** The cases among them with a contact request (their contact in the vault). */
  contactCaseIds: string[];
  /** A pulse round of the run: its id, its one-time codes and its sheet token. */
  pulse: { roundIds: string[]; codes: string[]; sheets: string[] };
  /** A valid token per route key with scopes, holding the region node (every node). */
  validToken: Map<string, string>;
  /** Per route key: a token with every scope but the route's. */
  wrongScopeToken: Map<string, string>;
  /** Per route key: a token with the route's scopes but only one unit's node. */
  narrowToken: Map<string, string>;
  /** A token with every scope that expired a minute ago. */
  expiredToken: string;
  /** The staff entry unit of the run, its entry code and a session cookie (`palaute_staff=…`) opened with it. */
  staff: { unitId: string; code: string; cookie: string };
  /** Kiosks: ids to revoke, unused enrolment codes, and the cookies of enrolled devices (kept apart from the ids). */
  kiosks: { ids: string[]; enrolCodes: string[]; cookies: string[] };
}

/**
 * Sets the stack's clock to a fixed instant and makes what the generators draw from: SMS links
 * (visits in, release, outbox) and bearer tokens from `/dev/token`.
 */
export async function prepareFuzz(stack: LocalStack): Promise<FuzzContext> {
  stack.clock.set('2027-01-12T15:00:00+02:00');
  const writer = await devToken(stack, ['visits:write']);
  const ids = await visitIds('fuzz-link', 8, true);
  const units = ['keskusta-ta', 'fysioterapia', 'laboratorio', 'rantala-ta'];
  const visits = ids.map((visitId, i) =>
    visit({ visitId, phone: mobile(5_000_000 + i), visitedAt: '2027-01-12T10:00:00+02:00', unitId: units[i % units.length]!, age: 50 }),
  );
  const scheduled = (await intake(stack, writer, visits)).scheduled;
  if (scheduled !== visits.length) throw new Error(`expected ${visits.length} invitations, got ${scheduled}`);
  await setClock(stack, FUZZ_NOW);
  await runRelease(stack);
  const sent = await outbox(stack);
  const linkTokens = visits.map((v) => new URL(linkOf(sent.find((e) => e.to === e164(v.phone))!)).pathname.split('/')[2]!);

  const { caseIds, contactCaseIds } = await fuzzCaseIds(stack);
  const pulse = await fuzzPulseRound(stack);
  const staff = await fuzzStaffSession(stack);

  const config = loadConfig();
  const region = config.org.regionId;
  const allScopes = [...new Set(manifestRoutes.flatMap((r) => r.scopes ?? []))];
  const validToken = new Map<string, string>();
  const wrongScopeToken = new Map<string, string>();
  const narrowToken = new Map<string, string>();
  for (const r of manifestRoutes) {
    if (!r.scopes?.length) continue;
    const key = `${r.method} ${r.path}`;
    validToken.set(key, await devToken(stack, r.scopes, [region]));
    wrongScopeToken.set(key, await devToken(stack, allScopes.filter((s) => !r.scopes!.includes(s)) as typeof r.scopes, [region]));
    narrowToken.set(key, await devToken(stack, r.scopes, ['keskusta-ta']));
  }
  const expired = await fetch(`${stack.url}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scopes: allScopes, orgNodes: [region], expiresInSeconds: -60 }),
  });
  if (expired.status !== 200) throw new Error(`POST /dev/token answered ${expired.status}`);
  const expiredToken = ((await expired.json()) as { token: string }).token;
  const kiosks = await fuzzKiosks(stack, validToken.get('POST /api/kiosks')!);
  return { linkTokens, caseIds, contactCaseIds, pulse, validToken, wrongScopeToken, narrowToken, expiredToken, staff, kiosks };
}

/** A pulse round open on FUZZ_NOW with 40 codes, for the answer form, the sheet and the results routes. */
async function fuzzPulseRound(stack: LocalStack): Promise<FuzzContext['pulse']> {
  const token = await devToken(stack, ['pulse:write'], ['keskusta-ta']);
  const res = await fetch(`${stack.url}/api/pulse/rounds`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      nodeId: 'keskusta-ta',
      surveyId: 'tyoyhteiso-pulssi',
      opensOn: '2027-01-12',
      closesOn: '2027-01-31',
      staffCount: 40,
    }),
  });
  if (res.status !== 201) throw new Error(`POST /api/pulse/rounds answered ${res.status}`);
  const r = (await res.json()) as { id: string; codes: string[]; sheetUrl: string };
  return { roundIds: [r.id], codes: r.codes, sheets: [r.sheetUrl.split('/').at(-1)!] };
}

/** A unit's entry code made over the API, and a staff entry session opened with it. */
async function fuzzStaffSession(stack: LocalStack): Promise<FuzzContext['staff']> {
  const unitId = 'keskusta-ta';
  const handler = await devToken(stack, ['cases:write'], [unitId]);
  const made = await fetch(`${stack.url}/api/units/${unitId}/entry-code`, {
    method: 'POST',
    headers: { authorization: `Bearer ${handler}` },
  });
  if (made.status !== 201) throw new Error(`POST /api/units/${unitId}/entry-code answered ${made.status}`);
  const { code } = (await made.json()) as { code: string };
  const signIn = await fetch(`${stack.url}/staff/${unitId}/session`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ code }).toString(),
  });
  if (signIn.status !== 303) throw new Error(`POST /staff/${unitId}/session answered ${signIn.status}`);
  return { unitId, code, cookie: signIn.headers.getSetCookie()[0]!.split(';')[0]! };
}

/** Kiosks for the kiosk routes: three enrolled devices (their cookies), and others whose links and ids the run uses. */
async function fuzzKiosks(stack: LocalStack, token: string): Promise<FuzzContext['kiosks']> {
  const out: FuzzContext['kiosks'] = { ids: [], enrolCodes: [], cookies: [] };
  for (let i = 0; i < 12; i++) {
    const res = await fetch(`${stack.url}/api/kiosks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ unitId: 'keskusta-ta', name: `Fuzz-kioski ${i}` }),
    });
    if (res.status !== 201) throw new Error(`POST /api/kiosks answered ${res.status}`);
    const { id, enrolmentUrl } = (await res.json()) as { id: string; enrolmentUrl: string };
    if (i < 3) {
      const opened = await fetch(enrolmentUrl, { redirect: 'manual' });
      out.cookies.push((opened.headers.get('set-cookie') ?? '').split(';')[0]!);
    } else if (i < 8) out.enrolCodes.push(enrolmentUrl.split('/').at(-1)!);
    // Kiosks the run revokes are none of the above: a revoked kiosk's link is gone and its device refused.
    else out.ids.push(id);
  }
  return out;
}

/**
 * Cases for the case routes: comments posted over HTTP and opened by the `openCases` schedule, and two
 * contact requests written to the cases table with their contact in the stack's contact vault.
 */
async function fuzzCaseIds(stack: LocalStack): Promise<{ caseIds: string[]; contactCaseIds: string[] }> {
  const units = ['keskusta-ta', 'rantala-ta', 'fysioterapia', 'laboratorio'];
  for (const [i, unitId] of [...units, ...units].entries()) {
    const res = await fetch(`${stack.url}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unitId, channel: 'web', lang: 'fi', answers: { nps: i % 11 }, text: `Fuzz-kommentti ${i}` }),
    });
    if (res.status !== 201) throw new Error(`POST /api/feedback answered ${res.status}`);
  }
  await stack.scheduler.run('openCases');
  const store = new DynamoCaseStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.cases);
  const contactCaseIds: string[] = [];
  for (const [i, unitId] of ['keskusta-ta', 'rantala-ta'].entries()) {
    const at = new Date(Date.parse(FUZZ_NOW) - (i + 1) * 3_600_000).toISOString();
    const c = caseOf(unitId, at, { text: undefined, answers: { nps: 1 }, contactRequested: true });
    await store.create(c);
    await stack.contacts.put(c.id, { phone: mobile(7_000_000 + i) });
    contactCaseIds.push(c.id);
  }
  const ids = (await scanAll(stack, 'cases'))
    .map((i) => String(i.pk))
    .filter((pk) => pk.startsWith('CASE#'))
    .map((pk) => pk.slice(5));
  if (ids.length < 10) throw new Error(`expected 10 cases for the fuzz run, got ${ids.length}`);
  return { caseIds: ids.sort(), contactCaseIds };
}

// ---------------------------------------------------------------------------------------------------
// Valid values: hints by field name, and a walker over the contracts' zod schemas for the rest.

/** Valid values for fields whose meaning a schema cannot carry, by field name. */
function hints(ctx: FuzzContext): Record<string, fc.Arbitrary<unknown>> {
  const config = loadConfig();
  const now = Date.parse(FUZZ_NOW);
  const units = config.org.units().map((u) => u.id);
  const nodes = [config.org.regionId, ...config.org.children(config.org.regionId).map((n) => n.id), ...units];
  const surveys = config.surveys.ids();
  const pulseSurveys = loadPulseSurveys();
  const pulseStatements = pulseSurveys.current('tyoyhteiso-pulssi', helsinkiDate(new Date(now)))!.statements.map((st) => st.id);
  // A staff pulse answer: some statements 1–5 and maybe the open text.
  const pulseForm = fc
    .record({
      values: fc.record(Object.fromEntries(pulseStatements.map((id) => [id, fc.integer({ min: 1, max: 5 })])), { requiredKeys: [] }),
      text: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: undefined }),
    })
    .map(({ values, text: t }) =>
      new URLSearchParams([...Object.entries(values).map(([k, v]) => [k, String(v)]), ...(t ? [['text', t]] : [])] as [
        string,
        string,
      ][]).toString(),
    );
  const questions = config.surveys.current(surveys[0]!, helsinkiDate(new Date(now)))!.questions;
  const answerArbs: Record<string, fc.Arbitrary<string | number>> = {};
  for (const q of questions) {
    if (q.type === 'nps') answerArbs[q.id] = fc.integer({ min: 0, max: 10 });
    if (q.type === 'statement') answerArbs[q.id] = fc.constantFrom<string | number>(1, 2, 3, 4, 5, 'cant_say');
  }
  const answers = fc.record(answerArbs, { requiredKeys: [] }).filter((a) => Object.keys(a).length > 0);
  const text = fc.string({ unit: 'grapheme', maxLength: 40 });
  const minutesBack = (max: number) => fc.integer({ min: 1, max }).map((m) => new Date(now - m * 60_000).toISOString());
  // Ordered so that every `from` is before every `to`, and the span under a year.
  // Reports cover whole months from 30 days after they end: on FUZZ_NOW, November 2026 is the newest.
  const from = fc.constantFrom('2026-09-01', '2026-10-01', '2026-11-01');
  const to = fc.constantFrom('2026-10-31', '2026-11-30');
  // A few keys used again and again: replays and conflicts, besides fresh keys.
  const idemKey = fc.oneof(fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3'), fc.uuid());
  const formBody = fc
    .record(
      {
        answers,
        text,
        role: fc.constantFrom('client', 'relative'),
        lang: fc.constantFrom('fi', 'sv', 'en'),
        ch: fc.constantFrom('web', 'qr'),
        idem: idemKey,
        // The staff entry's fields (the public and SMS forms ignore them): its code, channel and day.
        code: fc.constant(ctx.staff.code),
        channel: fc.constantFrom('paper', 'oral'),
        givenOn: fc.constant(helsinkiDate(new Date(now))),
      },
      { requiredKeys: ['answers'] },
    )
    .map(({ answers: a, ...rest }) =>
      new URLSearchParams(Object.entries({ ...a, ...rest }).map(([k, v]) => [k, String(v)] as [string, string])).toString(),
    );
  return {
    unitId: fc.constantFrom(...units),
    // Customer surveys and staff surveys share the name: each route takes the other's as unknown (404).
    surveyId: fc.constantFrom(...surveys, ...pulseSurveys.ids()),
    node: fc.constantFrom(...nodes),
    token: fc.constantFrom(...ctx.linkTokens),
    answers,
    text,
    lang: fc.constantFrom('fi', 'sv', 'en'),
    ch: fc.constantFrom('web', 'qr'),
    answeredAt: minutesBack(10 * 24 * 60),
    visitedAt: minutesBack(24 * 60),
    phone: fc.integer({ min: 0, max: 9_999_999 }).map(mobile),
    visitId: fc.integer({ min: 0, max: 1_000_000 }).map((n) => `fuzz-visit-${n}`),
    age: fc.integer({ min: 16, max: 99 }),
    visitType: fc.constantFrom('vastaanotto', 'kotikaynti'),
    from,
    to,
    month: fc.constantFrom('2026-10', '2026-11'),
    'idempotency-key': idemKey,
    // The customer forms' bodies and the staff pulse form's: each form refuses the other's (400).
    'body:application/x-www-form-urlencoded': fc.oneof(formBody, pulseForm),
    // The case routes: a case of the run, a page size, and versions the cases are at early in the run.
    id: fc.constantFrom(...ctx.caseIds),
    limit: fc.integer({ min: 1, max: 100 }).map(String),
    'if-match': fc.constantFrom('1', '"1"', 'W/"1"', '2'),
    // The pulse routes: a round of the run, its codes (each answers once; then 410) and its sheet, and
    // a new round for a unit, open on FUZZ_NOW.
    roundId: fc.constantFrom(...ctx.pulse.roundIds),
    code: fc.constantFrom(...ctx.pulse.codes),
    sheet: fc.constantFrom(...ctx.pulse.sheets),
    nodeId: fc.constantFrom(...units),
    opensOn: fc.constantFrom('2027-01-10', '2027-01-13'),
    closesOn: fc.constantFrom('2027-01-13', '2027-02-01'),
    staffCount: fc.integer({ min: 1, max: 30 }),
    // A poster file: a unit's or a service's PDF (small ones: every case renders it), a unit's SVG.
    poster: fc.constantFrom(...units.map((u) => `${u}.pdf`), 'kuntoutus.pdf', ...units.map((u) => `${u}.svg`)),
    // The kiosk routes: a kiosk to revoke, an enrolment link's code, an enrolled device's cookie.
    kioskId: fc.constantFrom(...ctx.kiosks.ids),
    enrolCode: fc.constantFrom(...ctx.kiosks.enrolCodes),
    // An enrolled kiosk's credential; the staff entry pages get the run's session instead (routeHints).
    cookie: fc.constantFrom(...ctx.kiosks.cookies),
  };
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodMiniType>;
  innerType?: z.ZodMiniType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  options?: z.ZodMiniType[];
  element?: z.ZodMiniType;
  keyType?: z.ZodMiniType;
  valueType?: z.ZodMiniType;
  checks?: { _zod: { def: { check: string; minimum?: number; maximum?: number; value?: number; format?: string } } }[];
};
const defOf = (s: z.ZodMiniType) => (s as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (d: Def) => (d.checks ?? []).map((c) => c._zod.def);

/** Valid values of a zod schema; `key` is the field's name, looked up in the hints first. */
function validArb(
  schema: z.ZodMiniType,
  key: string,
  hint: Record<string, fc.Arbitrary<unknown>>,
  fail: (why: string) => never,
): fc.Arbitrary<unknown> {
  if (Object.hasOwn(hint, key)) return hint[key]!;
  const d = defOf(schema);
  const checks = checksOf(d);
  const bound = (name: string, prop: 'minimum' | 'maximum' | 'value') => checks.find((c) => c.check === name)?.[prop];
  switch (d.type) {
    case 'object': {
      const shape = d.shape ?? {};
      const required = Object.keys(shape).filter((k) => !['optional', 'default'].includes(defOf(shape[k]!).type));
      const model = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, validArb(s, k, hint, (why) => fail(`${k}: ${why}`))]));
      return fc.record(model, { requiredKeys: required });
    }
    case 'optional':
    case 'default':
      return validArb(d.innerType!, key, hint, fail);
    case 'nullable':
      return fc.option(validArb(d.innerType!, key, hint, fail), { nil: null });
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries!));
    case 'literal':
      return fc.constantFrom(...d.values!);
    case 'boolean':
      return fc.boolean();
    case 'number': {
      const min = bound('greater_than', 'value') ?? -1000;
      const max = bound('less_than', 'value') ?? 1000;
      return checks.some((c) => c.format === 'safeint') ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
    }
    case 'string': {
      if (checks.some((c) => c.check === 'string_format' || c.check === 'custom')) fail('a string with a format or refinement');
      const minLength = bound('min_length', 'minimum') ?? 0;
      const maxLength = Math.min(bound('max_length', 'maximum') ?? 40, 40);
      return fc.string({ minLength, maxLength });
    }
    case 'array': {
      const maxLength = Math.min(bound('max_length', 'maximum') ?? 5, 5);
      return fc.array(validArb(d.element!, key, hint, fail), { minLength: bound('min_length', 'minimum') ?? 0, maxLength });
    }
    case 'record':
      return fc.dictionary(
        validArb(d.keyType!, `${key}[key]`, hint, fail) as fc.Arbitrary<string>,
        validArb(d.valueType!, key, hint, fail),
        {
          maxKeys: 3,
        },
      );
    case 'union':
      return fc.oneof(...d.options!.map((o) => validArb(o, key, hint, fail)));
    default:
      return fail(`zod type ${d.type}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Requests: a valid one per route, and what is done to it.

/** A request before it is put on the wire: parts a mutation can still change. */
interface Draft {
  params: Record<string, string>;
  /** Query pairs, written raw (already percent-encoded). */
  query: [string, string][];
  headers: Record<string, string>;
  /** The JSON body as a value, serialised at the end unless `rawBody` is set. */
  json?: unknown;
  rawBody?: Buffer;
  /** Raw path segments per parameter, bypassing encoding (malformed percent-encoding and the like). */
  rawParams?: Record<string, string>;
}

/** Random inputs a mutation draws from; drawn with the case so that every case is reproducible from the seed. */
interface Dice {
  pick: number;
  pick2: number;
  text: string;
  json: unknown;
  bytes: Uint8Array;
}
const dice: fc.Arbitrary<Dice> = fc.record({
  pick: fc.nat(),
  pick2: fc.nat(),
  text: fc.string({ unit: 'binary', maxLength: 30 }),
  json: fc.jsonValue({ maxDepth: 2 }),
  bytes: fc.uint8Array({ maxLength: 300 }),
});

const enc = (s: string) => encodeURIComponent(s.isWellFormed() ? s : s.toWellFormed());
const choose = <T>(items: readonly T[], n: number): T => items[n % items.length]!;

/** Every path into a JSON value (objects and arrays), root first: `[]`, `['answers']`, `['answers','nps']`. */
function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(value)) for (const [i, v] of value.entries()) out.push(...pathsOf(v, [...at, i]));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}
function getAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], value);
}
function setAt(root: unknown, path: (string | number)[], v: unknown): unknown {
  if (path.length === 0) return v;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = v;
  return root;
}

type Mutation = { name: string; apply: (d: Draft, x: Dice) => string | undefined };

const WRONG_TYPES: unknown[] = [123, -1, 1.5, true, false, null, 'x', '9', [], {}, [1, 2], { a: 1 }];
const OUT_OF_RANGE: unknown[] = [-1, 11, 6, 0, 131, 1e308, -1e308, 0.5, 2 ** 53 + 1, '', 'x'.repeat(5000)];
const CONTENT_TYPES = [
  undefined,
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=',
  'APPLICATION/JSON',
  'application/json;charset="UTF-8"',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'text/html',
  'application/jsonx',
];
const BAD_SEGMENTS = [
  '',
  '%00',
  '%E0%A4%A',
  '%ZZ',
  '%',
  '..',
  '.',
  'a%2Fb',
  '%20',
  '%ED%A0%80',
  'x'.repeat(3000),
  '%C3%A4%F0%9F%98%80',
  '%3Cscript%3E',
];

/** Mutations of a JSON body's value: one node of the tree, chosen by the dice. */
function jsonMutations(): Mutation[] {
  const node = (d: Draft, x: Dice, keep: (p: (string | number)[]) => boolean) => {
    const all = pathsOf(d.json).filter(keep);
    return all.length ? choose(all, x.pick) : undefined;
  };
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const label = (p: (string | number)[]) => p.join('.') || '(root)';
  return [
    {
      name: 'wrong type',
      apply: (d, x) => {
        const p = node(d, x, () => true)!;
        d.json = setAt(d.json, p, structuredClone(choose(WRONG_TYPES, x.pick2)));
        return label(p);
      },
    },
    {
      name: 'out of range',
      apply: (d, x) => {
        const p = node(d, x, (q) => ['number', 'string'].includes(typeof getAt(d.json, q)));
        if (!p) return undefined;
        d.json = setAt(d.json, p, choose(OUT_OF_RANGE, x.pick2));
        return label(p);
      },
    },
    {
      name: 'missing field',
      apply: (d, x) => {
        const p = node(d, x, (q) => q.length > 0 && isObj(getAt(d.json, q.slice(0, -1))));
        if (!p) return undefined;
        delete (getAt(d.json, p.slice(0, -1)) as Record<string, unknown>)[p[p.length - 1] as string];
        return label(p);
      },
    },
    {
      name: 'extra field',
      apply: (d, x) => {
        const p = node(d, x, (q) => isObj(getAt(d.json, q)));
        if (!p) return undefined;
        (getAt(d.json, p) as Record<string, unknown>)[`extra${x.pick2 % 10}`] = x.json;
        return label(p);
      },
    },
    {
      name: 'huge string',
      apply: (d, x) => {
        const p = node(d, x, (q) => q.length > 0);
        if (!p) return undefined;
        d.json = setAt(d.json, p, choose(['é', 'a', '😀'], x.pick2).repeat(choose([4001, 20_000], x.pick2 >> 2)));
        return label(p);
      },
    },
    {
      name: 'NUL or lone surrogate',
      apply: (d, x) => {
        const p = node(d, x, (q) => q.length > 0);
        if (!p) return undefined;
        d.json = setAt(d.json, p, choose(['a\u0000b', '\uD800', 'x\uDFFFy', '\u0000'], x.pick2));
        return label(p);
      },
    },
    {
      name: 'forbidden key',
      apply: (d, x) => {
        const p = node(d, x, (q) => isObj(getAt(d.json, q)));
        if (!p) return undefined;
        // An own property of that name: JSON.stringify writes it, as an attacker's client would.
        Object.defineProperty(getAt(d.json, p), choose(['__proto__', 'constructor', 'prototype'], x.pick2), {
          value: { polluted: true },
          enumerable: true,
          writable: true,
          configurable: true,
        });
        return label(p);
      },
    },
    {
      name: 'array over its limit',
      apply: (d, x) => {
        const p = node(d, x, (q) => Array.isArray(getAt(d.json, q)));
        if (!p) return undefined;
        const items = getAt(d.json, p) as unknown[];
        d.json = setAt(
          d.json,
          p,
          Array.from({ length: 1001 }, (_, i) => items[i % Math.max(1, items.length)] ?? x.json),
        );
        return label(p);
      },
    },
    {
      name: 'key with NUL or lone surrogate',
      apply: (d, x) => {
        const p = node(d, x, (q) => isObj(getAt(d.json, q)));
        if (!p) return undefined;
        (getAt(d.json, p) as Record<string, unknown>)[choose(['a\u0000', '\uDC00'], x.pick2)] = 1;
        return label(p);
      },
    },
  ];
}

/** Mutations of a JSON body's text. */
function jsonTextMutations(maxBytes: number): Mutation[] {
  return [
    {
      name: 'malformed JSON',
      apply: (d, x) => {
        const text = JSON.stringify(d.json);
        const forms = [
          text.slice(0, x.pick2 % Math.max(1, text.length)),
          `${text}}`,
          `${text},`,
          '',
          '{',
          "{'a':1}",
          'nul',
          text.replace(/"/, "'"),
        ];
        d.rawBody = Buffer.from(choose(forms, x.pick));
        return undefined;
      },
    },
    {
      name: 'another JSON value',
      apply: (d, x) => {
        d.json = choose([null, [], 'string', 42, true, x.json, [d.json]], x.pick);
        return undefined;
      },
    },
    {
      name: 'body over the limit',
      apply: (d) => {
        const text = JSON.stringify(d.json);
        // Valid JSON, padded with spaces: only the size is wrong.
        d.rawBody = Buffer.from(`${text}${' '.repeat(maxBytes + 1 - Buffer.byteLength(text))}`);
        return String(maxBytes + 1);
      },
    },
    {
      name: 'invalid UTF-8 bytes',
      apply: (d, x) => {
        const text = Buffer.from(JSON.stringify(d.json));
        const at = text.indexOf('"', 1 + (x.pick % Math.max(1, text.length - 1)));
        d.rawBody =
          at < 0
            ? Buffer.concat([text, Buffer.from([0xff])])
            : Buffer.concat([text.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), text.subarray(at)]);
        return undefined;
      },
    },
  ];
}

/** Mutations of an HTML form's body. */
function formMutations(maxBytes: number): Mutation[] {
  return [
    {
      name: 'form field out of range',
      apply: (d, x) => {
        const form = new URLSearchParams(d.rawBody!.toString());
        const key = choose([...form.keys(), 'nps', 'smooth', 'role', 'lang', 'text'], x.pick);
        form.set(key, choose(['11', '-1', '0.5', '', 'x', '9999999999', 'cant_say', x.text], x.pick2));
        d.rawBody = Buffer.from(form.toString());
        return key;
      },
    },
    {
      name: 'form field forbidden',
      apply: (d, x) => {
        const extra = choose(
          ['__proto__=1', 'constructor=x', 'prototype=y', 'text=a%00b', 'nps=%00', 'text=%ED%A0%80', 'a%00=1', 'extra=1'],
          x.pick,
        );
        d.rawBody = Buffer.from(`${d.rawBody!.toString()}&${extra}`);
        return extra;
      },
    },
    {
      name: 'form over the limit',
      apply: (d) => {
        d.rawBody = Buffer.from(`${d.rawBody!.toString()}&text=${'a'.repeat(maxBytes)}`);
        return undefined;
      },
    },
    {
      name: 'malformed form',
      apply: (d, x) => {
        d.rawBody = Buffer.from(choose(['%', '=&=&', '&&&', 'nps', '%E0%A4%A=1', x.text], x.pick));
        return undefined;
      },
    },
  ];
}

/** Mutations of the content type, for routes with a body. */
const contentTypeMutation: Mutation = {
  name: 'content type',
  apply: (d, x) => {
    const t = choose(CONTENT_TYPES, x.pick);
    if (t === undefined) delete d.headers['content-type'];
    else d.headers['content-type'] = t;
    return t ?? '(none)';
  },
};

/** Mutations of the path parameters. */
function paramMutations(names: string[]): Mutation[] {
  return [
    {
      name: 'bad path parameter',
      apply: (d, x) => {
        const name = choose(names, x.pick);
        d.rawParams = { ...d.rawParams, [name]: choose(BAD_SEGMENTS, x.pick2) };
        return name;
      },
    },
    {
      name: 'random path parameter',
      apply: (d, x) => {
        const name = choose(names, x.pick);
        d.params[name] = x.text || 'x';
        return name;
      },
    },
  ];
}

/** Mutations of the query string. */
const queryMutations: Mutation[] = [
  {
    name: 'query parameter dropped',
    apply: (d, x) => {
      if (!d.query.length) return undefined;
      const [k] = d.query.splice(x.pick % d.query.length, 1)[0]!;
      return k;
    },
  },
  {
    name: 'query parameter value',
    apply: (d, x) => {
      const bad = [
        '',
        '%00',
        '%E0%A4%A',
        '2026-02-30',
        '2026-13',
        'x'.repeat(3000),
        '%ED%A0%80',
        enc(x.text),
        '9999-12-31',
        '0000-01-01',
        'de',
      ];
      const key = d.query.length ? d.query[x.pick % d.query.length]![0] : choose(['lang', 'from', 'node'], x.pick);
      d.query = d.query.filter(([k]) => k !== key);
      d.query.push([key, choose(bad, x.pick2)]);
      return key;
    },
  },
  {
    name: 'query parameter repeated',
    apply: (d, x) => {
      if (!d.query.length) return undefined;
      const [k, v] = d.query[x.pick % d.query.length]!;
      d.query.push([k, choose([v, 'other', ''], x.pick2)]);
      return k;
    },
  },
  {
    name: 'query parameter unknown',
    apply: (d, x) => {
      d.query.push([choose(['__proto__', 'constructor', 'extra', '%00', ''], x.pick), enc(x.text)]);
      return undefined;
    },
  },
];

/** Mutations of the Idempotency-Key, for routes that read it. */
const idempotencyMutation: Mutation = {
  name: 'idempotency key',
  apply: (d, x) => {
    d.headers['idempotency-key'] = choose(['', ' ', 'has space', 'é', 'x'.repeat(256), '\t'], x.pick);
    return undefined;
  },
};

/** Mutations of the bearer token: on scoped routes the authorizer's 401/403, elsewhere ignored. */
function authMutations(key: string, ctx: FuzzContext, scoped: boolean): Mutation[] {
  const valid = ctx.validToken.get(key) ?? ctx.expiredToken;
  const [head, payload, signature] = valid.split('.') as [string, string, string];
  const flip = (c: string) => (c === 'A' ? 'B' : 'A');
  const mid = Math.floor(signature.length / 2);
  const forged = `${head}.${payload}.${signature.slice(0, mid)}${flip(signature[mid]!)}${signature.slice(mid + 1)}`;
  const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
  const headers = [
    undefined,
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'Bearer x.y.z',
    `Bearer ${forged}`,
    `Bearer ${none}`,
    `Bearer ${ctx.expiredToken}`,
    `bearer ${valid}`,
    `Bearer ${valid} extra`,
    ...(scoped ? [`Bearer ${ctx.wrongScopeToken.get(key)!}`, `Bearer ${ctx.narrowToken.get(key)!}`] : []),
  ];
  return [
    {
      name: 'authorization',
      apply: (d, x) => {
        const h = choose(headers, x.pick);
        if (h === undefined) delete d.headers.authorization;
        else d.headers.authorization = h;
        return [
          'none',
          'Bearer',
          'Bearer-space',
          'Basic',
          'garbage',
          'forged',
          'alg none',
          'expired',
          'lower-case',
          'extra',
          'wrong scope',
          'narrow',
        ][x.pick % headers.length];
      },
    },
  ];
}

/** A whole random request on the route's method and path shape. */
const randomMutation: Mutation = {
  name: 'random',
  apply: (d, x) => {
    for (const k of Object.keys(d.params)) d.params[k] = x.text.slice(0, 1 + (x.pick % 8)) || 'r';
    d.query = x.pick2 % 2 ? [[enc(x.text), enc(JSON.stringify(x.json))]] : [];
    d.rawBody = Buffer.from(x.bytes);
    const type = choose([...CONTENT_TYPES, enc(x.text)], x.pick2);
    if (type === undefined) delete d.headers['content-type'];
    else d.headers['content-type'] = type;
    if (x.pick % 3 === 0) d.headers.authorization = `Bearer ${enc(x.text)}`;
    return undefined;
  },
};

/** The route's parts, ready to generate from: path parameter names and the contract. */
interface RoutePlan {
  key: string;
  spec: RouteSpec;
  contract: RouteContract;
  paramNames: string[];
}

function planOf(spec: RouteSpec): RoutePlan {
  const key = `${spec.method} ${spec.path}`;
  const contract = ROUTE_CONTRACTS[key];
  if (!contract) throw new NoGenerator(key, 'its contract', 'the route has no contract');
  return { key, spec, contract, paramNames: [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!) };
}

/**
 * The hints of one route over the shared ones: staff entry's pages go to the unit of the run's
 * session with its cookie (its code in the shared hints), and no new entry code is made for that unit,
 * which would end the session the pages are fuzzed with.
 */
function routeHints(plan: RoutePlan, ctx: FuzzContext, hint: Record<string, fc.Arbitrary<unknown>>): Record<string, fc.Arbitrary<unknown>> {
  // Two cases in ten have a contact: the contact route is sent to them half of the time, so it is
  // reached past its 404 whatever the seed.
  if (plan.key === 'GET /api/cases/{id}/contact')
    return { ...hint, id: fc.oneof(fc.constantFrom(...ctx.contactCaseIds), fc.constantFrom(...ctx.caseIds)) };
  if (plan.spec.path.startsWith('/staff/'))
    return { ...hint, unitId: fc.constant(ctx.staff.unitId), cookie: fc.constant(ctx.staff.cookie) };
  if (plan.key === 'POST /api/units/{unitId}/entry-code')
    return {
      ...hint,
      unitId: fc.constantFrom(
        ...loadConfig()
          .org.units()
          .map((u) => u.id)
          .filter((u) => u !== ctx.staff.unitId),
      ),
    };
  return hint;
}

/** Valid requests of one route, as drafts. */
function validDraft(plan: RoutePlan, ctx: FuzzContext, shared: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Draft> {
  const hint = routeHints(plan, ctx, shared);
  const fail =
    (where: string) =>
    (why: string): never => {
      throw new NoGenerator(plan.key, where, why);
    };
  const req = plan.contract.request;
  const params = plan.paramNames.length
    ? req.params
      ? validArb(req.params, 'params', hint, fail('params'))
      : fc.record(Object.fromEntries(plan.paramNames.map((p) => [p, hint[p] ?? fail(`params.${p}`)('a path parameter without a schema')])))
    : fc.constant({});
  const query = req.query ? validArb(req.query, 'query', hint, fail('query')) : fc.constant({});
  const headers = req.headers ? validArb(req.headers, 'headers', hint, fail('headers')) : fc.constant({});
  const body = bodyArb(plan, req.body, hint, fail('body'));
  return fc.record({ params, query, headers, body }).map(({ params: p, query: q, headers: h, body: b }) => {
    const d: Draft = {
      params: Object.fromEntries(Object.entries(p as object).map(([k, v]) => [k, String(v)])),
      query: Object.entries(q as object).map(([k, v]) => [enc(k), enc(String(v))]),
      headers: Object.fromEntries(Object.entries(h as object).map(([k, v]) => [k, String(v)])),
    };
    if (plan.spec.scopes?.length) d.headers.authorization = `Bearer ${ctx.validToken.get(plan.key)!}`;
    if (b) {
      d.headers['content-type'] = b.type;
      if (b.type === 'application/json') d.json = b.value;
      else d.rawBody = Buffer.from(String(b.value));
    }
    return d;
  });
}

function bodyArb(
  plan: RoutePlan,
  body: RouteContract['request']['body'],
  hint: Record<string, fc.Arbitrary<unknown>>,
  fail: (why: string) => never,
): fc.Arbitrary<{ type: MediaType; value: unknown } | undefined> {
  if (!body) return fc.constant(undefined);
  const value =
    body.type === 'application/json'
      ? validArb(body.schema, 'body', hint, fail)
      : (hint[`body:${body.type}`] ?? fail(`a ${body.type} body`));
  void plan;
  return value.map((v) => ({ type: body.type, value: v }));
}

/** Puts a draft on the wire. */
function toCase(plan: RoutePlan, mutation: string, d: Draft): FuzzCase {
  const path = plan.spec.path.replace(/\{(\w+)\}/g, (_m, name: string) => d.rawParams?.[name] ?? enc(d.params[name] ?? ''));
  const query = d.query.map(([k, v]) => `${k}=${v}`).join('&');
  const body = d.rawBody ?? (d.json !== undefined ? Buffer.from(JSON.stringify(d.json)) : undefined);
  return {
    route: plan.key,
    mutation,
    method: plan.spec.method,
    path: query ? `${path}?${query}` : path,
    headers: d.headers,
    ...(body ? { body } : {}),
  };
}

/** Every case of one route: valid ones, near-valid ones (one mutation) and random ones. */
export function routeCases(spec: RouteSpec, ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const plan = planOf(spec);
  const hint = hints(ctx);
  const valid = validDraft(plan, ctx, hint);
  const body = plan.contract.request.body;
  const mutations: Mutation[] = [
    ...(body?.type === 'application/json' ? [...jsonMutations(), ...jsonTextMutations(body.maxBytes)] : []),
    ...(body?.type === 'application/x-www-form-urlencoded' ? formMutations(body.maxBytes) : []),
    ...(body ? [contentTypeMutation] : []),
    ...(plan.paramNames.length ? paramMutations(plan.paramNames) : []),
    ...(plan.contract.request.query ? queryMutations : queryMutations.filter((m) => m.name === 'query parameter unknown')),
    ...(plan.contract.request.headers && 'idempotency-key' in (defOf(plan.contract.request.headers).shape ?? {})
      ? [idempotencyMutation]
      : []),
    ...authMutations(plan.key, ctx, Boolean(spec.scopes?.length)),
  ];
  const mutated = fc.tuple(valid, fc.constantFrom(...mutations), dice).map(([d, m, x]) => {
    const what = m.apply(d, x);
    return toCase(plan, what ? `${m.name}: ${what}` : m.name, d);
  });
  return fc.oneof(
    { weight: 15, arbitrary: valid.map((d) => toCase(plan, 'valid', d)) },
    { weight: 75, arbitrary: mutated },
    {
      weight: 10,
      arbitrary: fc.tuple(valid, dice).map(([d, x]) => {
        randomMutation.apply(d, x);
        return toCase(plan, 'random', d);
      }),
    },
  );
}

/**
 * `count` cases spread over every route of the manifest (the same number each, the remainder to the
 * first routes), reproducible from `seed`. Throws `NoGenerator` for a route none can be built for.
 */
export function fuzzCases(ctx: FuzzContext, seed: number, count: number): FuzzCase[] {
  const per = Math.floor(count / manifestRoutes.length);
  const extra = count % manifestRoutes.length;
  return manifestRoutes.flatMap((spec, i) => fc.sample(routeCases(spec, ctx), { seed: seed + i, numRuns: per + (i < extra ? 1 : 0) }));
}

// ---------------------------------------------------------------------------------------------------
// Running and checking.

/** Sends one case on a keep-alive agent and reads the whole answer. */
export function send(agent: Agent, base: URL, c: FuzzCase): Promise<FuzzReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: c.method,
        path: c.path,
        headers: { ...c.headers, 'content-length': String(c.body?.length ?? 0) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('end', () => {
          const headers = res.headers;
          resolve({
            status: res.statusCode ?? 0,
            headers: {
              get: (name) => ((v) => (v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v)))(headers[name.toLowerCase()]),
            },
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(c.body);
  });
}

/** The manifest's routes as the local stack matches them, to tell which route a wire path reaches. */
const MATCHABLE: LocalRoute[] = manifestRoutes.map((spec) => ({
  spec,
  timeoutSeconds: 0,
  load: () => Promise.reject(new Error('not served')),
}));

/** A problem found with one case, by kind: the bench counts them, the test prints them. */
export interface Finding {
  kind: '5xx' | 'undocumented' | 'rows written by invalid input';
  detail: string;
}

/**
 * Refusals that write on purpose, by route, status and table: a wrong staff entry code is counted
 * against the unit's lockout (one `staffentry` row per unit), which is the point of answering it 401.
 */
const WRITES_WHEN_REFUSED: Record<string, Record<number, readonly string[]>> = {
  'POST /staff/{unitId}/session': { 401: ['staffentry'], 429: ['staffentry'] },
};

/**
 * Checks one answered case: no 5xx; the status and body documented for the route the path reaches
 * (or API Gateway's 404 `{"message":"Not Found"}` for a path no route matches, as the document's
 * description says); and, when the request was refused (4xx) or was an idempotent replay, the same
 * number of rows in every table before and after.
 */
export function checkCase(
  shapes: DocumentedShapes,
  c: FuzzCase,
  r: FuzzReply,
  before?: Record<string, number>,
  after?: Record<string, number>,
): Finding[] {
  const out: Finding[] = [];
  if (r.status >= 500) out.push({ kind: '5xx', detail: `${r.status} ${r.body.slice(0, 200)}` });
  const m = matchRoute(MATCHABLE, c.method, new URL(c.path, 'http://localhost').pathname);
  if (!m) {
    if (r.status !== 404 || r.body !== '{"message":"Not Found"}')
      out.push({ kind: 'undocumented', detail: `no route matches, yet ${r.status} ${r.body.slice(0, 200)}` });
  } else {
    for (const p of shapes.problems(c.method, m.route.spec.path, r)) out.push({ kind: 'undocumented', detail: p });
  }
  const refused = r.status >= 400 || r.headers.get('idempotent-replayed') === 'true';
  if (refused && before && after) {
    const allowed = m ? (WRITES_WHEN_REFUSED[`${c.method} ${m.route.spec.path}`] ?? {}) : {};
    const changed = Object.keys(after).filter((t) => after[t] !== before[t] && !allowed[r.status]?.includes(t));
    if (changed.length)
      out.push({
        kind: 'rows written by invalid input',
        detail: changed.map((t) => `${t}: ${before[t]} → ${after[t]}`).join(', '),
      });
  }
  return out;
}

/** Totals of a fuzz run. */
export interface FuzzSummary {
  seed: number;
  cases: number;
  byKind: Record<Finding['kind'], number>;
  /** Rows written by refused requests, summed over every table. */
  rowsWrittenByInvalid: number;
  /** Per route key: cases and statuses seen. */
  routes: Record<string, { cases: number; statuses: Record<number, number> }>;
  /** The first failures, each with its case, for the message. */
  failures: { index: number; case: FuzzCase; status: number; findings: Finding[] }[];
}

/** Whether a route's function holds any grant that writes a table (on AWS and, by the local IAM, here). */
export function routeWrites(routeKey: string): boolean {
  const spec = manifestRoutes.find((r) => `${r.method} ${r.path}` === routeKey)!;
  return Object.values(functions[spec.function].tables as Record<string, readonly string[]>).some((actions) =>
    actions.some((a) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/.test(a)),
  );
}

/**
 * Runs the cases one at a time on one connection. Every table's rows are counted before and after
 * each case of a route whose function may write, so a refused request that wrote anything is caught
 * by itself; a run of consecutive cases on read-only routes is counted once before and once after,
 * and any change in it is a finding (their functions may not write at all).
 */
export async function runFuzz(
  stack: LocalStack,
  cases: readonly FuzzCase[],
  seed: number,
  onProgress?: (done: number) => void,
): Promise<FuzzSummary> {
  const shapes = await DocumentedShapes.load(stack.url);
  const base = new URL(stack.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const summary: FuzzSummary = {
    seed,
    cases: 0,
    byKind: { '5xx': 0, undocumented: 0, 'rows written by invalid input': 0 },
    rowsWrittenByInvalid: 0,
    routes: {},
    failures: [],
  };
  const fail = (index: number, c: FuzzCase, status: number, findings: Finding[]) => {
    for (const f of findings) summary.byKind[f.kind]++;
    if (summary.failures.length < 20) summary.failures.push({ index, case: c, status, findings });
  };
  const added = (before: Record<string, number>, after: Record<string, number>) =>
    Object.keys(after).reduce((n, t) => n + Math.abs(after[t]! - before[t]!), 0);
  const writes = new Map<string, boolean>();
  try {
    let before = await rowCounts(stack);
    let readOnlyRun: number[] = [];
    const closeRun = async () => {
      if (!readOnlyRun.length) return;
      const after = await rowCounts(stack);
      if (added(before, after)) {
        const first = readOnlyRun[0]!;
        const detail = `cases #${first}–#${readOnlyRun[readOnlyRun.length - 1]} of read-only routes changed ${JSON.stringify(before)} to ${JSON.stringify(after)}`;
        summary.rowsWrittenByInvalid += added(before, after);
        fail(first, cases[first]!, 0, [{ kind: 'rows written by invalid input', detail }]);
      }
      before = after;
      readOnlyRun = [];
    };
    for (const [index, c] of cases.entries()) {
      if (!writes.has(c.route)) writes.set(c.route, routeWrites(c.route));
      const writer = writes.get(c.route)!;
      if (writer) await closeRun();
      const reply = await send(agent, base, c);
      summary.routes[c.route] ??= { cases: 0, statuses: {} };
      const route = summary.routes[c.route]!;
      route.cases++;
      route.statuses[reply.status] = (route.statuses[reply.status] ?? 0) + 1;
      summary.cases++;
      if (writer) {
        const after = await rowCounts(stack);
        const findings = checkCase(shapes, c, reply, before, after);
        if (findings.some((f) => f.kind === 'rows written by invalid input')) summary.rowsWrittenByInvalid += added(before, after);
        if (findings.length) fail(index, c, reply.status, findings);
        before = after;
      } else {
        readOnlyRun.push(index);
        const findings = checkCase(shapes, c, reply);
        if (findings.length) fail(index, c, reply.status, findings);
      }
      if (onProgress && (index + 1) % 1000 === 0) onProgress(index + 1);
    }
    await closeRun();
  } finally {
    agent.destroy();
  }
  return summary;
}

/** A failure as a reader can replay it: the seed, the case's index and the request, shortened. */
export function describeFailure(seed: number, f: FuzzSummary['failures'][number]): string {
  const body = f.case.body ? f.case.body.toString('utf8').slice(0, 300) : '';
  const path = f.case.path.length > 300 ? `${f.case.path.slice(0, 300)}…` : f.case.path;
  return [
    `seed ${seed}, case #${f.index} (${f.case.route}; ${f.case.mutation}) answered ${f.status}:`,
    `  ${f.case.method} ${path}`,
    `  headers ${JSON.stringify(f.case.headers).slice(0, 300)}`,
    ...(body ? [`  body ${JSON.stringify(body)}`] : []),
    ...f.findings.map((x) => `  ${x.kind}: ${x.detail}`),
  ].join('\n');
}
