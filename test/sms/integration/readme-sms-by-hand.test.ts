/**
 * README "An SMS survey by hand", run as written: the shell block is taken from README.md and run with
 * bash against a local stack with demo data (as `npm start` has), its clock set to 07:30 Helsinki time
 * — before the hour at which the old steps' visits would still have been in the future. The answer
 * must reach the dashboard's reports: one more answer, through SMS, in the month the block names.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoAnswers } from '#local/demo-answers.ts';
import type { LocalStack } from '#local/stack.ts';
import { loadConfig } from '#shared/config.ts';
import { DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import { helsinkiDate, helsinkiInstant } from '#shared/platform/time.ts';
import { startTestStack } from '../../support/local-stack.ts';

const config = loadConfig();
let stack: LocalStack;
let token: string;

/** The README's shell block under the heading. */
function readmeBlock(heading: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const after = readme.slice(readme.indexOf(`### ${heading}\n`));
  const m = /```sh\n([\s\S]*?)```/.exec(after);
  if (!m) throw new Error(`no shell block under "${heading}"`);
  return m[1]!;
}

type Cell = { suppressed?: true; n?: number };
async function reports(month: string): Promise<{ total: Cell; sms: Cell | undefined }> {
  const q = `node=keskusta-ta&from=${month}-01&to=${month}-${String(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate())}`;
  const get = async <T>(path: string) => {
    const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  const nps = await get<{ total: Cell }>(`/api/reports/nps?${q}&granularity=month`);
  const channels = await get<{ groups: ({ group: string } & Cell)[] }>(`/api/reports/breakdown?${q}&by=channel`);
  return { total: nps.total, sms: channels.groups.find((g) => g.group === 'sms') };
}

beforeAll(async () => {
  stack = await startTestStack();
  const store = new DynamoFeedbackStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames);
  const answers = demoAnswers(config, new Date(), 3600, 180);
  for (let i = 0; i < answers.length; i += 50) await Promise.all(answers.slice(i, i + 50).map((a) => store.putAnswer(a)));
  await stack.scheduler.run('aggregate');
  stack.clock.set(helsinkiInstant(helsinkiDate(new Date()), '07:30').toISOString());
  token = await stack.auth.issue(['reports:read'], [config.org.regionId]);
}, 300_000);
afterAll(() => stack?.close());

it('stores an SMS answer at any hour and shows it in the reports of its month', async () => {
  const block = readmeBlock('An SMS survey by hand');
  // The day the block picks: the 15th three months back; the answer comes the next day.
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 16)).toISOString().slice(0, 7);
  const before = await reports(month);
  expect(before.total.n).toBeGreaterThanOrEqual(5);

  const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', block], {
    env: { ...process.env, PORT: new URL(stack.url).port },
    timeout: 120_000,
  });
  // Every step's answer is printed: the visits taken, the answer stored (303), the funnel.
  expect(stdout).toMatch(/^303 \(303: stored\)$/m);
  expect(stdout).toMatch(/"total":\{"received":30,.*"answered":1\}/);
  expect(stdout).toContain(`/admin?node=keskusta-ta&from=${month}-16&to=${month}-16`);
  expect(stack.clock.isSet).toBe(false);

  const after = await reports(month);
  expect(after.total.n).toBe(before.total.n! + 1);
  // A suppressed cell hides its count, so the SMS group is compared exactly only when both show one.
  expect(after.sms).toBeDefined();
  if (before.sms?.n !== undefined && after.sms?.n !== undefined) expect(after.sms.n).toBe(before.sms.n + 1);
  if (before.sms === undefined && after.sms?.n !== undefined) expect(after.sms.n).toBe(1);
}, 180_000);

it.each([
  ['{"from":"2026-09-15"', 'invalid_json'],
  ['{"from":"2026-09-16","to":"2026-09-15"}', 'validation_failed'],
  ['{"from":"2024-01-01","to":"2026-01-01"}', 'validation_failed'],
  ['{"from":"15.9.2026","to":"2026-09-16"}', 'validation_failed'],
])('POST /dev/aggregate refuses %s with %s', async (body, code) => {
  const res = await fetch(`${stack.url}/dev/aggregate`, { method: 'POST', body });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
});
