/**
 * How every function is bundled, declared once for the CDK app (NodejsFunction) and the bench
 * (which bundles with esbuild directly to measure size and cold-load time). No CDK imports here.
 */
import { type FunctionSpec, PHONE_CHECK_ENTRY, PHONE_CHECK_FILE } from '#shared/manifest.ts';
import { CLASSIFIER_ENTRY, CLASSIFIER_FILE } from '#shared/text/index.ts';

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
 * The sidecars a function needs. The functions that take answers (they may store a contact request,
 * so they make contact data keys) get two, loaded at first use, not at cold start: the phone check
 * (libphonenumber-js with every country's metadata, ~190 KB), loaded for a contact phone or a comment
 * with a run of digits (shared/contacts/phone.ts), and the comment classifier (Snowball stemmers and
 * lexicons, ~30 KB), loaded at the first comment (shared/text/classifier-loader.ts). Bundled, the
 * first would break their 150 KB budget alone, the second the form post's and the SMS survey's.
 */
export function sidecarsOf(spec: Pick<FunctionSpec, 'keys'>): Sidecar[] {
  return spec.keys?.contacts?.includes('kms:GenerateDataKey')
    ? [
        { entry: PHONE_CHECK_ENTRY, file: PHONE_CHECK_FILE },
        { entry: CLASSIFIER_ENTRY, file: CLASSIFIER_FILE },
      ]
    : [];
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
