/**
 * How every function is bundled, declared once for the CDK app (NodejsFunction) and the bench
 * (which bundles with esbuild directly to measure size and cold-load time). No CDK imports here.
 */
import { type FunctionName, type FunctionSpec, PHONE_CHECK_ENTRY, PHONE_CHECK_FILE } from '#shared/manifest.ts';
import { CLASSIFIER_ENTRY, CLASSIFIER_FILE } from '#shared/text/index.ts';
import { validatedConfigJson } from '#shared/config.ts';
import { validatedPublicInfoJson } from '#shared/public-info-config.ts';
import { validatedPulseSurveysJson } from '#shared/pulse-config.ts';
import { gzipSync } from 'node:zlib';
import { apiDocument } from '#shared/contracts.ts';
import pkg from '../package.json' with { type: 'json' };

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
  /**
   * The region and survey config, validated here (a bad file fails bundling and synth with its
   * ConfigError) and built in as the text `loadConfig` reads (shared/config.ts): a cold start then
   * skips zod on the files and the bundles drop the parse. Likewise the OpenAPI document (see
   * `ImportMeta.palauteOpenApiDocument`). Computed at first read, once per process.
   */
  get define(): Record<string, string> {
    validatedDefine ??= {
      'import.meta.palauteValidatedConfig': JSON.stringify(validatedConfigJson()),
      // Likewise the staff surveys and the public documents, which only the pulse and publicInfo functions read.
      'import.meta.palauteValidatedPulseSurveys': JSON.stringify(validatedPulseSurveysJson()),
      'import.meta.palauteValidatedPublicInfo': JSON.stringify(validatedPublicInfoJson()),
      // The OpenAPI document, which changes only with a deploy: its function then bundles no contract.
      'import.meta.palauteOpenApiDocument': JSON.stringify(
        gzipSync(JSON.stringify(apiDocument(pkg.version)), { level: 9 }).toString('base64'),
      ),
    };
    return validatedDefine;
  },
};
let validatedDefine: Record<string, string> | undefined;

/** A function allowed a bigger bundle than the rest, with the limit it keeps instead and why. */
export interface BundleBudgetException {
  /** The most bytes its minified bundle may have. */
  maxBytes: number;
  /** The most its own code may add to a cold load over a bare load of its SDK clients, in ms. */
  ownCodeMs: number;
  reason: string;
}

/**
 * The functions exempt from the common bundle budget (150 KB in the bench, 256 KB as the bundling
 * test's ceiling), each with a limit of its own. Only `posters`: pdf-lib (~430 KB minified with its
 * standard-font metrics and pako, and not tree-shakable) is the PDF writer the feature is built on,
 * and the function's answers are cached for a day by CloudFront (POSTER_EDGE_PATTERN), so its cold
 * start is paid about once a day per edge location, never by a person giving feedback.
 */
export const BUNDLE_BUDGET_EXCEPTIONS: Partial<Record<FunctionName, BundleBudgetException>> = {
  posters: {
    // Measured 504 KB, and 165 ms own code on a 2-core machine at load average 14, where the
    // 60–120 KB functions measured 50–180 ms: the limit catches a second library, not this one.
    maxBytes: 640 * 1024,
    ownCodeMs: 200,
    reason:
      'pdf-lib is ~430 KB minified (not tree-shakable); CloudFront caches the posters for a day, so a cold start is rare and no one answering waits on it',
  },
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
