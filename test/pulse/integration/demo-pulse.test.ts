/**
 * The demo pulse `npm start` seeds (local/demo-pulse.ts), seen through the pulse API by the demo
 * supervisor of `/dev/signin`: rounds in the three health stations, one hidden for too few answers,
 * some with open answers, a round open today; `/dev/token` issues the pulse scopes; the supervisor's
 * demo user holds them for Keskustan terveysasema.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoPulse } from '#local/demo-pulse.ts';
import type { LocalStack } from '#local/stack.ts';
import { loadConfig } from '#shared/config.ts';
import { loadPulseSurveys } from '#shared/pulse-config.ts';
import { DynamoPulseStore, roundListSchema, roundResultsSchema } from '#shared/pulse/index.ts';
import { DEMO_USERS } from '#shared/reporting/dashboard-signin.ts';
import { postJson, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoPulse(
    loadConfig(),
    loadPulseSurveys(),
    new DynamoPulseStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.pulse),
    new Date(),
  );
  const user = DEMO_USERS.find((u) => u.id === 'unit-supervisor')!;
  expect(user.scopes).toEqual(expect.arrayContaining(['pulse:read', 'pulse:write']));
  token = await stack.auth.issue(user.scopes, [user.node], user.id);
}, 120_000);
afterAll(() => stack?.close());

const get = async (path: string, t = token) => {
  const r = await fetch(stack.url + path, { headers: { authorization: `Bearer ${t}` } });
  expect(r.status).toBe(200);
  return r.json();
};

describe('demo pulse', () => {
  // A supervisor trying the stack must see every state the thresholds produce.
  it('shows the supervisor a trend with a hidden round, open answers and a round open today', async () => {
    const list = roundListSchema.parse(await get('/api/pulse/rounds?node=keskusta-ta'));
    expect(list.rounds.length).toBe(6);
    expect(list.rounds.filter((r) => r.suppressed).length).toBe(2);
    const shown = list.rounds.filter((r) => !r.suppressed);
    expect(shown.every((r) => r.index !== undefined)).toBe(true);
    const results = await Promise.all(shown.map(async (r) => roundResultsSchema.parse(await get(`/api/pulse/rounds/${r.id}/results`))));
    expect(results.some((r) => (r.texts?.length ?? 0) > 0)).toBe(true);
    expect(results.some((r) => r.texts === undefined)).toBe(true);
    expect(results.some((r) => r.statements!.some((s) => 'change' in s))).toBe(true);
  });

  // The service's view combines its units, and the other units have rounds for the comparison.
  it('rolls the three stations up to Terveysasemat', async () => {
    const service = await stack.auth.issue(['pulse:read'], ['terveysasemat']);
    const list = roundListSchema.parse(await get('/api/pulse/rounds?node=terveysasemat', service));
    expect(new Set(list.rounds.map((r) => r.nodeId))).toEqual(new Set(['keskusta-ta', 'rantala-ta', 'metsakyla-ta']));
    expect(list.combined[0]!.roundsShown).toBe(list.rounds.filter((r) => !r.suppressed).length);
  });

  // README's commands get pulse tokens from /dev/token.
  it('issues pulse scopes from /dev/token', async () => {
    const res = await postJson(stack, '/dev/token', { scopes: ['pulse:read', 'pulse:write'], orgNodes: ['keskusta-ta'] });
    expect(res.status).toBe(200);
    const { token: t } = (await res.json()) as { token: string };
    expect((await fetch(`${stack.url}/api/pulse/rounds?node=keskusta-ta`, { headers: { authorization: `Bearer ${t}` } })).status).toBe(200);
  });
});
