/**
 * The demo cases `npm start` seeds: every status, an overdue and an escalated contact request, one
 * in the reminder window, one whose contact was erased — seen through the Cases API by the demo
 * service handler, contacts revealed where they are kept and 410 where erased; seeding twice writes
 * nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCases, type LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import { DEMO_USERS } from '#shared/reporting/dashboard-signin.ts';
import { rowCounts, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoCases(parseConfig(), stack.dynamo, stack.tableNames, stack.contacts);
  const user = DEMO_USERS.find((u) => u.id === 'service-case-handler')!;
  token = await stack.auth.issue(user.scopes, [user.node], user.id);
});
afterAll(() => stack?.close());

type Listed = {
  id: string;
  createdAt: string;
  status: string;
  overdue: boolean;
  escalated: boolean;
  contactRequested: boolean;
  dueAt: string;
};
const get = async (path: string) => {
  const r = await fetch(stack.url + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe('demo cases', () => {
  it('cover every status, overdue and escalated contact requests, and one due within the reminder window', async () => {
    const { status, body } = await get('/api/cases?node=terveysasemat');
    expect(status).toBe(200);
    const cases = body.cases as Listed[];
    expect(cases).toHaveLength(10);
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(['new', 'in_progress', 'contacted', 'closed']));
    expect(cases.filter((c) => c.overdue && c.contactRequested && !c.escalated)).toHaveLength(1);
    expect(cases.filter((c) => c.escalated && c.contactRequested)).toHaveLength(1);
    const soon = Date.now() + 3 * 86_400_000;
    expect(cases.some((c) => c.status === 'new' && !c.overdue && Date.parse(c.dueAt) < soon)).toBe(true);
    // Newest first.
    const created = cases.map((c) => c.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('reveal kept contacts, and answer 410 for the erased one', async () => {
    const cases = (await get('/api/cases?node=terveysasemat&contactRequested=true')).body.cases as Listed[];
    const results = await Promise.all(cases.map(async (c) => (await get(`/api/cases/${c.id}/contact`)).status));
    expect(results.sort()).toEqual([200, 200, 200, 200, 200, 200, 410]);
  });

  it('seeds nothing new a second time', async () => {
    const before = await rowCounts(stack);
    await seedDemoCases(parseConfig(), stack.dynamo, stack.tableNames, stack.contacts);
    expect(await rowCounts(stack)).toEqual(before);
  });
});
