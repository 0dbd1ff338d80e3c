/**
 * The edge in front of the API: the web ACL in us-east-1 with its per-IP rate rule (from the region
 * config), AWS's managed rule groups and its log; the CloudFront distribution with that ACL, no
 * caching but the posters, the viewer's request minus Host, HSTS and the other security headers, access logs in an
 * encrypted bucket, and the secret origin header that every route's function requires; the outputs;
 * the context values for a custom domain and secret rotation; and the org groups checked at synth.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { checkedOrgGroupName, PalauteAuth } from '#lib/auth.ts';
import { COMMON_RULES_COUNTED, EDGE_FIREWALL_REGION, EDGE_LOG_RETENTION_DAYS, MANAGED_RULE_GROUPS } from '#lib/edge.ts';
import { readContext } from '#lib/palaute-app.ts';
import { parseConfig } from '#shared/config.ts';
import { ORIGIN_SECRET_ENV, ORIGIN_VERIFY_HEADER, routes } from '#shared/manifest.ts';
import { DEFAULT_RATE_LIMIT_PER_5_MIN, edgeRateLimitPer5Min } from '#shared/platform/edge-settings.ts';
import type { OrgNode, OrgTree } from '#shared/platform/org-tree.ts';
import { buildInfraApp, logicalId, TEST_REGION_ID, type InfraApp } from '../../support/infra-app.ts';

/** CloudFront's managed policies, by their fixed ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

let infra: InfraApp;
type Resource = { Type: string; Properties: Record<string, any> };
let stateless: Record<string, Resource>;
let firewall: Record<string, Resource>;
const ofType = (resources: Record<string, Resource>, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const distributionConfig = () => ofType(stateless, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;
const webAcl = () => ofType(firewall, 'AWS::WAFv2::WebACL')[0]![1].Properties;

beforeAll(() => {
  infra = buildInfraApp();
  stateless = infra.statelessTemplate.toJSON().Resources;
  firewall = infra.edgeFirewallTemplate.toJSON().Resources;
});

describe('web ACL', () => {
  // CloudFront accepts only ACLs of scope CLOUDFRONT, and those exist only in us-east-1.
  it('is a CLOUDFRONT ACL in its own us-east-1 stack, allowing what no rule blocks', () => {
    expect(infra.edgeFirewall.region).toBe(EDGE_FIREWALL_REGION);
    expect(ofType(firewall, 'AWS::WAFv2::WebACL')).toHaveLength(1);
    expect(webAcl()).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  // The per-IP limit is what stops one client flooding the form; it comes from config/region.json.
  it('blocks an IP address over the configured rate per 5 minutes with 429, before any other rule', () => {
    const { org } = parseConfig();
    const rate = webAcl().Rules.find((r: { Name: string }) => r.Name === 'RateLimitPerIp');
    expect(rate).toMatchObject({
      Priority: 0,
      Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
      Statement: { RateBasedStatement: { Limit: edgeRateLimitPer5Min(org), AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
    });
    expect(Math.min(...webAcl().Rules.map((r: { Priority: number }) => r.Priority))).toBe(0);
  });

  it('takes a rate limit set in the region config', () => {
    const { org } = parseConfig(withEdge({ rateLimitPer5Min: 12000 }));
    expect(edgeRateLimitPer5Min(org)).toBe(12000);
    expect(edgeRateLimitPer5Min(parseConfig().org)).toBe(DEFAULT_RATE_LIMIT_PER_5_MIN);
  });

  it('runs the IP reputation, known bad inputs and common AWS managed rule groups, blocking', () => {
    const managed = webAcl().Rules.filter((r: { Statement: Record<string, unknown> }) => r.Statement.ManagedRuleGroupStatement);
    expect(
      managed.map((r: { Statement: { ManagedRuleGroupStatement: { Name: string } } }) => r.Statement.ManagedRuleGroupStatement.Name),
    ).toEqual([...MANAGED_RULE_GROUPS]);
    for (const r of managed) {
      expect(r.OverrideAction).toEqual({ None: {} });
      expect(r.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS');
      expect(r.VisibilityConfig).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
    }
    // Only the body-size rule is counted (the handlers enforce their own limits); the rest block.
    const common = managed.find((r: { Name: string }) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual(
      COMMON_RULES_COUNTED.map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
    );
  });

  // Blocked requests only (they never reached a function), without tokens or query strings, kept a month.
  it('logs blocked requests, redacted, to an aws-waf-logs- log group with retention', () => {
    const [, logging] = ofType(firewall, 'AWS::WAFv2::LoggingConfiguration')[0]!;
    const [groupId, group] = ofType(firewall, 'AWS::Logs::LogGroup')[0]!;
    expect(group.Properties.LogGroupName).toMatch(/^aws-waf-logs-palaute-/);
    expect(group.Properties.RetentionInDays).toBe(EDGE_LOG_RETENTION_DAYS);
    expect(logging.Properties.ResourceArn).toEqual({ 'Fn::GetAtt': [infra.edgeFirewall.getLogicalId(infra.edgeFirewall.webAcl), 'Arn'] });
    expect(JSON.stringify(logging.Properties.LogDestinationConfigs)).toContain(groupId);
    expect(JSON.stringify(logging.Properties.LogDestinationConfigs)).not.toContain(':*');
    expect(logging.Properties.LoggingFilter).toEqual({
      DefaultBehavior: 'DROP',
      Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }],
    });
    expect(logging.Properties.RedactedFields).toEqual([{ SingleHeader: { Name: 'authorization' } }, { QueryString: {} }]);
  });
});

describe('CloudFront distribution', () => {
  it('is the one distribution, protected by the web ACL from the us-east-1 stack', () => {
    expect(ofType(stateless, 'AWS::CloudFront::Distribution')).toHaveLength(1);
    // Read across regions with CloudFormation's own Fn::GetStackOutput: no custom-resource Lambda.
    expect(distributionConfig().WebACLId).toEqual({
      'Fn::GetStackOutput': { StackName: infra.edgeFirewall.stackName, Region: EDGE_FIREWALL_REGION, OutputName: expect.any(String) },
    });
    const output = distributionConfig().WebACLId['Fn::GetStackOutput'].OutputName as string;
    infra.edgeFirewallTemplate.hasOutput(output, {
      Value: { 'Fn::GetAtt': [infra.edgeFirewall.getLogicalId(infra.edgeFirewall.webAcl), 'Arn'] },
    });
    expect(ofType(stateless, 'Custom::CrossRegionExportReader')).toHaveLength(0);
  });

  // The API is the only origin, over TLS 1.2, with the secret header taken from Secrets Manager at deploy time.
  it('forwards to the execute-api host over HTTPS with the secret origin header', () => {
    const [origin, ...others] = distributionConfig().Origins;
    expect(others).toEqual([]);
    expect(origin.DomainName).toEqual({
      'Fn::Join': ['', [{ Ref: logicalId(infra.stateless.api) }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
    });
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(origin.OriginCustomHeaders).toEqual([
      {
        HeaderName: ORIGIN_VERIFY_HEADER,
        HeaderValue: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: logicalId(infra.stateless.edge.originSecret) }, ':SecretString:::}}']],
        },
      },
    ]);
  });

  // The value in the header is the value the functions compare with: the same reference, resolved in the same deploy.
  it("gives every route's function the same secret, and no other function", () => {
    const header = distributionConfig().Origins[0].OriginCustomHeaders[0].HeaderValue;
    const routeFunctions = new Set(routes.map((r) => r.function));
    for (const [name, fn] of Object.entries(infra.stateless.functions)) {
      const vars = stateless[logicalId(fn.function)]!.Properties.Environment?.Variables ?? {};
      if (routeFunctions.has(name as never)) expect(vars[ORIGIN_SECRET_ENV], name).toEqual(header);
      else expect(vars[ORIGIN_SECRET_ENV], name).toBeUndefined();
    }
    // The secret's value itself is in no template.
    const secret = stateless[logicalId(infra.stateless.edge.originSecret)]!;
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  // Every answer is per request; the handlers need Authorization, cookies and query strings, and Host must not reach API Gateway.
  it('caches nothing, allows every method and forwards the viewer request except Host', () => {
    expect(distributionConfig().DefaultCacheBehavior).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    // The one cached path, the QR posters: test/posters/infra/poster-edge.test.ts.
    expect(distributionConfig().CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual(['/posters/*']);
  });

  it('adds HSTS (at least a year, subdomains, preload) and the other security headers to every response', () => {
    const policyId = distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId.Ref as string;
    const headers = stateless[policyId]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Preload: true, Override: true });
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(365 * 24 * 3600);
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    // The pages' own policies (the dashboard's script hash) win; everything else gets one that allows nothing.
    expect(headers.ContentSecurityPolicy).toEqual({
      ContentSecurityPolicy: expect.stringMatching(/^default-src 'none';.*frame-ancestors 'none'/),
      Override: false,
    });
  });

  it('writes access logs, without cookies, to an encrypted, private, TLS-only bucket that expires them', () => {
    const logging = distributionConfig().Logging;
    expect(logging.IncludeCookies).toBe(false);
    const bucketId = logging.Bucket['Fn::GetAtt'][0] as string;
    const bucket = stateless[bucketId]!.Properties;
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.LifecycleConfiguration.Rules).toEqual([{ ExpirationInDays: EDGE_LOG_RETENTION_DAYS, Status: 'Enabled' }]);
    const [, policy] = ofType(stateless, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === bucketId)!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('outputs the public URL, the dashboard URL, the distribution domain and the API URL', () => {
    const domain = { 'Fn::GetAtt': [logicalId(infra.stateless.edge.distribution), 'DomainName'] };
    infra.statelessTemplate.hasOutput('PublicUrl', { Value: { 'Fn::Join': ['', ['https://', domain]] } });
    infra.statelessTemplate.hasOutput('DashboardUrl', { Value: { 'Fn::Join': ['', ['https://', domain, '/admin']] } });
    infra.statelessTemplate.hasOutput('DistributionDomainName', { Value: domain });
    infra.statelessTemplate.hasOutput('ApiUrl', { Description: Match.stringLikeRegexp('refused') });
  });
});

describe('custom domain and secret rotation (context)', () => {
  const cert = 'arn:aws:acm:us-east-1:123456789012:certificate/0b0f1a2e-1111-2222-3333-444455556666';

  it('serves publicBaseUrl with its us-east-1 certificate and TLS 1.2, and links use it', () => {
    const custom = buildInfraApp({ context: { publicBaseUrl: 'https://palaute.example.fi', edgeCertificateArn: cert } });
    const config = Object.values(custom.statelessTemplate.toJSON().Resources as Record<string, Resource>).find(
      (r) => r.Type === 'AWS::CloudFront::Distribution',
    )!.Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['palaute.example.fi']);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: cert,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    custom.statelessTemplate.hasOutput('PublicUrl', { Value: 'https://palaute.example.fi' });
  });

  it.each([
    [{ edgeCertificateArn: cert }, /needs publicBaseUrl/],
    [{ publicBaseUrl: 'https://palaute.example.fi:8443', edgeCertificateArn: cert }, /without a port/],
    [{ publicBaseUrl: 'https://palaute.example.fi', edgeCertificateArn: cert.replace('us-east-1', 'eu-north-1') }, /us-east-1/],
    [{ originSecretVersion: 'latest' }, /originSecretVersion/],
  ])('refuses context %j', (context, message) => {
    expect(() => readContext(new App({ context }), TEST_REGION_ID)).toThrow(message);
  });

  // CloudFormation re-resolves a secret only when its reference changes: pinning the version is the rotation.
  it('pins the origin secret version given as context in both the header and the functions', () => {
    const version = '8a3c2f1e-5b6d-4e7f-8091-a2b3c4d5e6f7';
    const pinned = buildInfraApp({ context: { originSecretVersion: version } });
    const resources = pinned.statelessTemplate.toJSON().Resources as Record<string, Resource>;
    const config = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties.DistributionConfig;
    expect(JSON.stringify(config.Origins[0].OriginCustomHeaders)).toContain(`:SecretString:::${version}}}`);
    const health = resources[logicalId(pinned.stateless.functions.health.function)]!.Properties.Environment.Variables[ORIGIN_SECRET_ENV];
    expect(health).toEqual(config.Origins[0].OriginCustomHeaders[0].HeaderValue);
  });
});

describe('org groups at synth', () => {
  const { org } = parseConfig();

  it('creates exactly the groups the handlers accept', () => {
    expect(checkedOrgGroupName('keskusta-ta', org)).toBe('org:keskusta-ta');
  });

  // A group the handlers would ignore must not be created: it would grant nothing to whoever is put in it.
  it.each([
    ['an id outside the pattern', 'Keskusta TA'],
    ['an id with a colon', 'terveys:admin'],
    ['an id longer than 63 characters', 'a'.repeat(64)],
  ])('refuses %s, naming the group', (_what, id) => {
    const bad = fakeOrgWithRegionId(id);
    const stack = new Stack(new App(), 'T', { env: { account: '123456789012', region: 'eu-north-1' } });
    expect(
      () => new PalauteAuth(stack, 'Auth', { domainPrefix: 'palaute-test', dashboardUrl: 'https://x.example.fi/admin', org: bad }),
    ).toThrow(`Cognito group "org:${id}" is not a valid org group`);
  });

  it('refuses a group for a node the config does not have', () => {
    expect(() => checkedOrgGroupName('old-unit', org)).toThrow('Cognito group "org:old-unit" is not a valid org group');
  });
});

/** config/region.json with an `edge` section. */
function withEdge(edge: Record<string, unknown>): unknown {
  const region = structuredClone(parseConfig().org.config) as { region: Record<string, unknown> };
  region.region.edge = edge;
  return region;
}

/** An org tree of one region node with any id, as a tree that bypassed config validation would be. */
function fakeOrgWithRegionId(id: string): OrgTree {
  const node: OrgNode = {
    id,
    kind: 'region',
    name: { fi: 'X', sv: 'X', en: 'X' },
    surveyId: 'thl-aikuiset',
    config: { id, name: { fi: 'X', sv: 'X', en: 'X' } },
  };
  return { regionId: id, node: (n: string) => (n === id ? node : undefined), children: () => [] } as unknown as OrgTree;
}
