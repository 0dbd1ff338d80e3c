/**
 * The browser scripts: each entry under `shared/<feature>/browser/` bundled by esbuild into one
 * minified IIFE and written, as a string constant, into a git-ignored module beside it
 * (`*.generated.ts`), which the server imports and inlines under a CSP hash. A generated module,
 * because the three runtimes that load the server code — tsx (the local stack, the tests), CDK's
 * NodejsFunction (no esbuild plugins) and the bench — all read plain TypeScript modules and nothing
 * else alike; so each of them gets the same script by importing it.
 *
 * Rebuilt (written only when its text changes) by every path that loads or bundles the server code:
 * `npm ci`/`npm install` (prepare), `npm start`, `npm run typecheck`, `npm run bench` (their pre-
 * scripts, scripts/build-browser.ts), vitest's global setup, createPalauteStacks (synth, deploy, the
 * infra tests) and benchBundles; test/reporting/unit/dashboard-script.test.ts fails if it is stale.
 * No CDK imports here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';
import { REPO_ROOT } from './paths.ts';

/** A browser script: its entry, the generated module holding its bundle and the constant's name there. */
export interface BrowserBundle {
  /** Entry module, relative to the repository root. */
  entry: string;
  /** Generated module, relative to the repository root; git-ignored. */
  module: string;
  /** Name of the exported string constant. */
  exportName: string;
  /** npm packages written for the browser that this script may bundle (any other is a mistake). */
  packages?: readonly string[];
}

/** Every browser script of the app. */
export const BROWSER_BUNDLES = {
  dashboard: {
    entry: 'shared/reporting/browser/dashboard.ts',
    module: 'shared/reporting/browser/dashboard.generated.ts',
    exportName: 'DASHBOARD_BUNDLE',
  },
  workbench: {
    entry: 'shared/cases/browser/workbench.ts',
    module: 'shared/cases/browser/workbench.generated.ts',
    exportName: 'WORKBENCH_BUNDLE',
  },
  charCount: {
    entry: 'shared/feedback/browser/char-count.ts',
    module: 'shared/feedback/browser/char-count.generated.ts',
    exportName: 'CHAR_COUNT_BUNDLE',
  },
  pulse: {
    entry: 'shared/pulse/browser/pulse.ts',
    module: 'shared/pulse/browser/pulse.generated.ts',
    exportName: 'PULSE_BUNDLE',
  },
  kioskApp: {
    entry: 'shared/kiosk/browser/kiosk-app.ts',
    module: 'shared/kiosk/browser/kiosk-app.generated.ts',
    exportName: 'KIOSK_APP_BUNDLE',
    // The outbox in IndexedDB: idb-keyval (about 1 KB), promises over IndexedDB's events.
    packages: ['idb-keyval'],
  },
  kioskServiceWorker: {
    entry: 'shared/kiosk/browser/kiosk-sw.ts',
    module: 'shared/kiosk/browser/kiosk-sw.generated.ts',
    exportName: 'KIOSK_SW_BUNDLE',
  },
} as const satisfies Record<string, BrowserBundle>;

/**
 * esbuild settings of every browser script: one self-contained IIFE (an inline script can import
 * nothing), minified, for browsers of the last few years. esbuild starts it with "use strict" itself
 * (tsconfig.json's `strict`), so it runs as strictly as the module code it is made of.
 */
export const BROWSER_BUILD = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  sourcemap: false,
} as const satisfies BuildOptions;

/** A bundled browser script. */
export interface BrowserScript {
  /** The minified IIFE. */
  code: string;
  /** The modules in it, relative to the repository root. */
  inputs: string[];
}

/**
 * Bundles one browser script. Fails when the bundle would hold an npm package the bundle does not
 * name in `packages` (zod, the AWS SDK: server code the browser modules took as a value instead of `import type`) — a
 * Node built-in fails the build already, the platform being the browser — or the text `</script`,
 * which would end the inline script early.
 */
export function bundleBrowserScript(bundle: BrowserBundle): BrowserScript {
  const result = buildSync({
    ...BROWSER_BUILD,
    absWorkingDir: REPO_ROOT,
    entryPoints: [join(REPO_ROOT, bundle.entry)],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const allowed = (bundle as BrowserBundle).packages ?? [];
  const packages = inputs.filter((input) => input.includes('node_modules/') && !allowed.some((p) => input.includes(`node_modules/${p}/`)));
  if (packages.length > 0) {
    throw new Error(
      `${bundle.entry} pulls npm packages into the browser bundle (${packages.join(', ')}): import server modules with \`import type\` only`,
    );
  }
  const code = result.outputFiles[0]!.text.trimEnd();
  if (/<\/script/i.test(code))
    throw new Error(`the bundle of ${bundle.entry} contains "</script", which would end its inline <script> early`);
  return { code, inputs };
}

/** The generated module's text for a bundle's code. */
export function generatedModule(bundle: BrowserBundle, code: string): string {
  return [
    `// Generated by lib/browser-bundles.ts from ${bundle.entry}; not committed, rebuilt by \`npm run build:browser\`. Do not edit.`,
    `/** The esbuild bundle of ${relative(join(REPO_ROOT, 'shared'), join(REPO_ROOT, bundle.entry))}, inlined by the page under a CSP hash. */`,
    `export const ${bundle.exportName} = ${JSON.stringify(code)};`,
    '',
  ].join('\n');
}

/** Bundles every browser script and writes the generated modules whose text changed; returns those written. */
export function writeBrowserBundles(): string[] {
  const written: string[] = [];
  for (const bundle of Object.values(BROWSER_BUNDLES)) {
    const file = join(REPO_ROOT, bundle.module);
    const text = generatedModule(bundle, bundleBrowserScript(bundle).code);
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    // Unchanged modules are left alone, so watchers and parallel readers never see a rewrite.
    if (current === text) continue;
    writeFileSync(file, text);
    written.push(bundle.module);
  }
  return written;
}
