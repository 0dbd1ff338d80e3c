/**
 * Import boundaries (README, "Layout"): features meet only through their index.ts, the platform
 * knows no feature, runtime code never reaches into the CDK app, the local stack, the bench or the
 * tests, the CDK app loads no page or browser code, and nothing imports in a circle.
 * Run by `npm test` (`npm run lint`); test/platform/unit/boundaries.test.ts plants violations.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and hides which module owns what.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'runtime-not-to-tooling',
      severity: 'error',
      comment: 'Lambda code (shared/, functions/) must not depend on the CDK app, the local stack, the bench or the tests.',
      from: { path: '^(shared|functions)/' },
      to: { path: '^(lib|local|bench|test|bin)/' },
    },
    {
      name: 'platform-knows-no-feature',
      severity: 'error',
      comment: 'shared/platform/ is what every feature uses; it depends on none of them.',
      from: { path: '^shared/platform/' },
      to: { path: '^shared/', pathNot: '^shared/platform/' },
    },
    {
      name: 'feature-through-index',
      severity: 'error',
      comment:
        "A feature reaches the platform and other features only through their index.ts (zod through platform/zod.ts, which must stay a namespace import; route contracts through platform/route-contract.ts, the platform's browser-safe surface, because contracts are bundled for browsers and the index brings the AWS SDK; likewise the staff pages' shared browser modules, platform/browser/ and platform/staff-page.ts).",
      from: { path: '^shared/([^/]+)/', pathNot: '^shared/[^/]+/contracts\\.ts$' },
      to: {
        path: '^shared/[^/]+/',
        pathNot: [
          '^shared/$1/',
          '^shared/[^/]+/index\\.ts$',
          '^shared/platform/zod\\.ts$',
          '^shared/platform/route-contract\\.ts$',
          '^shared/platform/browser/',
          '^shared/platform/staff-page\\.ts$',
        ],
      },
    },
    {
      name: 'contracts-through-contracts',
      severity: 'error',
      comment:
        "A feature's route contracts are browser-safe, so they reach another feature only through its contracts.ts (a request that embeds another feature's input, as an answer embeds a contact request), never its index.ts, which brings the AWS SDK.",
      from: { path: '^shared/([^/]+)/contracts\\.ts$' },
      to: {
        path: '^shared/[^/]+/',
        pathNot: ['^shared/$1/', '^shared/[^/]+/contracts\\.ts$', '^shared/platform/zod\\.ts$', '^shared/platform/route-contract\\.ts$'],
      },
    },
    {
      name: 'features-not-to-composition-roots',
      severity: 'error',
      comment:
        'shared/manifest.ts, shared/config.ts, shared/public-info-config.ts and shared/contracts.ts compose the features; a feature importing them makes a cycle.',
      from: { path: '^shared/[^/]+/' },
      to: { path: '^shared/(manifest|config|public-info-config|contracts)\\.ts$' },
    },
    {
      name: 'handler-through-index',
      severity: 'error',
      comment: "A feature's handlers use its own modules directly and everything else through index.ts.",
      from: { path: '^functions/([^/]+)/' },
      to: { path: '^shared/[^/]+/', pathNot: ['^shared/$1/', '^shared/[^/]+/index\\.ts$', '^shared/platform/zod\\.ts$'] },
    },
    {
      name: 'handlers-independent',
      severity: 'error',
      comment: 'Each handler module is its own Lambda entry; sharing goes through shared/.',
      from: { path: '^functions/' },
      to: { path: '^functions/' },
    },
    {
      name: 'cdk-no-pages',
      severity: 'error',
      comment: 'The CDK app reads the manifest and config; page and browser code belongs to the functions.',
      from: { path: '^lib/' },
      to: { path: '^shared/(.+/browser/|.+-page\\.ts$|.+-text\\.ts$|.+-signin\\.ts$|platform/page\\.ts$|platform/html\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|\\.cdk|bench/\\.out)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
