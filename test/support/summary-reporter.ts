/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, after vitest's own summary, so that
 * CI and people reading logs see the count in a runner-neutral form. With PALAUTE_TIMINGS=<file> it
 * also writes each test file's timings there as JSON (wall clock from start to end, import, tests,
 * and the rest, which is hooks), because vitest's own reports leave out the hooks where most of an
 * e2e file's time goes.
 */
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/** One test file's timings in milliseconds; `hooks` is what the file's run took beyond its tests. */
interface FileTimings {
  file: string;
  project: string;
  startedAt: number;
  wall: number;
  import: number;
  tests: number;
  hooks: number;
}

/** Vitest reporter that counts test cases by final state, and records timings when asked. */
export default class SummaryReporter implements Reporter {
  private readonly started = new Map<string, number>();
  private readonly ended = new Map<string, number>();
  private runStart = Date.now();

  onTestRunStart(): void {
    this.runStart = Date.now();
  }

  onTestModuleStart(m: TestModule): void {
    this.started.set(m.moduleId, Date.now());
  }

  onTestModuleEnd(m: TestModule): void {
    this.ended.set(m.moduleId, Date.now());
  }

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
    const out = process.env.PALAUTE_TIMINGS;
    if (out) writeFileSync(out, `${JSON.stringify(this.timings(testModules), null, 1)}\n`);
  }

  private timings(testModules: ReadonlyArray<TestModule>): FileTimings[] {
    return testModules
      .map((m) => {
        const d = m.diagnostic();
        let tests = 0;
        for (const t of m.children.allTests()) tests += t.diagnostic()?.duration ?? 0;
        const start = this.started.get(m.moduleId) ?? this.runStart;
        return {
          file: m.relativeModuleId,
          project: m.project.name,
          startedAt: start - this.runStart,
          wall: (this.ended.get(m.moduleId) ?? start) - start,
          import: d.collectDuration + d.setupDuration + d.environmentSetupDuration + d.prepareDuration,
          tests,
          hooks: d.duration - tests,
        };
      })
      .sort((a, b) => b.wall - a.wall);
  }
}
