/**
 * How every function is bundled, declared once for the CDK app (NodejsFunction) and the bench
 * (which bundles with esbuild directly to measure size and cold-load time). No CDK imports here.
 */
import { type FunctionSpec, PHONE_CHECK_ENTRY, PHONE_CHECK_FILE } from '#shared/manifest.ts';

/** Lambda runtime the functions run on; Node 20 is past end of life. */
export const LAMBDA_NODE_MAJOR = 22;

/** esbuild settings shared by CDK bundling and the bench. */
export const BUNDLING = {
  target: `node${LAMBDA_NODE_MAJOR}`,
  format: 'esm' as const,
  minify: true,
  sourceMap: false,
  /** The Lambda Node.js runtime ships AWS SDK v3; bundling it would add ~300 KB per function. */
  externalModules: ['@aws-sdk/*'],
  /** ESM bundles that include CommonJS dependencies need a `require` in scope. */
  banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
  mainFields: ['module', 'main'],
};

/** A module built beside a function's bundle and loaded by it at first use, not at cold start. */
export interface Sidecar {
  /** Source module, relative to the repository root. */
  entry: string;
  /** File name beside the bundle's index.mjs. */
  file: string;
}

/**
 * The sidecars a function needs. The phone check (libphonenumber-js with every country's metadata,
 * ~190 KB) goes beside every function that may store a contact request, i.e. that may make a contact
 * data key: bundled, it alone would break their 150 KB budget, and only answers with a contact phone
 * load it (shared/contacts/phone.ts).
 */
export function sidecarsOf(spec: Pick<FunctionSpec, 'keys'>): Sidecar[] {
  return spec.keys?.contacts?.includes('kms:GenerateDataKey') ? [{ entry: PHONE_CHECK_ENTRY, file: PHONE_CHECK_FILE }] : [];
}

/** esbuild command-line options of a sidecar: the function's own settings, one self-contained ESM module. */
export function sidecarEsbuildArgs(entry: string, outfile: string): string[] {
  return [
    entry,
    '--bundle',
    '--platform=node',
    `--format=${BUNDLING.format}`,
    `--target=${BUNDLING.target}`,
    ...(BUNDLING.minify ? ['--minify'] : []),
    `--main-fields=${BUNDLING.mainFields.join(',')}`,
    `--outfile=${outfile}`,
  ];
}
