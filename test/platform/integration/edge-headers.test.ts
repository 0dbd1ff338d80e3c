/**
 * What every route's handler does for the edge, over the local stack: each response carries HSTS and
 * the other security headers (so a response that did not pass CloudFront's headers policy is protected
 * too), and with the origin secret configured, as on AWS, a request without CloudFront's origin header
 * — one sent to the execute-api address directly, around WAF — is refused 403 before the handler reads
 * it and stores nothing, while the same request with the header is served as before.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { ORIGIN_SECRET_ENV, ORIGIN_VERIFY_HEADER, routes, type RouteSpec } from '#shared/manifest.ts';
import { fillPath } from '#shared/platform/manifest-types.ts';
import { snapshot, startTestStack } from '../../support/local-stack.ts';

/** A value for each path parameter of the manifest's routes. */
const PARAMS: Record<string, string> = {
  unitId: 'keskusta-ta',
  surveyId: 'thl-aikuiset',
  token: 'AAAAAAAAAAAAAAAA',
  id: '00000000-0000-4000-8000-000000000000',
  roundId: '00000000-0000-4000-8000-000000000000',
  code: 'ACDEFGHJKMNP',
  sheet: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  poster: 'keskusta-ta.pdf',
  kioskId: '00000000-0000-4000-8000-000000000000',
  enrolCode: '00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAA',
};
/** Query strings the routes with required parameters need to reach their handler's answer. */
const QUERY: Record<string, string> = {
  '/api/sms/stats': 'from=2026-01-01&to=2026-01-31',
  '/api/reports/nps': 'node=esimerkki&from=2026-01-01&to=2026-01-31&granularity=month',
  '/api/reports/statements': 'node=esimerkki&from=2026-01-01&to=2026-01-31',
  '/api/reports/children': 'node=esimerkki&from=2026-01-01&to=2026-01-31',
  '/api/reports/breakdown': 'node=esimerkki&from=2026-01-01&to=2026-01-31&by=channel',
  '/api/exports/monthly': 'month=2026-01',
  '/api/cases': 'node=esimerkki',
  '/api/pulse/rounds': 'node=esimerkki',
  '/api/pulse/compare': 'node=esimerkki&from=2026-01-01&to=2026-01-31',
};
const SECRET = 'Xk3vT9qL2mN8pR4sW7yZ1aB5cD6eF0gH2jK4lM6nP8qR0sT2';
const HSTS = /^max-age=(\d+); includeSubDomains; preload$/;

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterEach(() => {
  delete process.env[ORIGIN_SECRET_ENV];
});
afterAll(() => stack?.close());

/** One request to a route as a client would send it: a token with the route's scopes, a body of the route's kind. */
async function call(route: RouteSpec, headers: Record<string, string> = {}): Promise<Response> {
  const path = fillPath(route.path, PARAMS as never);
  const query = QUERY[route.path];
  const auth: Record<string, string> = route.scopes?.length
    ? { authorization: `Bearer ${await stack.auth.issue([...route.scopes], ['esimerkki'])}` }
    : {};
  const json = route.path.startsWith('/api/');
  const body = route.method === 'POST' ? (json ? '{}' : 'nps=9') : undefined;
  return fetch(`${stack.url}${path}${query ? `?${query}` : ''}`, {
    method: route.method,
    redirect: 'manual',
    headers: {
      ...auth,
      ...(body !== undefined ? { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body } : {}),
  });
}

const each = routes.map((r) => [`${r.method} ${r.path}`, r] as const);

describe('security headers on every route', () => {
  it.each(each)('%s answers with HSTS (two years, subdomains, preload), nosniff and no referrer', async (_key, route) => {
    const res = await call(route);
    await res.arrayBuffer();
    expect(res.status, `${route.method} ${route.path}`).toBeLessThan(500);
    const hsts = HSTS.exec(res.headers.get('strict-transport-security') ?? '');
    expect(hsts, 'strict-transport-security').not.toBeNull();
    expect(Number(hsts![1])).toBeGreaterThanOrEqual(365 * 24 * 3600);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('with the origin secret set, as on AWS', () => {
  it.each(each)('%s refuses a request without the origin header or with a wrong one, and changes nothing', async (_key, route) => {
    const before = await snapshot(stack);
    process.env[ORIGIN_SECRET_ENV] = SECRET;
    const attempts: Record<string, string>[] = [
      {},
      { [ORIGIN_VERIFY_HEADER]: 'guess' },
      { [ORIGIN_VERIFY_HEADER]: SECRET.slice(0, -1) },
      { [ORIGIN_VERIFY_HEADER]: `${SECRET}x` },
    ];
    for (const headers of attempts) {
      const res = await call(route, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.json()).toEqual({ message: 'Forbidden' });
      expect(res.headers.get('strict-transport-security')).toMatch(HSTS);
    }
    delete process.env[ORIGIN_SECRET_ENV];
    expect(await snapshot(stack)).toBe(before);
  });

  it.each(each)('%s serves a request that carries the header as it does without the check', async (_key, route) => {
    const unchecked = await call(route);
    await unchecked.arrayBuffer();
    process.env[ORIGIN_SECRET_ENV] = SECRET;
    const res = await call(route, { [ORIGIN_VERIFY_HEADER]: SECRET });
    await res.arrayBuffer();
    expect(res.status).toBe(unchecked.status);
    expect(res.status).not.toBe(403);
  });
});
