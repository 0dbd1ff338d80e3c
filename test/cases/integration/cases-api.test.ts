/**
 * The Cases API over real HTTP on the local stack: the queue with its filters and paging for a unit's
 * and a service's handler; one case with its ETag and never the contact data; the contact details,
 * audited in the history, and 410 once erased; every change of PATCH (status, assignee, note; If-Match
 * bare or quoted) landing in the history at version + 1 with `CaseClosed` on close; and every bad
 * input of the API answered with its status and the JSON error shape while nothing changes — 401,
 * 403 (scope, another node), 404, 400 (each bad parameter, body, If-Match, cursor), 415, 428, 409
 * (stale version, `invalid_transition`). Two concurrent PATCHes of one version: one 200, one 409.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { applyPatch } from '#shared/cases/case.ts';
import { caseDetailSchema, caseListSchema } from '#shared/cases/contracts.ts';
import { DynamoCaseStore } from '#shared/cases/dynamo-case-store.ts';
import { snapshot, startTestStack } from '../../support/local-stack.ts';
import { caseOf, HANDLING } from '../support/fixtures.ts';

let stack: LocalStack;
let store: DynamoCaseStore;
const tok: Record<string, string> = {};
const handling = HANDLING;
const NOW = '2026-06-15T09:00:00.000Z';
/** The dev clock keeps ticking from NOW: an instant of that minute. */
const nowish = expect.stringMatching(/^2026-06-15T09:0\d:/);

const kase = caseOf;

// The fixture: keskusta-ta has a text case, a contact case (overdue on NOW), a closed one; rantala-ta one; fysioterapia one.
const textCase = kase('keskusta-ta', '2026-06-10T10:00:00.000Z');
const contactCase = kase('keskusta-ta', '2026-05-20T10:00:00.000Z', { contactRequested: true, text: undefined });
const closedCase = applyPatch(
  kase('keskusta-ta', '2026-06-01T10:00:00.000Z'),
  { status: 'closed' },
  'h0',
  new Date('2026-06-02T10:00:00Z'),
  handling,
).next;
const rantala = kase('rantala-ta', '2026-06-11T10:00:00.000Z');
const fysio = kase('fysioterapia', '2026-06-12T10:00:00.000Z');

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set(NOW);
  store = new DynamoCaseStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.cases);
  for (const c of [textCase, contactCase, { ...closedCase, version: 1 }, rantala, fysio]) await store.create(c);
  await stack.contacts.put(contactCase.feedbackId, { name: 'Maija Meikäläinen', phone: '+358401234567' });
  const all = ['cases:read', 'cases:write', 'contacts:read'];
  tok.unit = await stack.auth.issue(all, ['keskusta-ta'], 'unit-handler');
  tok.service = await stack.auth.issue(all, ['terveysasemat'], 'service-handler');
  tok.other = await stack.auth.issue(all, ['kuntoutus'], 'other-handler');
  tok.readOnly = await stack.auth.issue(['cases:read'], ['keskusta-ta'], 'reader');
  tok.reports = await stack.auth.issue(['reports:read'], ['keskusta-ta'], 'manager');
  tok.noNodes = await stack.auth.issue(all, [], 'nobody');
});
afterAll(() => stack?.close());

async function call(
  method: string,
  path: string,
  token: string | undefined,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(stack.url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}
const patch = (id: string, body: unknown, ifMatch: string | undefined, token = tok.unit) =>
  call('PATCH', `/api/cases/${id}`, token, { body, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
const errorOf = (r: { body: Record<string, unknown> | null }) => (r.body as { error: { code: string; issues: { path: string }[] } }).error;
/** The documented JSON error shape exactly, with one issue naming `path`. */
const errorShape = (code: string, path: string) => ({
  error: { code, message: expect.any(String), issues: [{ path, message: expect.any(String) }] },
});

describe('GET /api/cases', () => {
  it("lists a unit's cases newest first, in the contract's shape", async () => {
    const r = await call('GET', '/api/cases?node=keskusta-ta', tok.unit);
    expect(r.status).toBe(200);
    expect(caseListSchema.safeParse(r.body).success).toBe(true);
    const body = r.body as { cases: { id: string; overdue: boolean }[]; next: null };
    expect(body.cases.map((c) => c.id)).toEqual([textCase.id, closedCase.id, contactCase.id]);
    expect(body.next).toBeNull();
    expect(body.cases.find((c) => c.id === contactCase.id)?.overdue).toBe(true);
  });

  it("gives a service's handler every case of its units, not a unit's handler the service's", async () => {
    const r = await call('GET', '/api/cases?node=terveysasemat', tok.service);
    expect((r.body as { cases: { id: string }[] }).cases.map((c) => c.id)).toEqual([
      rantala.id,
      textCase.id,
      closedCase.id,
      contactCase.id,
    ]);
    expect((await call('GET', '/api/cases?node=terveysasemat', tok.unit)).status).toBe(403);
  });

  it.each([
    ['status=closed', [closedCase.id]],
    ['overdue=true', [contactCase.id]],
    ['contactRequested=true', [contactCase.id]],
    ['escalated=true', []],
    ['from=2026-06-01&to=2026-06-10', [textCase.id, closedCase.id]],
    ['from=2026-06-02', [textCase.id]],
    ['to=2026-05-31', [contactCase.id]],
  ])('filters %s', async (q, ids) => {
    const r = await call('GET', `/api/cases?node=keskusta-ta&${q}`, tok.unit);
    expect(r.status).toBe(200);
    expect((r.body as { cases: { id: string }[] }).cases.map((c) => c.id)).toEqual(ids);
  });

  it('pages with limit and cursor', async () => {
    const first = await call('GET', '/api/cases?node=terveysasemat&limit=3', tok.service);
    const body = first.body as { cases: { id: string }[]; next: string };
    expect(body.cases).toHaveLength(3);
    const second = await call('GET', `/api/cases?node=terveysasemat&limit=3&cursor=${encodeURIComponent(body.next)}`, tok.service);
    expect((second.body as { cases: { id: string }[]; next: null }).cases.map((c) => c.id)).toEqual([contactCase.id]);
    expect((second.body as { next: null }).next).toBeNull();
  });

  it.each([
    ['', 400, 'validation_failed', 'query.node'],
    ['node=keskusta-ta&status=open', 400, 'validation_failed', 'query.status'],
    ['node=keskusta-ta&limit=0', 400, 'validation_failed', 'query.limit'],
    ['node=keskusta-ta&limit=101', 400, 'validation_failed', 'query.limit'],
    ['node=keskusta-ta&limit=ten', 400, 'validation_failed', 'query.limit'],
    ['node=keskusta-ta&overdue=yes', 400, 'validation_failed', 'query.overdue'],
    ['node=keskusta-ta&from=2026-02-30', 400, 'validation_failed', 'query.from'],
    ['node=keskusta-ta&from=2026-06-10&to=2026-06-01', 400, 'validation_failed', 'query.to'],
    ['node=keskusta-ta&cursor=bm9wZQ', 400, 'validation_failed', 'query.cursor'],
    ['node=nowhere', 404, 'not_found', 'query.node'],
    ['node=kuntoutus', 403, 'forbidden', 'query.node'],
    [`node=${'x'.repeat(65)}`, 400, 'validation_failed', 'query.node'],
    ['node=keskusta-ta&status=', 400, 'validation_failed', 'query.status'],
    ['node=keskusta-ta&limit=-1', 400, 'validation_failed', 'query.limit'],
    ['node=keskusta-ta&limit=1.5', 400, 'validation_failed', 'query.limit'],
    ['node=keskusta-ta&contactRequested=yes', 400, 'validation_failed', 'query.contactRequested'],
    ['node=keskusta-ta&escalated=1', 400, 'validation_failed', 'query.escalated'],
    ['node=keskusta-ta&from=1.6.2026', 400, 'validation_failed', 'query.from'],
    ['node=keskusta-ta&to=2026-13-01', 400, 'validation_failed', 'query.to'],
    [`node=keskusta-ta&cursor=${'x'.repeat(1025)}`, 400, 'validation_failed', 'query.cursor'],
  ])('?%s → %i %s naming %s, changing nothing', async (q, status, code, path) => {
    const before = await snapshot(stack);
    const r = await call('GET', `/api/cases?${q}`, tok.unit);
    expect(r.status).toBe(status);
    expect(r.body).toEqual({
      error: { code, message: expect.any(String), issues: expect.arrayContaining([expect.objectContaining({ path })]) },
    });
    expect(await snapshot(stack)).toBe(before);
  });

  it('answers 401 without a token, 403 without the scope (API Gateway), 403 without org nodes (handler)', async () => {
    expect(await call('GET', '/api/cases?node=keskusta-ta', undefined)).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
    expect(await call('GET', '/api/cases?node=keskusta-ta', tok.reports)).toMatchObject({ status: 403, body: { message: 'Forbidden' } });
    expect(errorOf(await call('GET', '/api/cases?node=keskusta-ta', tok.noNodes)).code).toBe('forbidden');
  });
});

describe('GET /api/cases/{id}', () => {
  it('gives the case with notes, history and its version as ETag; never the contact data', async () => {
    const r = await call('GET', `/api/cases/${contactCase.id}`, tok.unit);
    expect(r.status).toBe(200);
    expect(caseDetailSchema.safeParse(r.body).success).toBe(true);
    expect(r.headers.get('etag')).toBe('"1"');
    expect(JSON.stringify(r.body)).not.toContain('358401234567');
    expect(JSON.stringify(r.body)).not.toContain('Maija');
    expect(r.body).toMatchObject({
      id: contactCase.id,
      contactRequested: true,
      notes: [],
      history: [{ action: 'created', actor: 'system' }],
    });
  });

  it('answers 404 for an unknown id and 403 for a case of another node', async () => {
    const unknown = await call('GET', '/api/cases/00000000-0000-4000-8000-999999999999', tok.unit);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(errorShape('not_found', 'path.id'));
    for (const bad of ['x'.repeat(3000), 'a%20b', '%C3%A4']) expect((await call('GET', `/api/cases/${bad}`, tok.unit)).status).toBe(404);
    const other = await call('GET', `/api/cases/${fysio.id}`, tok.unit);
    expect(other.status).toBe(403);
    expect(errorOf(other).code).toBe('forbidden');
    expect(other.body).toEqual({ error: { code: 'forbidden', message: expect.any(String), issues: expect.any(Array) } });
  });

  it('answers 401 without a token, 403 without cases:read (API Gateway) and without org nodes (handler)', async () => {
    expect(await call('GET', `/api/cases/${textCase.id}`, undefined)).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
    expect(await call('GET', `/api/cases/${textCase.id}`, tok.reports)).toMatchObject({ status: 403, body: { message: 'Forbidden' } });
    const none = await call('GET', `/api/cases/${textCase.id}`, tok.noNodes);
    expect(none.status).toBe(403);
    expect(errorOf(none).code).toBe('forbidden');
  });
});

describe('GET /api/cases/{id}/contact', () => {
  it('gives the contact details (absent fields omitted) and records contact_viewed with the reader', async () => {
    const r = await call('GET', `/api/cases/${contactCase.id}/contact`, tok.service);
    expect(r).toMatchObject({ status: 200, body: { name: 'Maija Meikäläinen', phone: '+358401234567' } });
    expect(r.body).not.toHaveProperty('email');
    const after = await store.get(contactCase.id);
    expect(after?.history.at(-1)).toEqual({ at: nowish, actor: 'service-handler', action: 'contact_viewed' });
  });

  it('refuses without contacts:read (API Gateway), for another node, for a case without a contact request', async () => {
    const before = await snapshot(stack);
    expect(await call('GET', `/api/cases/${contactCase.id}/contact`, tok.readOnly)).toMatchObject({
      status: 403,
      body: { message: 'Forbidden' },
    });
    expect(errorOf(await call('GET', `/api/cases/${contactCase.id}/contact`, tok.other)).code).toBe('forbidden');
    const text = await call('GET', `/api/cases/${textCase.id}/contact`, tok.unit);
    expect(text.status).toBe(404);
    expect(errorOf(text).code).toBe('not_found');
    const unknown = await call('GET', '/api/cases/00000000-0000-4000-8000-999999999999/contact', tok.unit);
    expect(unknown).toMatchObject({ status: 404, body: errorShape('not_found', 'path.id') });
    expect(await call('GET', `/api/cases/${contactCase.id}/contact`, undefined)).toMatchObject({ status: 401 });
    // No read happened: no contact_viewed for any refusal.
    expect(await snapshot(stack)).toBe(before);
  });

  it('answers 410 contact_deleted once the contact was erased', async () => {
    const c = kase('keskusta-ta', '2026-04-01T10:00:00.000Z', { contactRequested: true });
    await store.create({ ...c, status: 'closed', closedAt: '2026-04-02T10:00:00.000Z', contactDeletedAt: '2026-05-03T01:15:00.000Z' });
    const before = await snapshot(stack);
    const r = await call('GET', `/api/cases/${c.id}/contact`, tok.unit);
    expect(r.status).toBe(410);
    expect(r.body).toEqual({ error: { code: 'contact_deleted', message: expect.any(String), issues: expect.any(Array) } });
    // Nothing was read, so nothing is recorded.
    expect(await snapshot(stack)).toBe(before);
  });
});

describe('PATCH /api/cases/{id}', () => {
  it('changes status, assignee and adds a note at version + 1, If-Match bare or quoted, all in the history', async () => {
    const c = kase('rantala-ta', '2026-06-13T10:00:00.000Z');
    await store.create(c);
    const one = await patch(c.id, { status: 'in_progress', assignee: 'Hoitaja H.' }, '1', tok.service);
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe('"2"');
    expect(caseDetailSchema.safeParse(one.body).success).toBe(true);
    expect(one.body).toMatchObject({ status: 'in_progress', assignee: 'Hoitaja H.', version: 2 });
    const two = await patch(c.id, { note: 'Soitettu yksikköön.', status: 'closed' }, '"2"', tok.service);
    expect(two.body).toMatchObject({
      status: 'closed',
      version: 3,
      notes: [{ author: 'service-handler', text: 'Soitettu yksikköön.', at: nowish }],
    });
    expect((two.body as { history: { action: string }[] }).history.map((h) => h.action)).toEqual([
      'created',
      'status_changed',
      'assigned',
      'status_changed',
      'note_added',
    ]);
    expect(
      stack.events
        .list()
        .filter((e) => e.type === 'CaseClosed')
        .map((e) => e.detail.caseId),
    ).toContain(c.id);
    // Reopen.
    expect((await patch(c.id, { status: 'in_progress' }, 'W/"3"', tok.service)).body).toMatchObject({ status: 'in_progress', version: 4 });
  });

  it.each([
    ['no If-Match', undefined, { note: 'x' }, {}, 428, 'precondition_required', 'headers.if-match'],
    ['a malformed If-Match', 'abc', { note: 'x' }, {}, 400, 'validation_failed', 'headers.if-match'],
    ['a stale version', '7', { note: 'x' }, {}, 409, 'conflict', 'headers.if-match'],
    ['an impossible transition', '1', { status: 'contacted' }, {}, 409, 'invalid_transition', 'status'],
    ['an unknown status', '1', { status: 'done' }, {}, 400, 'validation_failed', 'status'],
    ['an unknown field', '1', { priority: 'high' }, {}, 400, 'validation_failed', 'priority'],
    ['an empty change', '1', {}, {}, 400, 'validation_failed', 'body'],
    ['an empty note', '1', { note: '  ' }, {}, 400, 'validation_failed', 'note'],
    ['a note too long', '1', { note: 'x'.repeat(1001) }, {}, 400, 'validation_failed', 'note'],
    ['an assignee of the wrong type', '1', { assignee: 5 }, {}, 400, 'validation_failed', 'assignee'],
    ['malformed JSON', '1', '{"note":', {}, 400, 'invalid_json', 'body'],
    ['a forbidden field name', '1', '{"__proto__":{"x":1}}', {}, 400, 'invalid_body', '__proto__'],
    ['another media type', '1', 'note=x', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type', 'headers.content-type'],
    ['a quoted stale version', '"7"', { note: 'x' }, {}, 409, 'conflict', 'headers.if-match'],
    ['a weak stale version', 'W/"7"', { note: 'x' }, {}, 409, 'conflict', 'headers.if-match'],
    ['a list of versions', '1, 2', { note: 'x' }, {}, 400, 'validation_failed', 'headers.if-match'],
    ['a negative version', '-1', { note: 'x' }, {}, 400, 'validation_failed', 'headers.if-match'],
    ['a wildcard If-Match', '*', { note: 'x' }, {}, 400, 'validation_failed', 'headers.if-match'],
    ['a change to the same status', '1', { status: 'new' }, {}, 409, 'invalid_transition', 'status'],
    ['a status of the wrong type', '1', { status: ['closed'] }, {}, 400, 'validation_failed', 'status'],
    ['a note of the wrong type', '1', { note: 5 }, {}, 400, 'validation_failed', 'note'],
    ['an empty assignee', '1', { assignee: '  ' }, {}, 400, 'validation_failed', 'assignee'],
    ['an assignee too long', '1', { assignee: 'x'.repeat(201) }, {}, 400, 'validation_failed', 'assignee'],
    ['a valid change beside a bad one', '1', { note: 'ok', status: 'done' }, {}, 400, 'validation_failed', 'status'],
    ['a JSON array', '1', '[]', {}, 400, 'validation_failed', 'body'],
    ['JSON null', '1', 'null', {}, 400, 'validation_failed', 'body'],
    ['a body over 16 KB', '1', { note: 'x'.repeat(17_000) }, {}, 400, 'body_too_large', 'body'],
  ] as const)('refuses %s: %i %s naming %s, changing nothing', async (_what, ifMatch, body, headers, status, code, path) => {
    const before = await snapshot(stack);
    const r = await call('PATCH', `/api/cases/${textCase.id}`, tok.unit, {
      body,
      headers: { ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }), ...headers },
    });
    expect(r.status).toBe(status);
    expect(r.body).toEqual({
      error: { code, message: expect.any(String), issues: expect.arrayContaining([expect.objectContaining({ path })]) },
    });
    expect(await snapshot(stack)).toBe(before);
  });

  it('needs a note to close a contact request never contacted (400 naming note), changing nothing', async () => {
    const c = await store.get(contactCase.id);
    const before = await snapshot(stack);
    const r = await patch(contactCase.id, { status: 'closed' }, String(c!.version));
    expect(r.status).toBe(400);
    expect(r.body).toEqual(errorShape('validation_failed', 'note'));
    expect(await snapshot(stack)).toBe(before);
  });

  it('refuses 404 for an unknown id, 403 for another node or without cases:write, changing nothing', async () => {
    const before = await snapshot(stack);
    expect(await patch('00000000-0000-4000-8000-999999999999', { note: 'x' }, '1')).toMatchObject({
      status: 404,
      body: errorShape('not_found', 'path.id'),
    });
    const other = await patch(fysio.id, { note: 'x' }, '1');
    expect(other.status).toBe(403);
    expect(other.body).toEqual({ error: { code: 'forbidden', message: expect.any(String), issues: expect.any(Array) } });
    const none = await patch(textCase.id, { note: 'x' }, '1', tok.noNodes);
    expect(none.status).toBe(403);
    expect(errorOf(none).code).toBe('forbidden');
    expect(await patch(textCase.id, { note: 'x' }, '1', tok.readOnly)).toMatchObject({ status: 403, body: { message: 'Forbidden' } });
    expect(
      await call('PATCH', `/api/cases/${textCase.id}`, undefined, { body: { note: 'x' }, headers: { 'if-match': '1' } }),
    ).toMatchObject({
      status: 401,
    });
    expect(await snapshot(stack)).toBe(before);
  });

  it('refuses a closed case anything but reopening (409 invalid_transition), changing nothing', async () => {
    const before = await snapshot(stack);
    for (const status of ['new', 'contacted', 'closed'] as const) {
      const r = await patch(closedCase.id, { status }, '1');
      expect(r.status).toBe(409);
      expect(r.body).toEqual(errorShape('invalid_transition', 'status'));
    }
    expect(await snapshot(stack)).toBe(before);
  });

  it('lets exactly one of two concurrent PATCHes of one version win; the other gets 409', async () => {
    const c = kase('keskusta-ta', '2026-06-14T10:00:00.000Z');
    await store.create(c);
    for (let round = 0; round < 5; round++) {
      const version = String((await store.get(c.id))!.version);
      const [a, b] = await Promise.all([patch(c.id, { note: `A${round}` }, version), patch(c.id, { note: `B${round}` }, version)]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const lost = a.status === 409 ? a : b;
      expect(errorOf(lost).code).toBe('conflict');
      const now = await store.get(c.id);
      expect(now!.version).toBe(Number(version) + 1);
      expect(now!.notes).toHaveLength(round + 1);
    }
  });
});
