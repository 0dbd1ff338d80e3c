import { defineConfig } from 'vitest/config';

/** Settings every kind of test shares. */
const shared = {
  // Tests run on the machine's Node 20; Lambda runs 22 (README, "Node versions").
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  // Handlers log JSON lines; show them only for failing tests.
  silent: 'passed-only' as const,
};

/**
 * Tests by kind, each a vitest project (`npm run test:unit` etc.; `npm test` runs all four), laid out
 * as test/<feature>/<kind>/: unit (domain rules and use cases against in-memory fakes), integration
 * (handlers over HTTP on the local stack, adapters against dynalite), infra (CDK templates and
 * cdk-nag), e2e (Chromium against the local stack).
 */
export default defineConfig({
  test: {
    pool: 'forks',
    // Two cores: more workers only make the Chromium and CDK files slower.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The generated browser scripts (lib/browser-bundles.ts), rebuilt before any test imports them.
    globalSetup: ['./test/support/global-setup.ts'],
    ...shared,
    projects: ['unit', 'integration', 'infra', 'e2e'].map((kind) => ({
      extends: true as const,
      test: { name: kind, include: [`test/*/${kind}/**/*.test.ts`] },
    })),
  },
});
