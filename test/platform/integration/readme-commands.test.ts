/**
 * Every command in the README, run as written where it can be. The README is parsed for its shell
 * blocks and for the commands in its inline code (`curl …`, `npm run …`, `aws …`); each is either run
 * here with bash against a local stack seeded like `npm start` (in a scratch copy of the repository, so
 * `.data/` is the stack's own and a running `npm start` is never touched), or named in NOT_RUN_HERE with
 * where it is covered instead. A command that is in neither fails this file, so a new README command
 * cannot go untried.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '#local/stack.ts';

/** One command from the README: a shell block or an inline code span, with the heading it is under. */
interface Command {
  heading: string;
  text: string;
}

/** Commands that inline code starts with; other code spans are names, paths or fragments. */
const COMMAND_START = /^(curl |npm |npx |aws |AWS_ACCESS_KEY_ID=|BENCH_\w+=)/;

/** The README's commands, in document order. */
function readmeCommands(readme: string): Command[] {
  const out: Command[] = [];
  let heading = '';
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{2,3} /.test(line)) heading = line.replace(/^#+ /, '');
    if (line.startsWith('```sh')) {
      const end = lines.indexOf('```', i + 1);
      out.push({ heading, text: lines.slice(i + 1, end).join('\n') });
      i = end;
      continue;
    }
    if (line.startsWith('```')) {
      i = lines.indexOf('```', i + 1);
      continue;
    }
    // Inline code may wrap onto the next line in prose; join it before reading the spans.
    const joined = line.split('`').length % 2 === 0 && i + 1 < lines.length ? `${line} ${lines[i + 1]}` : line;
    for (const m of joined.matchAll(/`([^`]+)`/g)) if (COMMAND_START.test(m[1]!)) out.push({ heading, text: m[1]! });
  }
  return out;
}

/**
 * Commands not run by this file: a substring that identifies them → where they are covered, or why
 * they cannot run without AWS or would not return.
 */
const NOT_RUN_HERE: Record<string, string> = {
  'npm ci && npm start': 'A never returns; `npm start` is the stack this file starts (local/stack.ts, seeded alike)',
  'npm ci && npm test': 'B is what CI runs (`bash .ci/run`) on a clean clone',
  'LINK=$(curl': 'the SMS-by-hand block: test/sms/integration/readme-sms-by-hand.test.ts runs it at 07:30 Helsinki time',
  'aws dynamodb scan': 'needs the AWS CLI, which the repository does not install; the scan it shows is what test/support scanAll reads',
  'aws events put-': 'configures a deployed event bus (needs an AWS account)',
  'npx cdk bootstrap': 'the deploy steps need an AWS account; `npm run synth` is run by test/platform/infra',
  'aws secretsmanager': 'rotation of a deployed secret (needs an AWS account); the local steps are run here',
  'aws cloudformation': 'reads a deployed stack (needs an AWS account)',
  'npm run deploy': 'deploys to an AWS account',
  'npx cdk diff': 'compares with a deployed stack (needs an AWS account)',
  'npm run synth': 'run by the infra tests (test/platform/infra), which synthesise the app with cdk-nag',
  'npm run typecheck': 'run by `npm test` itself (`npm run typecheck` is one of its steps)',
  'npm run test:': 'the test projects: `npm test` runs all of them',
  'npm test': 'the test command itself',
  'npx vitest run': 'a subset of `npm test`',
  'npm run bench': 'minutes of timing; run by hand (README, "Performance")',
  BENCH_: 'a bench option (README, "Performance")',
  'npm run screenshots': 'drives Chromium over the demo stack to redraw docs/ images; the same pages are checked by the e2e tests',
  'npm run build:browser': 'run by every `npm test` in vitest’s global setup',
  'npm ci': 'what CI and set-up run first',
  'npm install': 'what set-up runs first',
  'npm start': 'the local stack this file starts',
  'npm run -s sms:rotate-key': 'the deployed rotation, piped through `aws secretsmanager` (needs an AWS account)',
  'aws ': 'the AWS CLI against a deployed account (alarm subscriptions, backup settings, Lambda quotas)',
};

/** Why a command is not run here, if it is one of NOT_RUN_HERE. */
function notRunBecause(c: Command): string | undefined {
  const key = Object.keys(NOT_RUN_HERE).find((k) => c.text.includes(k));
  return key === undefined ? undefined : NOT_RUN_HERE[key];
}

const repo = resolve('.');
const commands = readmeCommands(readFileSync('README.md', 'utf8'));
const toRun = commands.filter((c) => notRunBecause(c) === undefined);
let stack: LocalStack;
let scratch: string;

beforeAll(async () => {
  // A repository whose every entry links back, but with a `.data/` of its own for the stack.
  scratch = mkdtempSync(join(tmpdir(), 'palaute-readme-'));
  for (const entry of readdirSync(repo)) if (entry !== '.data') symlinkSync(join(repo, entry), join(scratch, entry));
  mkdirSync(join(scratch, '.data'));
  stack = await startLocalStack({ port: 0, dynamoPort: 0, dataDir: join(scratch, '.data'), seedDemoData: true, logSink: () => {} });
}, 600_000);
afterAll(async () => {
  await stack?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the README', () => {
  it('has commands, and every one is either run here or named with where it is covered', () => {
    expect(commands.length).toBeGreaterThan(20);
    expect(toRun.length).toBeGreaterThan(10);
    // Every reason is still used: a command renamed in the README must not leave a stale excuse.
    for (const key of Object.keys(NOT_RUN_HERE))
      expect(
        commands.some((c) => c.text.includes(key)),
        key,
      ).toBe(true);
  });

  it.each(toRun.map((c, i) => [i + 1, c.heading, c] as const))(
    'command %i (%s) runs as written',
    async (_i, _h, c) => {
      const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', c.text], {
        cwd: scratch,
        env: { ...process.env, PORT: new URL(stack.url).port, DYNAMODB_PORT: new URL(stack.dynamoUrl).port },
        timeout: 120_000,
      });
      // No answer was the API's error shape, and a status line that `curl -i` prints is a success.
      expect(stdout, c.text).not.toMatch(/\{"error":\{"code"/);
      for (const m of stdout.matchAll(/^HTTP\/[\d.]+ (\d{3})/gm)) expect(Number(m[1]), c.text).toBeLessThan(400);
      stack.clock.set(null);
    },
    180_000,
  );
});
