/**
 * The authorization matrix of the reporting API and the export over real HTTP: each demo user (region
 * manager org:esimerkki, service-area manager org:terveys, unit handler org:keskusta-ta) against the
 * region, two service areas and two units, on every report; the export for region holders only;
 * 401 without a token, 403 without the `reports:read` scope or without any org node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { getJson, token } from './report-data.ts';

let stack: LocalStack;
const tokens: Record<string, string> = {};

const USERS = { regionManager: 'esimerkki', serviceAreaManager: 'terveys', unitHandler: 'keskusta-ta' } as const;
const NODES = ['esimerkki', 'terveys', 'kuntoutus', 'keskusta-ta', 'rantala-ta'] as const;
/** Who may see what: a node of one's own or below it. */
const ALLOWED: Record<keyof typeof USERS, readonly string[]> = {
  regionManager: NODES,
  serviceAreaManager: ['terveys', 'keskusta-ta', 'rantala-ta'],
  unitHandler: ['keskusta-ta'],
};
const REPORTS = ['nps?granularity=month&', 'statements?', 'children?', 'breakdown?by=role&'];

beforeAll(async () => {
  stack = await startTestStack();
  // On 10 July May is reported (closed, and past the 30 days in which late paper answers may still
  // change it): the reports and the export cover it.
  stack.clock.set('2026-07-10T12:00:00+03:00');
  for (const [user, node] of Object.entries(USERS)) tokens[user] = await token(stack, [node]);
});
afterAll(() => stack?.close());

const report = (r: string, node: string) => `/api/reports/${r}node=${node}&from=2026-05-01&to=2026-05-31`;

describe.each(Object.keys(USERS) as (keyof typeof USERS)[])('%s', (user) => {
  it.each(NODES.flatMap((node) => REPORTS.map((r) => [node, r] as const)))(
    'sees %s (%s) exactly when it is theirs or below theirs',
    async (node, r) => {
      const res = await getJson(stack, report(r, node), tokens[user]);
      if (ALLOWED[user].includes(node)) {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ node });
      } else {
        expect(res.status).toBe(403);
        expect(res.body).toEqual({
          error: {
            code: 'forbidden',
            message: 'You may not see reports of this node.',
            issues: [{ path: 'query.node', message: 'is outside the organisation nodes you hold' }],
          },
        });
      }
    },
  );

  it(`${user === 'regionManager' ? 'gets' : 'is refused'} the national export, which needs the region node`, async () => {
    const r = await fetch(`${stack.url}/api/exports/monthly?month=2026-05`, { headers: { authorization: `Bearer ${tokens[user]}` } });
    expect(r.status).toBe(user === 'regionManager' ? 200 : 403);
    if (r.status === 403) expect(((await r.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });
});

describe('tokens', () => {
  it.each(['/api/reports/nps?node=esimerkki&from=2026-05-01&to=2026-05-31', '/api/exports/monthly?month=2026-05'])(
    'answers 401 without a token at the gateway (%s)',
    async (path) => {
      const r = await getJson(stack, path);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ message: 'Unauthorized' });
    },
  );

  it.each(['/api/reports/children?node=esimerkki&from=2026-05-01&to=2026-05-31', '/api/exports/monthly?month=2026-05'])(
    'answers 403 to a token without reports:read, whatever its groups (%s)',
    async (path) => {
      const r = await getJson(stack, path, await token(stack, ['esimerkki'], ['sms:read', 'visits:write']));
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ message: 'Forbidden' });
    },
  );

  it('answers 403 to a reports:read token that holds no org node, so a scope alone reveals nothing', async () => {
    const r = await getJson(stack, '/api/reports/nps?node=keskusta-ta&from=2026-05-01&to=2026-05-31', await token(stack, []));
    expect(r.status).toBe(403);
    expect(r.body).toEqual({
      error: {
        code: 'forbidden',
        message: 'You may not see reports of this node.',
        issues: [{ path: 'query.node', message: 'your account holds no organisation nodes' }],
      },
    });
  });

  it('combines the nodes of a token with several groups', async () => {
    const both = await token(stack, ['keskusta-ta', 'kuntoutus']);
    expect((await getJson(stack, report('children?', 'kuntoutus'), both)).status).toBe(200);
    expect((await getJson(stack, report('children?', 'keskusta-ta'), both)).status).toBe(200);
    expect((await getJson(stack, report('children?', 'terveys'), both)).status).toBe(403);
  });

  it('checks parameters before access, so a bad query is 400 for everyone', async () => {
    const r = await getJson(stack, '/api/reports/nps?node=esimerkki&from=x&to=2026-05-31', tokens.unitHandler);
    expect(r.status).toBe(400);
    // A month not yet reported too (June, ended but still open to late answers): the unit handler
    // learns nothing about the region's node from it.
    const open = await getJson(stack, '/api/reports/nps?node=esimerkki&from=2026-06-01&to=2026-06-30', tokens.unitHandler);
    expect([open.status, open.body]).toEqual([
      400,
      {
        error: {
          code: 'validation_failed',
          message: 'The query is not valid.',
          issues: [
            {
              path: 'query.to',
              message:
                'must not be after 2026-05-31: a month is reported once it has closed and late paper answers can no longer change it',
            },
          ],
        },
      },
    ]);
  });
});
