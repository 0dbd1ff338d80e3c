/**
 * Section `fuzz`: the fuzz test's generators and checks (test/support/fuzz.ts) at ten times the
 * scale, on the bench's stack before any other section fills it: every manifest route, seed-fixed
 * (`FUZZ_SEED`), rows counted before and after every case of a route that may write. Each finding
 * kind is a target with limit 0.
 */
import type { LocalStack } from '#local/stack.ts';
import { DEFAULT_SEED, describeFailure, fuzzCases, prepareFuzz, runFuzz } from '../test/support/fuzz.ts';
import { table, verdict, type SectionReport } from './report.ts';

/** Cases in the bench run. */
export const FUZZ_BENCH_CASES = 10_000;

/** Runs section `fuzz`; leaves the stack's clock back on real time. */
export async function benchFuzz(stack: LocalStack, progress: (s: string) => void): Promise<SectionReport> {
  const seed = Number(process.env.FUZZ_SEED ?? DEFAULT_SEED);
  const ctx = await prepareFuzz(stack);
  const cases = fuzzCases(ctx, seed, FUZZ_BENCH_CASES);
  const started = performance.now();
  const s = await runFuzz(stack, cases, seed, (done) => progress(`fuzz: ${done.toLocaleString('en-US')} cases`));
  const seconds = (performance.now() - started) / 1000;
  stack.clock.set(null);
  const targets = [
    {
      name: 'fuzz: cases run',
      measured: s.cases.toLocaleString('en-US'),
      limit: `≥ ${FUZZ_BENCH_CASES.toLocaleString('en-US')}`,
      pass: s.cases >= FUZZ_BENCH_CASES,
    },
    { name: 'fuzz: 5xx answers', measured: String(s.byKind['5xx']), limit: '0', pass: s.byKind['5xx'] === 0 },
    { name: 'fuzz: undocumented status or shape', measured: String(s.byKind.undocumented), limit: '0', pass: s.byKind.undocumented === 0 },
    {
      name: 'fuzz: rows written by invalid input',
      measured: String(s.rowsWrittenByInvalid),
      limit: '0',
      pass: s.rowsWrittenByInvalid === 0,
    },
  ];
  const rows = Object.entries(s.routes).map(([route, r]) => [
    route,
    String(r.cases),
    Object.entries(r.statuses)
      .map(([status, n]) => `${status}×${n}`)
      .join(' '),
  ]);
  return {
    title: 'Fuzz: every route, near-valid and random requests',
    lines: [
      `Seed ${seed} (\`FUZZ_SEED\`), ${s.cases.toLocaleString('en-US')} cases in ${seconds.toFixed(0)} s, one at a time on one connection; generators and checks of test/platform/integration/fuzz.test.ts.`,
      'Checks per case: no 5xx; status and body as the OpenAPI document declares for the route; every table counted before and after each case of a route whose function may write (runs of read-only routes: before and after the run).',
      '',
      ...table(['route', 'cases', 'statuses'], rows, [1]),
      '',
      ...table(
        ['target', 'measured', 'limit', 'result'],
        targets.map((t) => [t.name, t.measured, t.limit, verdict(t.pass)]),
      ),
      ...(s.failures.length
        ? ['', 'First failures:', '', '```', ...s.failures.slice(0, 5).map((f) => describeFailure(seed, f)), '```']
        : []),
    ],
    targets,
  };
}
