/**
 * The import boundaries (.dependency-cruiser.cjs) hold on the real tree, and each rule fails on a
 * planted wrong-direction import in a scratch tree shaped like the repository.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');

/** Runs dependency-cruiser over `dirs` in `cwd` with the project's rules; returns the violated rule names. */
function violations(cwd: string, dirs: string[]): string[] {
  // The JSON reporter exits 0 and lists violations in its summary.
  const stdout = execFileSync(DEPCRUISE, [...dirs, '--config', join(cwd, '.dependency-cruiser.cjs'), '--output-type', 'json'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = JSON.parse(stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return out.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('import boundaries', () => {
  it('hold on the repository', () => {
    expect(violations(ROOT, ['shared', 'functions', 'lib', 'local', 'bin', 'bench', 'test'])).toEqual([]);
  });

  describe('fail on planted imports', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'palaute-boundaries-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));
    copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(tmp, '.dependency-cruiser.cjs'));
    writeFileSync(
      join(tmp, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true },
      }),
    );
    writeFileSync(join(tmp, 'package.json'), JSON.stringify({ type: 'module' }));
    const files: Record<string, string> = {
      'shared/manifest.ts': "import './sms/index.ts';\nexport const m = 1;\n",
      'shared/platform/index.ts': "export * from './http.ts';\n",
      'shared/platform/http.ts': 'export const h = 1;\n',
      'shared/platform/zod.ts': 'export const z = 1;\n',
      'shared/platform/route-contract.ts': 'export const c = 1;\n',
      'shared/sms/index.ts': "export * from './rules.ts';\n",
      'shared/sms/rules.ts':
        "import '../platform/index.ts';\nimport '../platform/zod.ts';\nimport '../platform/route-contract.ts';\nexport const r = 1;\n",
      'shared/reporting/index.ts': "export * from './report.ts';\nexport * from './report-page.ts';\n",
      'shared/reporting/report.ts': "import '../sms/index.ts';\nexport const p = 1;\n",
      'shared/reporting/report-page.ts': 'export const page = 1;\n',
      'functions/sms/send.ts': "import '../../shared/sms/rules.ts';\nimport '../../shared/platform/index.ts';\n",
      'local/stack.ts': 'export const s = 1;\n',
      'lib/app.ts': "import '../shared/manifest.ts';\n",
    };
    const write = (extra: Record<string, string>) => {
      for (const [path, text] of Object.entries({ ...files, ...extra })) {
        mkdirSync(dirname(join(tmp, path)), { recursive: true });
        writeFileSync(join(tmp, path), text);
      }
    };
    const check = (extra: Record<string, string>) => {
      rmSync(join(tmp, 'shared'), { recursive: true, force: true });
      rmSync(join(tmp, 'functions'), { recursive: true, force: true });
      rmSync(join(tmp, 'lib'), { recursive: true, force: true });
      write(extra);
      return violations(tmp, ['shared', 'functions', 'lib', 'local']);
    };

    it('accepts the scratch tree as planted, without violations', () => {
      expect(check({})).toEqual([]);
    });

    it.each([
      [
        'a feature importing the local stack',
        { 'shared/sms/rules.ts': "import '../../local/stack.ts';\n" },
        'runtime-not-to-tooling: shared/sms/rules.ts → local/stack.ts',
      ],
      [
        'a handler importing the local stack',
        { 'functions/sms/send.ts': "import '../../local/stack.ts';\n" },
        'runtime-not-to-tooling: functions/sms/send.ts → local/stack.ts',
      ],
      [
        'the platform importing a feature',
        { 'shared/platform/http.ts': "import '../sms/index.ts';\n" },
        'platform-knows-no-feature: shared/platform/http.ts → shared/sms/index.ts',
      ],
      [
        'a feature reaching past another feature’s index',
        { 'shared/reporting/report.ts': "import '../sms/rules.ts';\n" },
        'feature-through-index: shared/reporting/report.ts → shared/sms/rules.ts',
      ],
      [
        'a feature reaching past the platform’s index',
        { 'shared/sms/rules.ts': "import '../platform/http.ts';\n" },
        'feature-through-index: shared/sms/rules.ts → shared/platform/http.ts',
      ],
      [
        'a feature importing the manifest',
        { 'shared/sms/rules.ts': "import '../manifest.ts';\n" },
        'features-not-to-composition-roots: shared/sms/rules.ts → shared/manifest.ts',
      ],
      [
        'a feature importing the public documents config',
        { 'shared/public-info-config.ts': 'export const p = 1;\n', 'shared/sms/rules.ts': "import '../public-info-config.ts';\n" },
        'features-not-to-composition-roots: shared/sms/rules.ts → shared/public-info-config.ts',
      ],
      [
        'a handler reaching past another feature’s index',
        { 'functions/sms/send.ts': "import '../../shared/reporting/report.ts';\n" },
        'handler-through-index: functions/sms/send.ts → shared/reporting/report.ts',
      ],
      [
        'the CDK app importing a page',
        { 'lib/app.ts': "import '../shared/reporting/report-page.ts';\n" },
        'cdk-no-pages: lib/app.ts → shared/reporting/report-page.ts',
      ],
      [
        'a circle',
        { 'shared/sms/rules.ts': "import './cycle.ts';\nexport const r = 1;\n", 'shared/sms/cycle.ts': "import './rules.ts';\n" },
        /^no-circular: shared\/sms\/(rules|cycle)\.ts → shared\/sms\/(cycle|rules)\.ts$/,
      ],
    ])('%s', (_what, planted: Record<string, string>, expected: string | RegExp) => {
      expect(check(planted)).toEqual(expect.arrayContaining([typeof expected === 'string' ? expected : expect.stringMatching(expected)]));
    });
  });
});
