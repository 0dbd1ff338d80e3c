/**
 * The route contracts against the manifest: one per route and no more, path parameters that match
 * the path, the authorizer's 401/403 on exactly the scoped routes, and every contracts module
 * bundling for the browser (no AWS SDK, no node built-ins) so browser scripts can import it.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CONTRACTS } from '#shared/contracts.ts';
import { FRAGMENTS, functions, routes } from '#shared/manifest.ts';
import type { RouteContract } from '#shared/platform/route-contract.ts';
import { openApiDocument } from '#shared/platform/openapi.ts';

const ROOT = join(import.meta.dirname, '../../..');
const all = Object.assign({}, ...Object.values(CONTRACTS)) as Record<string, RouteContract>;
const keyOf = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

describe('one contract per route', () => {
  it.each(Object.keys(FRAGMENTS))('%s: exactly its routes have contracts', (feature) => {
    const f = FRAGMENTS[feature as keyof typeof FRAGMENTS];
    expect(Object.keys(CONTRACTS[feature as keyof typeof CONTRACTS]).sort()).toEqual(f.routes.map(keyOf).sort());
  });

  it.each(routes.map((r) => [keyOf(r), r] as const))('%s declares the path parameters of its path, no more, no fewer', (key, route) => {
    const expected = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const params = all[key]!.request.params;
    expect(params ? Object.keys(params.shape).sort() : []).toEqual(expected);
  });

  it.each(routes.map((r) => [keyOf(r), r] as const))("%s documents API Gateway's 401 and 403 exactly when it has scopes", (key, route) => {
    const { responses } = all[key]!;
    if (route.scopes) {
      expect(responses[401]?.content?.['application/json']?.safeParse({ message: 'Unauthorized' }).success).toBe(true);
      expect(responses[403]?.content?.['application/json']?.safeParse({ message: 'Forbidden' }).success).toBe(true);
    } else {
      // A public route may answer 401 itself (a page for staff entry's wrong code, JSON for a kiosk
      // device's credential), never API Gateway's.
      expect(responses[401]?.content?.['application/json']?.safeParse({ message: 'Unauthorized' }).success ?? false).toBe(false);
    }
  });

  it.each(routes.map((r) => [keyOf(r), r] as const))(
    '%s documents 503 with Retry-After exactly when its function touches DynamoDB',
    (key, route) => {
      const { responses } = all[key]!;
      if (Object.keys(functions[route.function].tables).length) {
        expect(responses[503]?.headers?.['retry-after']?.required).toBe(true);
        const json = responses[503]?.content?.['application/json'];
        if (json) expect(json.safeParse({ error: { code: 'service_unavailable', message: 'm', issues: [] } }).success).toBe(true);
        else expect(responses[503]?.content?.['text/html']).toBeDefined();
      } else {
        expect(responses[503]).toBeUndefined();
      }
    },
  );

  it('makes the document builder refuse a route without a contract', () => {
    const features = { platform: { routes: FRAGMENTS.platform.routes, contracts: {} } };
    expect(() => openApiDocument(features, { title: 't', version: '1', description: 'd' })).toThrow(/GET \/health.*no contract/);
  });
});

describe('contracts are browser-safe', () => {
  it.each(Object.keys(CONTRACTS))(
    'shared/%s/contracts.ts bundles for the browser without the AWS SDK or node built-ins',
    async (feature) => {
      const result = await build({
        absWorkingDir: ROOT,
        entryPoints: [join(ROOT, 'shared', feature, 'contracts.ts')],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        minify: true,
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((i) => /@aws-sdk|@middy|^node:/.test(i))).toEqual([]);
      expect(inputs.some((i) => i.endsWith('platform/index.ts'))).toBe(false);
    },
  );
});
