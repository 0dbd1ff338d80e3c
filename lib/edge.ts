/**
 * What sits in front of the HTTP API: a CloudFront distribution whose only origin is the API, with
 * AWS WAF (a per-IP rate rule and AWS's managed rule groups), security headers on every response,
 * no caching but for the QR posters (config-only files, see POSTER_EDGE_PATTERN), access logs in an encrypted bucket, and a secret origin header without which the
 * functions refuse a request — so nobody reaches the API around the firewall by calling the
 * execute-api address.
 *
 * Two parts in two regions. A web ACL for CloudFront must be created in us-east-1, so it lives in
 * its own small stack there (EdgeFirewallStack). The distribution is a global resource and can be
 * created from any region: it lives in the stateless stack, beside the API it fronts, because the
 * functions need its address for their links (PUBLIC_BASE_URL) and a distribution in us-east-1
 * would make the two stacks depend on each other. The stateless stack reads the ACL's ARN across
 * regions; with this app's `@aws-cdk/core:defaultCrossStackReferences: weak` CDK writes that as
 * CloudFormation's own `Fn::GetStackOutput`, not the custom-resource Lambdas of strong cross-region
 * references, so there is no extra function, role or cdk-nag finding for it.
 */
import { ArnFormat, Aws, Duration, Fn, RemovalPolicy, SecretValue, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { LogEncryptionKey } from './log-encryption.ts';
import { ORIGIN_VERIFY_HEADER, POSTER_EDGE_PATTERN } from '#shared/manifest.ts';

/** The only region where a web ACL for CloudFront (scope CLOUDFRONT) can be created. */
export const EDGE_FIREWALL_REGION = 'us-east-1';

/** HSTS max-age: two years, what the browsers' preload list asks for (at least one year). */
export const HSTS_MAX_AGE = Duration.days(730);

/**
 * How long the web ACL's log (blocked requests only) and CloudFront's access logs are kept. They hold
 * client IP addresses, which the app's own logs never do, so they are kept only as long as it takes to
 * notice and look into an attack.
 */
export const EDGE_LOG_RETENTION_DAYS = 30;

/**
 * The AWS managed rule groups of the web ACL, in evaluation order after the rate rule. IP reputation:
 * addresses Amazon's threat intelligence knows for bots and attacks. Known bad inputs: request patterns
 * of known exploits (Log4j, Java deserialization, host-header tricks). Common: the OWASP-style core set.
 */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
] as const;

/**
 * Rules of the Common rule set switched to count instead of block. SizeRestrictions_BODY blocks bodies
 * over 8 KB, but `POST /api/visits` takes up to 1,000 visits in one body and `POST /api/feedback` up to
 * 16 KB; the handlers enforce those limits themselves and answer with a JSON error naming the field.
 */
export const COMMON_RULES_COUNTED = ['SizeRestrictions_BODY'] as const;

/** Properties of EdgeFirewallStack. */
export interface EdgeFirewallStackProps extends StackProps {
  /** Requests one IP address may send in 5 minutes before it is blocked (config `region.edge.rateLimitPer5Min`). */
  rateLimitPer5Min: number;
  /** The deployment's region id; names the ACL and its log group, so two deployments in one account do not collide. */
  regionId: string;
}

/** The web ACL in front of the distribution, with its log; in us-east-1 because CloudFront's ACLs must be there. */
export class EdgeFirewallStack extends Stack {
  /** The web ACL (scope CLOUDFRONT). */
  readonly webAcl: CfnWebACL;
  /** Where WAF logs the requests it blocks. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: EdgeFirewallStackProps) {
    super(scope, id, props);
    if (this.region !== EDGE_FIREWALL_REGION) throw new Error(`${id} must be deployed in ${EDGE_FIREWALL_REGION}, not ${this.region}`);
    const metric = (name: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: `palaute-${props.regionId}-${name}`,
      sampledRequestsEnabled: true,
    });

    const managed = (name: (typeof MANAGED_RULE_GROUPS)[number], priority: number): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(name === 'AWSManagedRulesCommonRuleSet'
            ? { ruleActionOverrides: COMMON_RULES_COUNTED.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: metric(name),
    });

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `palaute-${props.regionId}`,
      description: 'Palaute: per-IP rate limit and AWS managed rules in front of the public API',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metric('web-acl'),
      rules: [
        {
          // First, so a flood is cut before the other rules inspect it. Counted per source address over
          // a sliding 5 minutes; a blocked address is let through again once its rate falls below the
          // limit. 429 rather than WAF's default 403, so a client can tell "slow down" from "forbidden".
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: { rateBasedStatement: { limit: props.rateLimitPer5Min, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: metric('rate-limit-per-ip'),
        },
        ...MANAGED_RULE_GROUPS.map((name, i) => managed(name, i + 1)),
      ],
    });

    // WAF writes only to log groups named aws-waf-logs-*, and wants the ARN without the ":*" suffix.
    // Its own key in this stack: a key is regional, and the other stacks' log key is in the app's region.
    this.logGroup = new LogGroup(this, 'WebAclLogs', {
      logGroupName: `aws-waf-logs-palaute-${props.regionId}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: new LogEncryptionKey(this, 'LogKey').key,
    });
    new CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        this.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // Only blocked requests: they never reached a function, so nothing logged here can be joined to a
      // stored answer by its time. Allowed traffic is in the metrics and the sampled requests.
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }],
      },
      // A token in a log is a credential in a log; query strings may carry report parameters.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { queryString: {} }],
    });
  }
}

/** A custom domain for the distribution: the host of context `publicBaseUrl` and its certificate. */
export interface EdgeCustomDomain {
  /** The host name, `palaute.example.fi`. */
  domainName: string;
  /** ARN of an ACM certificate for it, in us-east-1 (context `edgeCertificateArn`). */
  certificateArn: string;
}

/** Properties of PalauteEdge. */
export interface PalauteEdgeProps {
  /** The HTTP API's id; the origin is its execute-api host. */
  apiId: string;
  /** ARN of the web ACL from EdgeFirewallStack. */
  webAclArn: string;
  /** The custom domain, when the deployment has one. */
  customDomain?: EdgeCustomDomain;
  /**
   * Version id of the origin secret to use (context `originSecretVersion`). CloudFormation resolves the
   * secret only when the reference to it changes, so rotating it is: put a new value, then deploy with
   * its version id. Unset: the current version as of the deploy that created the reference.
   */
  originSecretVersion?: string;
}

/** The distribution in front of the API, with its security headers, access logs and origin secret. */
export class PalauteEdge extends Construct {
  /** The distribution. */
  readonly distribution: Distribution;
  /** The security headers added to every response (HSTS, nosniff, referrer, frame options, a default CSP). */
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  /** CloudFront's access logs. */
  readonly logBucket: Bucket;
  /** The shared secret CloudFront sends in ORIGIN_VERIFY_HEADER. */
  readonly originSecret: Secret;
  /**
   * The secret's value as a deploy-time reference (`{{resolve:secretsmanager:…}}`), never the value
   * itself: neither the template nor cdk.out holds it.
   */
  readonly originSecretValue: string;
  /** The public origin: `https://<custom domain>` or `https://<id>.cloudfront.net`, no trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PalauteEdgeProps) {
    super(scope, id);

    // Why a secret header checked by the handlers, not a Lambda authorizer: an authorizer is one more
    // invocation (and its latency) per request, while the compare in httpHandler costs nothing. Why a
    // deploy-time reference, not a read at cold start: no Secrets Manager call, no extra grant on 15
    // roles, and the value cannot drift between CloudFront and the functions within one deployment.
    // Who can read the functions' configuration or the distribution's could read the value; they are
    // administrators, who could change either anyway.
    this.originSecret = new Secret(this, 'OriginSecret', {
      description: `Sent by CloudFront to the API in ${ORIGIN_VERIFY_HEADER}; the functions refuse requests without it`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The origin secret is resolved into the distribution and the functions at deploy time, so a rotation Lambda could not update them; it is rotated by putting a new value and deploying with context originSecretVersion (README "Deploying to AWS").',
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'HIPAA.Security-SecretsManagerRotationEnabled',
      reason:
        'The origin secret is resolved into the distribution and the functions at deploy time, so an automatic rotation would make every request fail until the next deploy; it is rotated by putting a new value and deploying with context originSecretVersion (README "Deploying to AWS").',
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'HIPAA.Security-SecretsManagerUsingKMSKey',
      reason:
        'It guards no personal data (it only proves a request came through CloudFront) and is never read at run time: CloudFormation resolves it at deploy. The AWS-managed key encrypts it at rest; a customer-managed key would add a key policy and nothing a reader of the distribution could not already see.',
    });
    this.originSecretValue = SecretValue.secretsManager(
      this.originSecret.secretArn,
      props.originSecretVersion ? { versionId: props.originSecretVersion } : {},
    ).unsafeUnwrap(); // deliberately a string: CloudFormation substitutes the value, the template keeps the reference

    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Palaute: HSTS and the other security headers on every response, the API Gateway errors included',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: HSTS_MAX_AGE, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        // Pages send their own policy (the dashboard's allows its script by hash), which wins; JSON and
        // API Gateway's own errors get this one, which allows nothing.
        contentSecurityPolicy: {
          contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
          override: false,
        },
      },
    });

    this.logBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // CloudFront's standard logging writes with an ACL, so ACLs cannot be disabled on this bucket.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(EDGE_LOG_RETENTION_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket is itself the access-log destination (CloudFront's logs); logging its own access would log into itself or need a further bucket whose access would again go unlogged. S3 data events in CloudTrail cover reads of it.",
    });
    for (const [id, reason] of [
      [
        'HIPAA.Security-S3BucketLoggingEnabled',
        "This bucket is itself the access-log destination (CloudFront's logs); logging its own access would log into itself or need a further bucket whose access would again go unlogged. S3 data events in CloudTrail cover reads of it.",
      ],
      [
        'HIPAA.Security-S3BucketReplicationEnabled',
        'It holds only CloudFront access logs kept 30 days for troubleshooting and abuse handling; a copy in a second region would keep client IP addresses in one more place, and losing them in a regional outage loses no data of the service.',
      ],
      [
        'HIPAA.Security-S3BucketVersioningEnabled',
        'CloudFront writes each log object once and the lifecycle rule deletes it after 30 days; versioning would keep the deleted objects, with their client IP addresses, beyond that limit.',
      ],
      [
        'HIPAA.Security-S3DefaultEncryptionKMS',
        "CloudFront's standard logging delivers as the awslogsdelivery account, which a customer-managed key's policy would have to trust; SSE-S3 encrypts the objects at rest, TLS is enforced and public access blocked. CloudFront logging v2 (open in the README) is the way to a KMS-encrypted destination.",
      ],
    ] as const)
      Validations.of(this.logBucket).acknowledge({ id, reason });

    const apiHost = Fn.join('', [props.apiId, '.execute-api.', Aws.REGION, '.', Aws.URL_SUFFIX]);
    const certificate = props.customDomain
      ? Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn)
      : undefined;
    const origin = new HttpOrigin(apiHost, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      // CloudFront overwrites a viewer's header of the same name, so a client cannot supply it.
      customHeaders: { [ORIGIN_VERIFY_HEADER]: this.originSecretValue },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Palaute: the public address of the API, behind AWS WAF',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        // Every answer is per request (forms with their own state, reports behind a token): nothing is cached.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // Authorization, every other header, cookies and query strings, but not Host: API Gateway
        // routes by Host, and the viewer's (the distribution's or the custom domain) is not the API's.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.responseHeadersPolicy,
      },
      additionalBehaviors: {
        // The QR posters are the one thing cached: the same for everyone, changed only by a deploy of
        // the config, and a region's PDF takes the biggest function to render. CachingOptimized keys on
        // the path alone and keeps what the origin's cache-control says (a day); no viewer header,
        // cookie or query string is forwarded, so nothing a viewer sends can vary a cached file.
        [POSTER_EDGE_PATTERN]: {
          origin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: this.responseHeadersPolicy,
        },
      },
      webAclId: props.webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Finland is served from the European edge locations, which the cheapest price class includes.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
      ...(props.customDomain && certificate
        ? { domainNames: [props.customDomain.domainName], certificate, minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
    });
    if (!props.customDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          "Without a custom domain the distribution uses CloudFront's default *.cloudfront.net certificate, whose minimum TLS version cannot be set; browsers negotiate TLS 1.2 or 1.3 with it. A deployment with context publicBaseUrl and edgeCertificateArn gets TLSv1.2_2021.",
      });
    }
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        "No geo restriction: the county's residents answer from abroad too (travel, cross-border commuters, relatives), and SMS links must open wherever the phone is. Abuse is limited per IP by the web ACL's rate rule instead.",
    });

    this.url = props.customDomain
      ? `https://${props.customDomain.domainName}`
      : Fn.join('', ['https://', this.distribution.distributionDomainName]);
  }
}
