/**
 * Themes and sentiment on cases over real HTTP on the local stack: the queue and the case return the
 * labels the answer carried (and the marked names to the unit's handlers), `theme` and `sentiment`
 * filter the queue, a handler's correction (`PATCH` with `themes` and/or `sentiment`) lands with the
 * machine's labels kept and `labels_corrected` in the history, and bad input is refused naming the
 * field with nothing changed — an unknown theme or sentiment, no theme, a case without a comment,
 * another unit's handler (403).
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { type Case, openCase } from '#shared/cases/case.ts';
import { caseDetailSchema, caseListSchema, correctionsSchema } from '#shared/cases/contracts.ts';
import { DynamoCaseStore } from '#shared/cases/dynamo-case-store.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { answerOf, HANDLING } from '../support/fixtures.ts';

let stack: LocalStack;
let store: DynamoCaseStore;
const tok = { unit: '', service: '', other: '' };

const labelled = (unitId: string, at: string, over: Parameters<typeof answerOf>[2]): Case =>
  openCase(answerOf(unitId, at, over), HANDLING, { taxonomyVersion: 1 });

const booking = labelled('keskusta-ta', '2026-06-10T10:00:00.000Z', {
  text: 'Ajanvaraus ei vastannut.',
  themes: ['booking', 'phone_service'],
  sentiment: 'negative',
});
const praise = labelled('keskusta-ta', '2026-06-11T10:00:00.000Z', {
  text: 'Hoitaja Anna Berg oli ihana.',
  textNames: [{ start: 8, end: 17 }],
  themes: ['encounter'],
  sentiment: 'positive',
});
const mixed = labelled('rantala-ta', '2026-06-12T10:00:00.000Z', {
  text: 'Hyvä lääkäri, mutta jono oli pitkä.',
  themes: ['professional_skill', 'waiting'],
  sentiment: 'mixed',
});
const silent = labelled('keskusta-ta', '2026-06-09T10:00:00.000Z', { text: undefined, contactRequested: true });

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set('2026-06-15T09:00:00.000Z');
  store = new DynamoCaseStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.cases);
  for (const c of [booking, praise, mixed, silent]) await store.create(c);
  const all = ['cases:read', 'cases:write'];
  tok.unit = await stack.auth.issue(all, ['keskusta-ta'], 'unit-handler');
  tok.service = await stack.auth.issue(all, ['terveysasemat'], 'service-handler');
  tok.other = await stack.auth.issue(all, ['rantala-ta'], 'other-handler');
});
afterAll(() => stack?.close());

async function call(method: string, path: string, token: string, opts: { body?: unknown; ifMatch?: string } = {}) {
  const res = await fetch(stack.url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.ifMatch ? { 'if-match': opts.ifMatch } : {}),
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}
const ids = (r: { body: Record<string, unknown> | null }) => (r.body as { cases: { id: string }[] }).cases.map((c) => c.id);
const issuePaths = (r: { body: Record<string, unknown> | null }) =>
  (r.body as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);

describe('labels in the Cases API', () => {
  it('lists each case with its themes, sentiment, who labelled it and its marked names', async () => {
    const r = await call('GET', '/api/cases?node=keskusta-ta', tok.unit);
    expect(r.status).toBe(200);
    expect(caseListSchema.safeParse(r.body).success).toBe(true);
    const cases = (r.body as { cases: Record<string, unknown>[] }).cases;
    expect(cases.find((c) => c.id === booking.id)).toMatchObject({
      themes: ['booking', 'phone_service'],
      sentiment: 'negative',
      labelledBy: 'offline',
      textNames: [],
    });
    expect(cases.find((c) => c.id === praise.id)).toMatchObject({
      text: 'Hoitaja Anna Berg oli ihana.',
      textNames: [{ start: 8, end: 17 }],
    });
    // A case without a comment has no labels.
    expect(cases.find((c) => c.id === silent.id)).toMatchObject({ themes: [], sentiment: null, labelledBy: null });
  });

  it('shows the case with the names visible to its handlers, the taxonomy version and no machine labels yet', async () => {
    const r = await call('GET', `/api/cases/${praise.id}`, tok.unit);
    expect(r.status).toBe(200);
    expect(caseDetailSchema.safeParse(r.body).success).toBe(true);
    expect(r.body).toMatchObject({ text: 'Hoitaja Anna Berg oli ihana.', taxonomyVersion: 1, machineLabels: null });
    const text = r.body!.text as string;
    expect(text.slice(8, 17)).toBe('Anna Berg');
  });

  it.each([
    ['theme=booking', 'keskusta-ta', [booking.id]],
    ['theme=encounter', 'keskusta-ta', [praise.id]],
    ['sentiment=positive', 'keskusta-ta', [praise.id]],
    ['theme=booking&sentiment=positive', 'keskusta-ta', []],
    ['theme=waiting', 'terveysasemat', [mixed.id]],
    ['sentiment=mixed', 'terveysasemat', [mixed.id]],
  ])('filters %s at %s', async (q, node, expected) => {
    const r = await call('GET', `/api/cases?node=${node}&${q}`, node === 'terveysasemat' ? tok.service : tok.unit);
    expect(r.status).toBe(200);
    expect(ids(r)).toEqual(expected);
  });

  it.each([
    ['theme=parking', 'query.theme'],
    ['sentiment=angry', 'query.sentiment'],
  ])('refuses %s naming %s', async (q, path) => {
    const r = await call('GET', `/api/cases?node=keskusta-ta&${q}`, tok.unit);
    expect(r.status).toBe(400);
    expect(issuePaths(r)).toEqual([path]);
  });
});

describe('a correction by a handler', () => {
  it('replaces the labels, keeps the machine labels and records before → after in the history', async () => {
    const r = await call('PATCH', `/api/cases/${booking.id}`, tok.unit, {
      body: { themes: ['waiting', 'booking'], sentiment: 'mixed' },
      ifMatch: '1',
    });
    expect(r.status).toBe(200);
    expect(caseDetailSchema.safeParse(r.body).success).toBe(true);
    expect(r.body).toMatchObject({
      version: 2,
      // In taxonomy order, whatever order the handler sent.
      themes: ['booking', 'waiting'],
      sentiment: 'mixed',
      labelledBy: 'handler',
      machineLabels: { themes: ['booking', 'phone_service'], sentiment: 'negative', by: 'offline' },
    });
    const history = r.body!.history as Record<string, unknown>[];
    expect(history.at(-1)).toEqual({
      at: expect.any(String),
      actor: 'unit-handler',
      action: 'labels_corrected',
      themesFrom: ['booking', 'phone_service'],
      themesTo: ['booking', 'waiting'],
      sentimentFrom: 'negative',
      sentimentTo: 'mixed',
    });
    // Stored with the instant the aggregation recounts the answer's day from.
    expect((await store.get(booking.id))?.relabelledAt).toEqual(expect.any(String));
    // The queue filters by the corrected labels.
    expect(ids(await call('GET', '/api/cases?node=keskusta-ta&theme=waiting', tok.unit))).toEqual([booking.id]);
    expect(ids(await call('GET', '/api/cases?node=keskusta-ta&theme=phone_service', tok.unit))).toEqual([]);
  });

  it('keeps the first machine labels through a second correction, and records only what changed', async () => {
    const r = await call('PATCH', `/api/cases/${booking.id}`, tok.service, { body: { sentiment: 'negative' }, ifMatch: '2' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sentiment: 'negative', machineLabels: { themes: ['booking', 'phone_service'], sentiment: 'negative' } });
    const last = (r.body!.history as Record<string, unknown>[]).at(-1)!;
    expect(last).toEqual({
      at: expect.any(String),
      actor: 'service-handler',
      action: 'labels_corrected',
      sentimentFrom: 'mixed',
      sentimentTo: 'negative',
    });
  });

  it('records nothing when the labels sent are the ones the case has', async () => {
    const before = await store.get(praise.id);
    const r = await call('PATCH', `/api/cases/${praise.id}`, tok.unit, {
      body: { themes: ['encounter'], sentiment: 'positive' },
      ifMatch: '1',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ labelledBy: 'offline', machineLabels: null });
    expect((r.body!.history as unknown[]).length).toBe(before!.history.length);
  });

  it.each([
    [{ themes: ['parking'] }, 'themes[0]'],
    [{ themes: [] }, 'themes'],
    [{ themes: ['booking', 'booking'] }, 'themes'],
    [{ sentiment: 'angry' }, 'sentiment'],
    [{ themes: 'booking' }, 'themes'],
  ])('refuses %j naming %s, changing nothing', async (body, path) => {
    const before = await store.get(mixed.id);
    const r = await call('PATCH', `/api/cases/${mixed.id}`, tok.other, { body, ifMatch: String(before!.version) });
    expect(r.status).toBe(400);
    expect(issuePaths(r)).toEqual([path]);
    expect(await store.get(mixed.id)).toEqual(before);
  });

  it('refuses labels on a case without a comment, naming the field', async () => {
    const r = await call('PATCH', `/api/cases/${silent.id}`, tok.unit, { body: { themes: ['booking'] }, ifMatch: '1' });
    expect(r.status).toBe(400);
    expect(issuePaths(r)).toEqual(['themes']);
  });

  it("refuses another unit's handler with 403, changing nothing", async () => {
    const before = await store.get(mixed.id);
    const r = await call('PATCH', `/api/cases/${mixed.id}`, tok.unit, {
      body: { themes: ['encounter'] },
      ifMatch: String(before!.version),
    });
    expect(r.status).toBe(403);
    expect(await store.get(mixed.id)).toEqual(before);
    expect((await call('GET', `/api/cases/${mixed.id}`, tok.unit)).status).toBe(403);
  });
});

describe('GET /api/cases/corrections', () => {
  it("exports the handlers' corrections of the node as labelled data, names masked", async () => {
    // A correction of the case that names a nurse: the export masks the name.
    const named = await call('PATCH', `/api/cases/${praise.id}`, tok.unit, { body: { sentiment: 'mixed' }, ifMatch: '2' });
    expect(named.status).toBe(200);
    const r = await call('GET', '/api/cases/corrections?node=terveysasemat', tok.service);
    expect(r.status).toBe(200);
    expect(correctionsSchema.safeParse(r.body).success).toBe(true);
    const list = (r.body as { corrections: Record<string, unknown>[] }).corrections;
    expect(list.map((c) => c.caseId)).toEqual([booking.id, praise.id]);
    expect(list[0]).toEqual({
      caseId: booking.id,
      unitId: 'keskusta-ta',
      lang: 'fi',
      taxonomyVersion: 1,
      text: 'Ajanvaraus ei vastannut.',
      machine: { themes: ['booking', 'phone_service'], sentiment: 'negative', by: 'offline' },
      corrected: { themes: ['booking', 'waiting'], sentiment: 'negative' },
      correctedAt: expect.any(String),
    });
    expect(list[1]).toMatchObject({ text: 'Hoitaja [nimi] oli ihana.', corrected: { themes: ['encounter'], sentiment: 'mixed' } });
    expect(JSON.stringify(r.body)).not.toContain('Anna Berg');
  });

  it("shows a handler only their nodes' corrections, and refuses bad input naming the field", async () => {
    const other = await call('GET', '/api/cases/corrections?node=rantala-ta', tok.other);
    expect(other.status).toBe(200);
    expect((other.body as { corrections: unknown[] }).corrections).toEqual([]);
    expect((await call('GET', '/api/cases/corrections?node=keskusta-ta', tok.other)).status).toBe(403);
    const bad = await call('GET', '/api/cases/corrections?node=keskusta-ta&from=2026-13-01', tok.unit);
    expect(bad.status).toBe(400);
    expect(issuePaths(bad)).toEqual(['query.from']);
    const none = await call('GET', '/api/cases/corrections?node=keskusta-ta&to=2020-01-01', tok.unit);
    expect((none.body as { corrections: unknown[] }).corrections).toEqual([]);
  });
});
