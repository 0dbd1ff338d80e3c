/**
 * The case opener on the local stack: answers posted over HTTP, the `openCases` schedule run on the
 * local clock as the scheduler runs it, under the function's own grants (the local IAM refuses
 * anything else). A comment opens a case in its unit's queue; scores alone do not; a second run adds
 * nothing; the events name the answer and carry no text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { postJson, scanAll, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const post = async (body: object) => {
  const res = await postJson(stack, '/api/feedback', { unitId: 'rantala-ta', channel: 'web', lang: 'fi', answers: { nps: 6 }, ...body });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
};

describe('openCases on the local stack', () => {
  it('opens a case for a comment, none for scores alone, each once', async () => {
    stack.clock.set('2026-03-10T08:00:00.000Z');
    const withText = await post({ text: 'Odotin puoli tuntia.' });
    const scoresOnly = await post({});
    const first = (await stack.scheduler.run('openCases')) as { opened: number };
    expect(first.opened).toBe(1);
    const cases = (await scanAll(stack, 'cases')).filter((i) => String(i.pk).startsWith('CASE#'));
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      pk: `CASE#${withText}`,
      id: withText,
      unitId: 'rantala-ta',
      status: 'new',
      version: 1,
      unitQ: 'Q#rantala-ta',
      serviceQ: 'Q#terveysasemat',
      areaQ: 'Q#terveys',
      regionQ: 'Q#esimerkki',
      // 10 March + 30 days, end of the Helsinki day (UTC+3 in April).
      dueAt: '2026-04-09T20:59:59.999Z',
      openPk: 'OPEN',
    });
    stack.clock.set('2026-03-10T08:01:00.000Z');
    expect(((await stack.scheduler.run('openCases')) as { opened: number }).opened).toBe(0);
    const events = stack.cases.events.published;
    expect(events.map((e) => `${e.type}:${e.detail.feedbackId}`)).toEqual([
      `FeedbackReceived:${withText}`,
      `CaseCreated:${withText}`,
      `FeedbackReceived:${scoresOnly}`,
    ]);
    expect(JSON.stringify(events)).not.toContain('Odotin');
  });

  it('writes answers without the former byQueue key', async () => {
    const answers = await scanAll(stack, 'feedback');
    expect(answers.length).toBeGreaterThan(0);
    for (const a of answers) expect(a).not.toHaveProperty('queuePk');
  });
});
