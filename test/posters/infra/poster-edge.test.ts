/**
 * The posters at the edge: CloudFront caches `/posters/*` (the one cached path) on the path alone,
 * keeping the origin's one-day cache-control, forwarding no viewer header, cookie or query string,
 * GET and HEAD only, over HTTPS, with the same origin (and its secret header) and security headers
 * as every other path; the route is public with its reason, and its function has no table.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, routes } from '#shared/manifest.ts';
import { POSTER_EDGE_PATTERN, POSTER_PATH } from '#shared/posters/index.ts';
import { buildInfraApp, type InfraApp } from '../../support/infra-app.ts';

/** CloudFront's managed CachingOptimized policy, by its fixed id. */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

let infra: InfraApp;
type Resource = { Type: string; Properties: Record<string, any> };
let stateless: Record<string, Resource>;
const distributionConfig = () =>
  Object.values(stateless).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties.DistributionConfig;

beforeAll(() => {
  infra = buildInfraApp();
  stateless = infra.statelessTemplate.toJSON().Resources;
});

describe('the posters behind CloudFront', () => {
  it('are cached on the path alone, as long as the origin says, GET and HEAD over HTTPS', () => {
    const behaviors = distributionConfig().CacheBehaviors as Record<string, unknown>[];
    const posters = behaviors.find((b) => b.PathPattern === POSTER_EDGE_PATTERN)!;
    expect(posters).toMatchObject({
      CachePolicyId: CACHING_OPTIMIZED,
      AllowedMethods: ['GET', 'HEAD'],
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: true,
    });
    // Nothing of the viewer's request reaches the origin, so a cached poster cannot vary by it.
    expect(posters.OriginRequestPolicyId).toBeUndefined();
  });

  // The same origin (with the secret header the functions require) and the same security headers as the rest.
  it('go to the same origin with the same security headers as every other path', () => {
    const config = distributionConfig();
    const posters = (config.CacheBehaviors as Record<string, unknown>[]).find((b) => b.PathPattern === POSTER_EDGE_PATTERN)!;
    expect(posters.TargetOriginId).toBe(config.DefaultCacheBehavior.TargetOriginId);
    expect(posters.ResponseHeadersPolicyId).toEqual(config.DefaultCacheBehavior.ResponseHeadersPolicyId);
    expect(config.Origins).toHaveLength(1);
  });

  it('match the poster route, which is public with a reason, served by a function without tables', () => {
    const route = routes.find((r) => r.path === POSTER_PATH)!;
    expect(POSTER_PATH.startsWith(POSTER_EDGE_PATTERN.replace('*', ''))).toBe(true);
    expect(route.public).toMatch(/nothing personal/);
    expect(functions.posters.tables).toEqual({});
    expect(functions.posters.needsPublicUrl).toBe(true);
  });
});
