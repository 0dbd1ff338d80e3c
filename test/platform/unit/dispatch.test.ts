/**
 * Dispatch on `event.routeKey` and replies typed by contracts. The `@ts-expect-error` lines are the
 * type-level half of the test: `npm run typecheck` fails if a dispatch map missing a route, with a
 * route of another function, or a reply with an undocumented status or a wrong body ever compiles.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { feedbackContracts } from '#shared/feedback/contracts.ts';
import { byRoute, httpHandler, json, replyOf, type FunctionRouteKeys, type HttpEvent, type HttpHandler } from '#shared/platform/index.ts';
import type { reportingManifest } from '#shared/reporting/manifest.ts';

type ReportRoutes = FunctionRouteKeys<typeof reportingManifest, 'reports'>;
const answer =
  (name: string): HttpHandler =>
  async () =>
    json(200, { name });

const event = (routeKey: string) => ({ routeKey, rawPath: routeKey.split(' ')[1] }) as HttpEvent;
const context = { awsRequestId: 'test' } as Context;

describe('byRoute', () => {
  const handler = httpHandler(
    byRoute<ReportRoutes>({
      'GET /api/reports/nps': answer('nps'),
      'GET /api/reports/statements': answer('statements'),
      'GET /api/reports/children': answer('children'),
      'GET /api/reports/breakdown': answer('breakdown'),
      'GET /api/reports/themes': answer('themes'),
    }),
  );

  it('calls the handler of the route API Gateway matched', async () => {
    for (const name of ['nps', 'statements', 'children', 'breakdown', 'themes']) {
      const r = await handler(event(`GET /api/reports/${name}`), context);
      expect(JSON.parse(r.body!)).toEqual({ name });
    }
  });

  it('answers 404 in the error shape for a route key it has no handler for', async () => {
    const r = await handler(event('GET /api/reports/secret'), context);
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body!)).toMatchObject({ error: { code: 'not_found', issues: [{ path: 'path' }] } });
  });

  it('does not compile a map that misses a route of the function or names another', () => {
    // @ts-expect-error — 'GET /api/reports/breakdown' has no handler.
    byRoute<ReportRoutes>({
      'GET /api/reports/nps': answer('a'),
      'GET /api/reports/statements': answer('b'),
      'GET /api/reports/children': answer('c'),
    });
    byRoute<ReportRoutes>({
      'GET /api/reports/nps': answer('a'),
      'GET /api/reports/statements': answer('b'),
      'GET /api/reports/children': answer('c'),
      'GET /api/reports/breakdown': answer('d'),
      // @ts-expect-error — the export is another function's route.
      'GET /api/exports/monthly': answer('e'),
    });
    const routes: ReportRoutes[] = ['GET /api/reports/nps'];
    expect(routes).toHaveLength(1);
  });
});

describe('replyOf', () => {
  const reply = replyOf<(typeof feedbackContracts)['POST /api/feedback']>();

  it('sends the documented body as JSON', () => {
    const r = reply(201, { id: 'x' });
    expect(r.statusCode).toBe(201);
    expect(JSON.parse(r.body!)).toEqual({ id: 'x' });
  });

  it('does not compile an undocumented status or a body the schema does not describe', () => {
    // @ts-expect-error — 200 is not a status of POST /api/feedback.
    reply(200, { id: 'x' });
    // @ts-expect-error — the 201 body has an id, not an answerId.
    reply(201, { answerId: 'x' });
    // @ts-expect-error — 404's error code is not_found only.
    reply(404, { error: { code: 'gone', message: 'm', issues: [] } });
    expect(reply(404, { error: { code: 'not_found', message: 'm', issues: [] } }).statusCode).toBe(404);
  });
});
