/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, after vitest's own summary, so that
 * CI and people reading logs see the count in a runner-neutral form.
 */
import type { Reporter, TestModule } from 'vitest/node';

/** Vitest reporter that counts test cases by final state. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
