import { defineConfig } from 'vitest/config';

/**
 * One run for every kind of test: unit (pure domain), integration (handlers over HTTP against
 * dynalite), infra (CDK templates and cdk-nag), e2e (Chromium against the local stack).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Two cores: more workers only make the Chromium and CDK files slower.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Tests run on the machine's Node 20; Lambda runs 22 (README, "Node versions").
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Handlers log JSON lines; show them only for failing tests.
    silent: 'passed-only',
  },
});
