/**
 * Bearer-token checks on the SMS routes over real HTTP, as API Gateway's JWT authorizer does them on
 * AWS: 401 without a valid token from this issuer, 403 without the route's scope, through with it;
 * and the dev issuer refuses scopes the API does not know.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { DevAuth } from '#local/dev-auth.ts';
import { postJson, startTestStack } from '../../support/local-stack.ts';
import { devToken, helsinkiWinter, mobile, type ErrorBody } from '../../support/sms.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set('2027-01-12T15:00:00+02:00');
});
afterAll(() => stack?.close());

const oneVisit = {
  visits: [
    {
      visitId: 'auth-1',
      unitId: 'keskusta-ta',
      visitedAt: helsinkiWinter('2027-01-12', '10:00'),
      phone: mobile(1),
      age: 40,
      lang: 'fi',
      smsConsent: true,
      nonDisclosure: false,
    },
  ],
};

/** The two protected routes, each called with an Authorization header or none. */
const routes = {
  'POST /api/visits': (authorization?: string) => postJson(stack, '/api/visits', oneVisit, authorization ? { authorization } : {}),
  'GET /api/sms/stats': (authorization?: string) =>
    fetch(`${stack.url}/api/sms/stats?from=2027-01-01&to=2027-01-31`, { headers: authorization ? { authorization } : {} }),
};
type RouteName = keyof typeof routes;
const routeNames = Object.keys(routes) as RouteName[];
const ownScope = { 'POST /api/visits': 'visits:write', 'GET /api/sms/stats': 'sms:read' } as const;
const otherScope = { 'POST /api/visits': 'sms:read', 'GET /api/sms/stats': 'visits:write' } as const;

describe.each(routeNames)('%s', (route) => {
  it('answers 401 without an Authorization header, so anonymous callers never reach the handler', async () => {
    const r = await routes[route]();
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ message: 'Unauthorized' });
  });

  it.each([
    ['a garbage token', 'Bearer not.a.jwt'],
    ['a bare token without "Bearer"', 'abc'],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 with %s, so malformed credentials are not mistaken for anonymous access', async (_name, header) => {
    const r = await routes[route](header);
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ message: 'Unauthorized' });
  });

  it('answers 401 to a well-formed token signed by another issuer key, so only this issuer is trusted', async () => {
    // Same issuer URL and claims, different key pair: only the signature tells them apart.
    const forger = await DevAuth.create(`${stack.url}/dev`);
    const forged = await forger.issue(['visits:write', 'sms:read'], []);
    const r = await routes[route](`Bearer ${forged}`);
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ message: 'Unauthorized' });
  });

  it('answers 401 to a token from an issuer with another URL, so the iss claim is checked', async () => {
    const other = await DevAuth.create('http://elsewhere.example/dev');
    const r = await routes[route](`Bearer ${await other.issue([ownScope[route]], [])}`);
    expect(r.status).toBe(401);
  });

  it('answers 403 to a valid token with only the other scope, so scopes are enforced per route', async () => {
    const r = await routes[route](`Bearer ${await devToken(stack, [otherScope[route]])}`);
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ message: 'Forbidden' });
  });

  it('answers 403 to a valid token with no scope at all, so a bare login grants nothing', async () => {
    const r = await routes[route](`Bearer ${await devToken(stack, [])}`);
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ message: 'Forbidden' });
  });

  it('lets a token with the scope through to the handler', async () => {
    const r = await routes[route](`Bearer ${await devToken(stack, [ownScope[route]])}`);
    expect(r.status).toBe(route === 'POST /api/visits' ? 202 : 200);
  });

  it("lets a token with several scopes through, as long as one is the route's", async () => {
    const r = await routes[route](`Bearer ${await devToken(stack, ['visits:write', 'sms:read', 'reports:read'])}`);
    expect(r.status).toBeLessThan(300);
  });
});

describe('the auth check happens before the handler', () => {
  it('rejects a forbidden intake without storing the visit, so a 403 has no side effects', async () => {
    const token = await devToken(stack, ['sms:read']);
    const r = await postJson(
      stack,
      '/api/visits',
      { visits: [{ ...oneVisit.visits[0], visitId: 'auth-forbidden' }] },
      { authorization: `Bearer ${token}` },
    );
    expect(r.status).toBe(403);
    const ok = await postJson(
      stack,
      '/api/visits',
      { visits: [{ ...oneVisit.visits[0], visitId: 'auth-forbidden' }] },
      { authorization: `Bearer ${await devToken(stack, ['visits:write'])}` },
    );
    // The same visit arrives as new afterwards: the forbidden request left no trace of it.
    expect(((await ok.json()) as { received: number }).received).toBe(1);
  });

  it('answers 401 before looking at the body, so an unauthenticated caller learns nothing about validation', async () => {
    const r = await postJson(stack, '/api/visits', '{not json');
    expect(r.status).toBe(401);
  });
});

describe('POST /dev/token', () => {
  it('refuses an unknown scope with the error shape naming scopes[0], so typos do not mint useless tokens', async () => {
    const r = await postJson(stack, '/dev/token', { scopes: ['visits:delete'] });
    expect(r.status).toBe(400);
    const body = (await r.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(typeof body.error.message).toBe('string');
    expect(body.error.issues.map((i) => i.path)).toEqual(['scopes[0]']);
  });

  it('names the index of the unknown scope among known ones', async () => {
    const r = await postJson(stack, '/dev/token', { scopes: ['sms:read', 'admin'] });
    expect(r.status).toBe(400);
    expect(((await r.json()) as ErrorBody).error.issues.map((i) => i.path)).toEqual(['scopes[1]']);
  });

  it('refuses malformed JSON with the error shape', async () => {
    const r = await postJson(stack, '/dev/token', '{"scopes": [');
    expect(r.status).toBe(400);
    expect(((await r.json()) as ErrorBody).error).toMatchObject({ code: 'invalid_json', issues: [{ path: 'body' }] });
  });

  it('issues a JWT carrying the scopes with the resource-server prefix, as Cognito does', async () => {
    const token = await devToken(stack, ['visits:write'], ['terveys']);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload).toMatchObject({
      scope: 'palaute/visits:write',
      'cognito:groups': ['org:terveys'],
      iss: `${stack.url}/dev`,
      token_use: 'access',
    });
  });
});
