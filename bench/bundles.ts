/**
 * Section 2: every manifest function bundled exactly as the CDK app bundles it (lib/bundling.ts), then
 * weighed and cold-loaded in fresh node processes. Bundle size is cold-start time on Lambda, so the
 * size target is a proxy and the load time is the thing itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { build, stop, type Metafile } from 'esbuild';
import { writeBrowserBundles } from '#lib/browser-bundles.ts';
import { BUNDLING, sidecarsOf } from '#lib/bundling.ts';
import { functions, keys, queues, secrets, tables, type FunctionName, type FunctionSpec } from '#shared/manifest.ts';
import { EVENT_BUS_NAME_ENV, MAIL_CONFIGURATION_SET_ENV, MAIL_FROM_ENV } from '#shared/platform/manifest-types.ts';
import { median, rotate } from './stats.ts';
import { kb, ms, table, verdict, type SectionReport, type TargetResult } from './report.ts';

/** Repository root: manifest entries are relative to it. */
const ROOT = join(import.meta.dirname, '..');
/** Inside the repo tree on purpose: the bundles' external `@aws-sdk/*` imports resolve from its node_modules. */
export const OUT_DIR = join(import.meta.dirname, '.out');

/** The limit on each minified bundle, in bytes (150 KB). */
export const BUNDLE_BYTES_TARGET = 150 * 1024;
/** The limit on each bundle's median cold-load time over an empty node start, in ms. */
export const COLD_LOAD_TARGET_MS = 50;
/** Timed spawns per module; one more untimed round first fills the OS file cache. */
export const COLD_LOAD_RUNS = 15;

/** A bundled function. */
interface Bundle {
  name: FunctionName;
  entry: string;
  file: string;
  bytes: number;
  /** The biggest contributors to the output, by package (or `app` for repository code). */
  largest: string;
}

/** Groups a bundle's bytes by npm package, so a size failure names its cause. */
function largestInputs(meta: Metafile, outfile: string): string {
  const output = Object.entries(meta.outputs).find(([path]) => join(ROOT, path) === outfile)?.[1];
  if (!output) return '?';
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'app';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`)
    .join(', ');
}

/** Bundles one function with the shared settings, as NodejsFunction would, into `.out/bundles/{name}/index.mjs`. */
async function bundle(name: FunctionName): Promise<Bundle> {
  const entry = functions[name].entry;
  const file = join(OUT_DIR, 'bundles', name, 'index.mjs');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: BUNDLING.format,
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    external: BUNDLING.externalModules,
    banner: { js: BUNDLING.banner },
    mainFields: BUNDLING.mainFields,
    metafile: true,
    logLevel: 'silent',
  });
  // As lib/palaute-function.ts does after bundling: the modules loaded at first use, beside the bundle.
  const sidecars: string[] = [];
  for (const s of sidecarsOf(functions[name] as FunctionSpec)) {
    const out = join(OUT_DIR, 'bundles', name, s.file);
    await build({
      absWorkingDir: ROOT,
      entryPoints: [join(ROOT, s.entry)],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: BUNDLING.format,
      target: BUNDLING.target,
      minify: BUNDLING.minify,
      mainFields: BUNDLING.mainFields,
      logLevel: 'silent',
    });
    sidecars.push(`sidecar ${s.file} ${kb(statSync(out).size)}`);
  }
  const largest = [largestInputs(result.metafile, file), ...sidecars].join('; ');
  return { name, entry, file, bytes: statSync(file).size, largest };
}

/** A module the cold-load runs import. */
interface LoadCase {
  label: string;
  file: string;
  samples: number[];
}

/**
 * The environment a spawned load gets: only what the handlers read at module scope, with dummy
 * values. Not the bench's own env, so no NODE_OPTIONS or loader of the parent leaks into the timing.
 */
function loadEnv(): NodeJS.ProcessEnv {
  // Every variable a function may require at cold start, derived from the manifest so new ones are covered.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-north-1', PUBLIC_BASE_URL: 'https://palaute.example.fi' };
  for (const [name, t] of Object.entries(tables)) env[t.envVar] = `bench-${name}`;
  for (const [name, q] of Object.entries(queues)) env[q.envVar] = `https://sqs.eu-north-1.amazonaws.com/000000000000/bench-${name}`;
  for (const [name, s] of Object.entries(secrets)) env[s.envVar] = `arn:aws:secretsmanager:eu-north-1:000000000000:secret:bench-${name}`;
  for (const [name, k] of Object.entries(keys)) env[k.envVar] = `arn:aws:kms:eu-north-1:000000000000:alias/bench-${name}`;
  // What the deployment sets for functions that publish events or send mail (lib/palaute-function.ts).
  env[EVENT_BUS_NAME_ENV] = 'palaute-bench';
  env[MAIL_FROM_ENV] = 'palaute@example.invalid';
  env[MAIL_CONFIGURATION_SET_ENV] = 'palaute-bench';
  return env;
}

/** Starts node once, importing `file` through the loader script; returns the wall time in ms. */
function timeLoad(loader: string, file: string): number {
  const t0 = performance.now();
  // --no-warnings: the AWS SDK warns on Node 20 (not on Lambda's Node 22); printing it would be timed too.
  const r = spawnSync(process.execPath, ['--no-warnings', loader, pathToFileURL(file).href], {
    env: loadEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const dt = performance.now() - t0;
  if (r.status !== 0) throw new Error(`loading ${file} failed (exit ${r.status}): ${r.stderr.toString().slice(0, 500)}`);
  return dt;
}

/** Runs section 2: bundles every function, then times cold loads. */
export async function benchBundles(): Promise<SectionReport> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const names = Object.keys(functions) as FunctionName[];
  // As createPalauteStacks does before CDK bundles: the dashboard imports the generated browser script.
  writeBrowserBundles();
  let bundles: Bundle[];
  try {
    bundles = await Promise.all(names.map(bundle));
  } finally {
    // esbuild keeps a service process alive; it must not run beside the timed spawns.
    await stop();
  }

  // Both the empty baseline and the bundles go through the same loader and a dynamic import, so the
  // difference is the bundle alone; checking `handler` proves the import really ran the module.
  const loader = join(OUT_DIR, 'load.mjs');
  writeFileSync(
    loader,
    "const m = await import(process.argv[2]);\nif (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(3); }\n",
  );
  const empty = join(OUT_DIR, 'empty.mjs');
  writeFileSync(empty, 'export const handler = async () => ({});\n');
  // How much of a DynamoDB function's load is the SDK itself, which the Lambda runtime provides.
  const sdkOnly = join(OUT_DIR, 'sdk-only.mjs');
  writeFileSync(
    sdkOnly,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\nDynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport const handler = async () => ({});\n",
  );

  const baseline: LoadCase = { label: 'empty module (baseline)', file: empty, samples: [] };
  const sdk: LoadCase = { label: '@aws-sdk client-dynamodb + lib-dynamodb only', file: sdkOnly, samples: [] };
  const perBundle = new Map<FunctionName, LoadCase>(bundles.map((b) => [b.name, { label: b.name, file: b.file, samples: [] }]));
  const cases = [baseline, sdk, ...perBundle.values()];
  for (let round = 0; round <= COLD_LOAD_RUNS; round++) {
    // Interleaved and rotated, so drift in machine load spreads over every module alike.
    for (const c of rotate(cases, round)) {
      const dt = timeLoad(loader, c.file);
      if (round > 0) c.samples.push(dt);
    }
  }

  const emptyMedian = median(baseline.samples);
  const targets: TargetResult[] = [];
  const rows = bundles.map((b) => {
    const load = median(perBundle.get(b.name)!.samples);
    const delta = load - emptyMedian;
    const sizeOk = b.bytes <= BUNDLE_BYTES_TARGET;
    const loadOk = delta <= COLD_LOAD_TARGET_MS;
    targets.push(
      { name: `Bundle size: ${b.name}`, measured: `${kb(b.bytes)} KB`, limit: `≤ ${kb(BUNDLE_BYTES_TARGET)} KB`, pass: sizeOk },
      { name: `Cold load over empty node: ${b.name}`, measured: `${ms(delta)} ms`, limit: `≤ ${COLD_LOAD_TARGET_MS} ms`, pass: loadOk },
    );
    return [b.name, b.entry, kb(b.bytes), verdict(sizeOk), ms(load), ms(delta), verdict(loadOk), b.largest];
  });
  const sdkMedian = median(sdk.samples);

  return {
    title: '2. Lambda bundles: size and cold load',
    lines: [
      `esbuild with lib/bundling.ts: platform node, bundle, format ${BUNDLING.format}, target ${BUNDLING.target}, minify ${BUNDLING.minify}, external ${BUNDLING.externalModules.join(' ')}, mainFields ${BUNDLING.mainFields.join(',')}, banner; written to bench/.out/bundles/{name}/index.mjs.`,
      `Cold load: median of ${COLD_LOAD_RUNS} spawns of \`node --no-warnings load.mjs <module>\` per module (interleaved, after 1 untimed round), minus the same for an empty module. Node ${process.version} here (Lambda runs Node ${BUNDLING.target.replace('node', '')}).`,
      `The external @aws-sdk/* imports load from the repo's node_modules and **count in the cold-load figure**, as on Lambda, whose runtime ships them.`,
      `Size targets ≤ ${kb(BUNDLE_BYTES_TARGET)} KB minified; cold-load targets ≤ ${COLD_LOAD_TARGET_MS} ms over the empty start. KB = 1,024 bytes.`,
      '',
      ...table(['function', 'entry', 'size KB', 'size', 'load ms', 'Δ empty ms', 'load', 'largest inputs (KB in bundle)'], rows, [2, 4, 5]),
      '',
      `Empty node start (baseline): ${ms(emptyMedian)} ms. For reference, importing only @aws-sdk/client-dynamodb + lib-dynamodb and creating a client: ${ms(sdkMedian)} ms (Δ ${ms(sdkMedian - emptyMedian)} ms).`,
    ],
    targets,
  };
}
