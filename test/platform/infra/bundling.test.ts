/**
 * Real bundling, once: every function's asset is a minified ESM bundle built with lib/bundling.ts's
 * settings (banner, external AWS SDK), small enough for a quick cold start. The other infra tests
 * skip bundling for speed, so this is the only one that runs esbuild through NodejsFunction.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions, type FunctionName, type FunctionSpec, PHONE_CHECK_FILE } from '#shared/manifest.ts';
import { BROWSER_BUNDLES, bundleBrowserScript } from '#lib/browser-bundles.ts';
import { type analyseComment, CLASSIFIER_FILE, type classifyComment } from '#shared/text/index.ts';
import { BUNDLE_BUDGET_EXCEPTIONS, BUNDLING, sidecarsOf } from '#lib/bundling.ts';
import { REPO_ROOT } from '#lib/paths.ts';
import { apiDocument } from '#shared/contracts.ts';
import pkg from '../../../package.json' with { type: 'json' };
import { loadConfig } from '#shared/config.ts';
import { loadPublicInfo } from '#shared/public-info-config.ts';
import { buildInfraApp, logicalId, type InfraApp } from '../../support/infra-app.ts';

/** A ceiling, not a target: a bundle past it has pulled in something it should not (a locale table, the SDK). */
const MAX_BUNDLE_BYTES = 256 * 1024;

/**
 * Paragraphs of config/public-info.json that a bundle carries verbatim when it carries the documents:
 * the English ones without characters the minifier escapes or re-quotes.
 */
const DOCUMENT_MARKERS = [...loadPublicInfo().privacyNotice.en, ...loadPublicInfo().accessibilityStatement.en]
  .flatMap((s) => s.paragraphs)
  .filter((p) => /^[\x20-\x7e]+$/.test(p) && !/["'`\\$]/.test(p))
  .slice(0, 3);

let outdir: string;
let infra: InfraApp;
// Bundling every function and sidecar is minutes of esbuild on a busy 2-core machine: a hang guard, not a budget.
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'palaute-bundle-'));
  infra = buildInfraApp({ bundle: true, outdir });
  infra.app.synth();
}, 480_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The bundled handler file of a function: its code's S3 key is `<asset hash>.zip`, staged as `asset.<hash>/`. */
function bundle(name: FunctionName): string {
  const fn = infra.statelessTemplate.toJSON().Resources[logicalId(infra.stateless.functions[name].function)];
  const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  const file = join(outdir, `asset.${hash}`, 'index.mjs');
  expect(existsSync(file), file).toBe(true);
  return file;
}

describe.each(Object.keys(functions) as FunctionName[])('bundle of %s', (name) => {
  // ESM with the createRequire banner is what lets CommonJS dependencies load on the Node runtime.
  it('is an ESM module that starts with the shared banner', () => {
    const code = readFileSync(bundle(name), 'utf8');
    expect(code.startsWith(BUNDLING.banner)).toBe(true);
    expect(code).not.toMatch(/\bmodule\.exports\s*=/);
    expect(code).toMatch(/export\s*\{/);
  });

  // The Lambda runtime ships the AWS SDK v3; bundling it again costs cold-start time in every function.
  it('leaves the AWS SDK to the runtime', () => {
    const code = readFileSync(bundle(name), 'utf8');
    // A header name minification cannot touch, present in any bundled SDK client.
    expect(code).not.toContain('x-amz-user-agent');
    if (Object.keys(functions[name].tables).length > 0) expect(code).toMatch(/from\s*"@aws-sdk\/lib-dynamodb"/);
  });

  // The privacy notice and accessibility statement are ~20 KB of text only publicInfo shows; every
  // other function carrying them broke the bundle budget once (shared/public-info-config.ts).
  it(name === 'publicInfo' ? 'carries the public documents' : 'does not carry the public documents', () => {
    const code = readFileSync(bundle(name), 'utf8');
    expect(DOCUMENT_MARKERS).toHaveLength(3);
    for (const marker of DOCUMENT_MARKERS) expect(code.includes(marker), marker).toBe(name === 'publicInfo');
  });

  // The phone check (libphonenumber-js with every country's metadata) is loaded at the first contact
  // phone from a module beside the bundle (shared/contacts/phone.ts); bundled, it would break the budget.
  const takesContacts = sidecarsOf(functions[name] as FunctionSpec).length > 0;
  it(takesContacts ? 'has the phone check beside it, working, and not inside it' : 'has no phone check beside it', async () => {
    const beside = join(bundle(name), '..', PHONE_CHECK_FILE);
    expect(existsSync(beside)).toBe(takesContacts);
    if (!takesContacts) return;
    expect(readFileSync(bundle(name), 'utf8')).not.toContain('country_calling_codes');
    const check = (await import(pathToFileURL(beside).href)) as { e164(v: string): string | undefined };
    expect([check.e164('040 123 4567'), check.e164('+46 70 123 45 67'), check.e164('+1 212 055 0100')]).toEqual([
      '+358401234567',
      '+46701234567',
      undefined,
    ]);
  });

  // The text analysis (redaction's name lists and patterns, the Snowball stemmers and lexicons) likewise,
  // loaded at the first comment (shared/text/classifier-loader.ts). No comment can skip redaction: the
  // use case stores a comment only with the sidecar's result, so without the sidecar it fails, closed.
  it(takesContacts ? 'has the text analysis beside it, redacting and classifying' : 'has no text analysis beside it', async () => {
    const beside = join(bundle(name), '..', CLASSIFIER_FILE);
    expect(existsSync(beside)).toBe(takesContacts);
    if (!takesContacts) return;
    const code = readFileSync(bundle(name), 'utf8');
    expect(code).not.toContain('ajanvar *ajanvar');
    expect(code).not.toContain('aada aapo aarne');
    expect(readFileSync(beside, 'utf8')).toContain('aada aapo aarne');
    const mod = (await import(pathToFileURL(beside).href)) as {
      classifyComment: typeof classifyComment;
      analyseComment: typeof analyseComment;
    };
    expect(mod.classifyComment({ text: 'Ajanvaraus ei toiminut', lang: 'fi' })).toEqual({ themes: ['booking'], sentiment: 'negative' });
    const analysed = mod.analyseComment({
      text: 'Hoitaja Liisa soitti, hetu 131052-308T, ajanvaraus ei toiminut',
      lang: 'fi',
      org: loadConfig().org,
      placeNames: [],
    });
    expect(analysed.text).toBe('Hoitaja Liisa soitti, hetu [hetu], ajanvaraus ei toiminut');
    expect(analysed.names.map((n) => analysed.text.slice(n.start, n.end))).toEqual(['Liisa']);
    expect(analysed.themes).toContain('booking');
  });

  // Bundle size is cold-start time (docs/toolchain.md#bundles); the bench measures it, this catches a
  // regression. A function in BUNDLE_BUDGET_EXCEPTIONS (lib/bundling.ts, with its reason) keeps its own limit.
  const ceiling = BUNDLE_BUDGET_EXCEPTIONS[name]?.maxBytes ?? MAX_BUNDLE_BYTES;
  it(`stays under ${ceiling / 1024} KB`, () => {
    expect(statSync(bundle(name)).size).toBeLessThan(ceiling);
  });
});

/**
 * Runs a function's bundle once on a GET of `path` (with `query`), as Lambda would: copied inside the
 * repository, so its external @aws-sdk/* imports resolve from its node_modules as they do from the
 * runtime on Lambda.
 */
async function runBundled(
  name: FunctionName,
  path: string,
  query: Record<string, string> = {},
): Promise<APIGatewayProxyStructuredResultV2> {
  const cache = join(REPO_ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, `palaute-${name}-`));
  try {
    copyFileSync(bundle(name), join(dir, 'index.mjs'));
    const { handler } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
    };
    const event = {
      rawPath: path,
      rawQueryString: new URLSearchParams(query).toString(),
      queryStringParameters: query,
      headers: {},
      requestContext: { http: { method: 'GET', path } },
    };
    return await handler(event as unknown as APIGatewayProxyEventV2, { awsRequestId: 'bundling-test' } as Context);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The dashboard's Lambda bundle carries the browser script as a string its minifier re-quotes, so it
// is checked by running the bundle: the page it serves inlines a fresh esbuild build of the browser
// entry and its CSP pins exactly that, as under tsx (test/reporting/unit/dashboard-script.test.ts).
describe('bundle of dashboard, run', () => {
  it('serves the esbuild bundle of shared/reporting/browser/dashboard.ts as it is now, pinned by its hash', async () => {
    const res = await runBundled('dashboard', '/admin', { lang: 'en' });
    expect(res.statusCode).toBe(200);
    const script = bundleBrowserScript(BROWSER_BUNDLES.dashboard).code;
    expect(String(res.body).includes(`<script>${script}</script>`), 'the served page inlines a fresh build of the browser entry').toBe(
      true,
    );
    const hash = createHash('sha256').update(script).digest('base64');
    expect(res.headers?.['content-security-policy']).toContain(`script-src 'sha256-${hash}';`);
  });
});

// The OpenAPI function carries its document built when bundling (lib/bundling.ts): run, it must serve
// exactly what the contracts build now, and carry none of them.
describe('bundle of openapi, run', () => {
  it('serves the document the contracts build, without bundling a contract', async () => {
    const code = readFileSync(bundle('openapi'), 'utf8');
    expect(code).not.toContain('Customer feedback for Finnish wellbeing services counties');
    expect(code).not.toContain('$ZodObject');
    const res = await runBundled('openapi', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(String(res.body))).toEqual(apiDocument(pkg.version));
  });
});
