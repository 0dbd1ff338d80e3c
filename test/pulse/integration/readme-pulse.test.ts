/**
 * README "Staff pulse surveys", run as written: its shell block is taken from README.md and run with
 * bash against a local stack — a token from `/dev/token`, a round of 12 codes, five answers through
 * the form, and the results, which then show figures (five answers) and no open answers.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { roundResultsSchema } from '#shared/pulse/index.ts';
import { startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(() => stack?.close());

/** The first shell block of the README section. */
function readmeBlock(heading: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const after = readme.slice(readme.indexOf(`## ${heading}\n`));
  const m = /```sh\n([\s\S]*?)```/.exec(after);
  if (!m) throw new Error(`no shell block under "${heading}"`);
  return m[1]!;
}

it('opens a round, answers five codes and reads the figures, as the README says', async () => {
  const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', readmeBlock('Staff pulse surveys')], {
    env: { ...process.env, PORT: new URL(stack.url).port },
    timeout: 120_000,
  });
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^sheet: http:\/\/localhost:\d+\/pulse\/sheet\/[A-Za-z0-9_-]{43}$/);
  expect(lines[1]).toMatch(/^form: {2}http:\/\/localhost:\d+\/p\/[A-Z0-9]{12}$/);
  expect(lines[2]!.trim()).toBe('303 303 303 303 303');
  const results = roundResultsSchema.parse(JSON.parse(lines[3]!));
  expect(results).toMatchObject({ codes: 12, answers: 5, suppressed: false });
  expect(results.statements![0]).toMatchObject({ id: 'workload', n: 5, mean: 4 });
  expect(results.texts).toBeUndefined();
}, 180_000);
