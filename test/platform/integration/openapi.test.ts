/**
 * `GET /api/openapi.json` over the local stack: a valid OpenAPI 3.1 document with an operation for
 * every manifest route and the scopes it needs, and real responses of the running handlers that
 * validate against the document's response schemas (JSON Schema 2020-12, with Ajv) and against the
 * contracts' zod schemas they were generated from.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { routes } from '#shared/manifest.ts';
import { postJson, startTestStack } from '../../support/local-stack.ts';
import { DocumentedShapes, type DocumentedApi } from '../../support/openapi.ts';

let stack: LocalStack;
let doc: DocumentedApi;
let shapes: DocumentedShapes;
let served: Response;
beforeAll(async () => {
  stack = await startTestStack();
  served = await fetch(`${stack.url}/api/openapi.json`);
  doc = (await served.clone().json()) as DocumentedApi;
  shapes = new DocumentedShapes(doc);
});
afterAll(() => stack?.close());

/**
 * Checks one real response against the operation's documented response for its status: the media
 * type, the JSON body against the document's schema and the contract's zod schema, the headers
 * marked required (test/support/openapi.ts, which the fuzz test runs on every case too).
 */
async function expectDocumented(method: string, path: string, res: Response): Promise<void> {
  const read = { status: res.status, headers: res.headers, body: await res.text() };
  expect(shapes.problems(method, path, read)).toEqual([]);
}

describe('the document', () => {
  it('is served as cacheable JSON', () => {
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toContain('application/json');
    expect(served.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.openapi).toBe('3.1.0');
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('has an operation for %s with its security', (_key, route) => {
    const op = doc.paths[route.path]?.[route.method.toLowerCase()];
    expect(op).toBeDefined();
    expect(op!.security).toEqual(route.scopes ? [{ bearer: route.scopes.map((s) => `palaute/${s}`) }] : []);
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    expect(op!.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(params);
  });

  it('has no operation the manifest does not route, and unique operation ids', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(ops.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('real responses match their documented schemas', () => {
  const answer = { unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 9, smooth: 4 } };

  it('POST /api/feedback: 201, 400 (three codes), 404, 409, 415', async () => {
    await expectDocumented('POST', '/api/feedback', await postJson(stack, '/api/feedback', answer));
    await expectDocumented('POST', '/api/feedback', await postJson(stack, '/api/feedback', { ...answer, answers: { nps: 11 } }));
    await expectDocumented('POST', '/api/feedback', await postJson(stack, '/api/feedback', '{"unitId":'));
    await expectDocumented('POST', '/api/feedback', await postJson(stack, '/api/feedback', { ...answer, text: 'a\u0000b' }));
    await expectDocumented('POST', '/api/feedback', await postJson(stack, '/api/feedback', { ...answer, unitId: 'nowhere' }));
    await postJson(stack, '/api/feedback', answer, { 'idempotency-key': 'openapi-conflict' });
    await expectDocumented(
      'POST',
      '/api/feedback',
      await postJson(stack, '/api/feedback', { ...answer, answers: { nps: 1 } }, { 'idempotency-key': 'openapi-conflict' }),
    );
    await expectDocumented(
      'POST',
      '/api/feedback',
      await fetch(`${stack.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }),
    );
  });

  it('GET /health, GET /api/units, GET /api/surveys/{surveyId}: 200, 400, 404', async () => {
    await expectDocumented('GET', '/health', await fetch(`${stack.url}/health`));
    await expectDocumented('GET', '/api/units', await fetch(`${stack.url}/api/units`));
    for (const lang of ['fi', 'sv', 'en', 'de'])
      await expectDocumented('GET', '/api/surveys/{surveyId}', await fetch(`${stack.url}/api/surveys/thl-aikuiset?lang=${lang}`));
    await expectDocumented('GET', '/api/surveys/{surveyId}', await fetch(`${stack.url}/api/surveys/nope`));
  });

  it('the reporting API: 200 with shown and hidden cells, 400, 401, 403, 404, and the CSV export', async () => {
    // Two answers in January: a small group, hidden. The nightly pass recomputes the last two days of
    // every unit. Reports cover a month only once late paper answers can no longer change it (30 days
    // after it ends), so the clock then moves on to 3 March, the first day January is reported.
    stack.clock.set('2026-01-15T12:00:00+02:00');
    try {
      for (let i = 0; i < 2; i++) expect((await postJson(stack, '/api/feedback', { ...answer, unitId: 'rantala-ta' })).status).toBe(201);
      await stack.scheduler.run('aggregateNightly');
      stack.clock.set('2026-03-03T12:00:00+02:00');
      await documentedReports();
    } finally {
      stack.clock.set(null);
    }
  });

  async function documentedReports(): Promise<void> {
    const token = await stack.auth.issue(['reports:read'], ['esimerkki']);
    const unitOnly = await stack.auth.issue(['reports:read'], ['keskusta-ta']);
    const get = (path: string, bearer?: string) =>
      fetch(stack.url + path, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    const range = 'from=2026-01-01&to=2026-01-31';
    const nps = await get(`/api/reports/nps?node=rantala-ta&${range}&granularity=month`, token);
    const body = (await nps.clone().json()) as { series: { suppressed?: true }[] };
    expect(body.series).toEqual([{ period: '2026-01', suppressed: true }]);
    await expectDocumented('GET', '/api/reports/nps', nps);
    await expectDocumented('GET', '/api/reports/nps', await get(`/api/reports/nps?node=esimerkki&from=2026-01-01&to=2026-01-31`, token));
    await expectDocumented('GET', '/api/reports/statements', await get(`/api/reports/statements?node=terveys&${range}`, token));
    await expectDocumented('GET', '/api/reports/children', await get(`/api/reports/children?node=esimerkki&${range}`, token));
    await expectDocumented('GET', '/api/reports/breakdown', await get(`/api/reports/breakdown?node=esimerkki&${range}&by=channel`, token));
    await expectDocumented('GET', '/api/reports/nps', await get(`/api/reports/nps?node=esimerkki&from=2026-02-01&to=2026-01-01`, token));
    // February has closed, but late paper answers may still change it until 30 March.
    const open = await get(`/api/reports/nps?node=esimerkki&from=2026-02-01&to=2026-02-28`, token);
    expect(open.status).toBe(400);
    await expectDocumented('GET', '/api/reports/nps', open);
    await expectDocumented('GET', '/api/reports/nps', await get(`/api/reports/nps?node=esimerkki&${range}`));
    await expectDocumented('GET', '/api/reports/nps', await get(`/api/reports/nps?node=esimerkki&${range}`, unitOnly));
    await expectDocumented(
      'GET',
      '/api/reports/nps',
      await get(`/api/reports/nps?node=esimerkki&${range}`, await stack.auth.issue(['sms:read'], ['esimerkki'])),
    );
    await expectDocumented('GET', '/api/reports/nps', await get(`/api/reports/nps?node=nowhere&${range}`, token));
    await expectDocumented('GET', '/api/exports/monthly', await get('/api/exports/monthly?month=2026-01', token));
    await expectDocumented('GET', '/api/exports/monthly', await get('/api/exports/monthly?month=2026-02', token));
  }

  it('the SMS API: 202 with rejections, 413, 200 stats, 400', async () => {
    const token = await stack.auth.issue(['visits:write', 'sms:read'], []);
    const post = (body: unknown) => postJson(stack, '/api/visits', body, { authorization: `Bearer ${token}` });
    const visit = {
      visitId: 'openapi-1',
      unitId: 'keskusta-ta',
      visitedAt: new Date().toISOString(),
      phone: '0401234567',
      age: 40,
      lang: 'fi',
      smsConsent: false,
      nonDisclosure: false,
    };
    await expectDocumented(
      'POST',
      '/api/visits',
      await post({ visits: [visit, { ...visit, visitId: 'openapi-2', phone: '09 1234567' }, { visitId: 'openapi-3' }] }),
    );
    await expectDocumented('POST', '/api/visits', await post({ visits: Array.from({ length: 1001 }, () => visit) }));
    await expectDocumented(
      'GET',
      '/api/sms/stats',
      await fetch(`${stack.url}/api/sms/stats?from=2026-01-01&to=2026-12-31`, { headers: { authorization: `Bearer ${token}` } }),
    );
    await expectDocumented(
      'GET',
      '/api/sms/stats',
      await fetch(`${stack.url}/api/sms/stats?from=2026-01-01`, { headers: { authorization: `Bearer ${token}` } }),
    );
  });

  it('the HTML routes: pages, the 303 after a form post, its 400 page or JSON error, the friendly 404 pages, the public information pages', async () => {
    await expectDocumented('GET', '/f/{unitId}', await fetch(`${stack.url}/f/keskusta-ta`));
    await expectDocumented('GET', '/f/{unitId}', await fetch(`${stack.url}/f/nowhere`));
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' } as const;
    await expectDocumented('POST', '/f/{unitId}', await fetch(`${stack.url}/f/keskusta-ta`, { ...form, body: 'nps=9&lang=fi' }));
    await expectDocumented('POST', '/f/{unitId}', await fetch(`${stack.url}/f/keskusta-ta`, { ...form, body: 'nps=11&lang=fi' }));
    await expectDocumented('POST', '/f/{unitId}', await fetch(`${stack.url}/f/keskusta-ta`, { ...form, body: '__proto__=1&nps=9' }));
    await expectDocumented('GET', '/s/{token}', await fetch(`${stack.url}/s/AAAAAAAAAAAAAAAA`));
    await expectDocumented('GET', '/tulokset', await fetch(`${stack.url}/tulokset`));
    for (const path of ['/tietosuoja', '/dataskydd', '/privacy', '/saavutettavuus', '/tillganglighet', '/accessibility'])
      await expectDocumented('GET', path, await fetch(stack.url + path));
    await expectDocumented('GET', '/admin', await fetch(`${stack.url}/admin`));
  });

  it('the posters: a PDF, an SVG, the 400 of a bad file name and the 404s', async () => {
    for (const file of ['terveys.pdf', 'keskusta-ta.svg', 'keskusta-ta.png', 'nowhere.pdf', 'terveys.svg'])
      await expectDocumented('GET', '/posters/{poster}', await fetch(`${stack.url}/posters/${file}`));
  });
});
