/**
 * The Palaute CDK app's stacks, assembled in one place so that bin/app.ts and the infra tests build
 * exactly the same thing.
 */
import { type App, Aspects, type Environment } from 'aws-cdk-lib';
import { loadConfig } from '#shared/config.ts';
import { classifierSettingsOf } from '#shared/text/index.ts';
import { functions, type FunctionSpec } from '#shared/manifest.ts';
import { edgeRateLimitPer5Min } from '#shared/platform/edge-settings.ts';
import { operationsSettingsOf } from '#shared/platform/operations-settings.ts';
import type { OrgTree } from '#shared/platform/org-tree.ts';
import { DASHBOARD_PATH } from './auth.ts';
import { writeBrowserBundles } from './browser-bundles.ts';
import { EDGE_FIREWALL_REGION, EdgeFirewallStack, type EdgeCustomDomain } from './edge.ts';
import { readMailSender, type MailSenderConfig } from './notifications.ts';
import { AlarmActionsAspect, checkAlarmEmailForDeploy } from './operations-topic.ts';
import { StatefulStack } from './stateful-stack.ts';
import { DEFAULT_SMS_SPEND_ALARM_USD, StatelessStack, type StatelessStackProps } from './stateless-stack.ts';

/** Region used when CDK_DEFAULT_REGION is unset (offline synth): Stockholm, the nearest to Finland. */
export const DEFAULT_REGION = 'eu-north-1';

/**
 * The dashboard's callback when the deployment gives no URL for it: the local stack's dashboard
 * (`npm start`, port 3000). Cognito allows plain http for localhost only. A deployment made with it
 * works except staff sign-in, which returns to this machine-local address; the URL is then set with
 * context `dashboardUrl` (or `publicBaseUrl`) and deployed again — see readContext.
 */
export const PLACEHOLDER_DASHBOARD_URL = `http://localhost:3000${DASHBOARD_PATH}`;

/** Options of the app beyond what cdk.json context gives. */
export interface PalauteStacksProps {
  /** The deployment's region id (config/region.json `region.id`); names the Cognito domain by default. */
  regionId: string;
  /**
   * The deployment's org tree; every node gets its `org:<nodeId>` staff group. Defaults to the
   * bundled config/region.json, which bin/app.ts has validated before building the stacks.
   */
  org?: OrgTree;
  /** Target account and region; defaults from CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION. */
  env?: Environment;
  /** Default route throttling of the API stage, passed on to the stateless stack. */
  throttle?: StatelessStackProps['throttle'];
  /** Retention of function and access logs, passed on to the stateless stack. */
  logRetention?: StatelessStackProps['logRetention'];
}

/** The stacks of one deployment. */
export interface PalauteStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
  /** The web ACL in front of the distribution, in us-east-1. */
  edgeFirewall: EdgeFirewallStack;
}

/** Deployment choices read from CDK context (`cdk synth -c name=value` or cdk.json), validated. */
export interface PalauteContext {
  /** Cognito domain prefix; context `authDomainPrefix`, default `palaute-<regionId>`. */
  authDomainPrefix: string;
  /** Origin of one-time links when a custom domain fronts the API; context `publicBaseUrl`, https only. */
  publicBaseUrl?: string;
  /** The distribution's custom domain: publicBaseUrl's host with context `edgeCertificateArn`. */
  customDomain?: EdgeCustomDomain;
  /** Version id of the origin secret to resolve; context `originSecretVersion` (rotation). */
  originSecretVersion?: string;
  /**
   * Where the staff client may return signed-in managers: context `dashboardUrl` (a full https URL),
   * else `<publicBaseUrl>/admin`, else PLACEHOLDER_DASHBOARD_URL.
   */
  dashboardUrl: string;
  /** Whether dashboardUrl is the placeholder, i.e. staff sign-in cannot work on AWS yet. */
  dashboardUrlIsPlaceholder: boolean;
  /** SMS spend alarm threshold in USD; context `smsSpendAlarmUsd`. */
  smsSpendAlarmUsd: number;
  /** The sender of notification mail: context `mailFrom` and `mailIdentity` (see readMailSender). */
  mail?: MailSenderConfig;
}

/**
 * The sender that stands in, in an offline synth only, when a function sends mail and the deployment
 * names no sender (`.invalid` can never be verified, so nothing could be sent from it).
 */
export const PLACEHOLDER_MAIL_FROM = 'palaute@example.invalid';

/** Environment from the CLI's CDK_DEFAULT_* variables; account stays unset when offline. */
export function defaultEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION ?? DEFAULT_REGION };
}

/**
 * Reads and checks the context values. `-c` values arrive as strings, so numbers are parsed here, and
 * a bad value stops synth with the context key named instead of deploying a broken link or alarm.
 */
export function readContext(app: App, regionId: string): PalauteContext {
  const get = (key: string): unknown => app.node.tryGetContext(key);

  const prefix = get('authDomainPrefix');
  const authDomainPrefix = prefix === undefined ? `palaute-${regionId}` : String(prefix);

  const rawUrl = get('publicBaseUrl');
  let publicBaseUrl: string | undefined;
  if (rawUrl !== undefined) {
    publicBaseUrl = String(rawUrl).replace(/\/+$/, '');
    // An origin only: handlers append `/s/{token}`, so a path or query here would break every link.
    if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(publicBaseUrl)) {
      throw new Error(`Context publicBaseUrl must be an https origin such as https://palaute.example.fi, got "${String(rawUrl)}"`);
    }
  }

  // Why a context value and not the API's URL: the staff client lives in the stateful stack, and the
  // stateless stack already depends on it (the JWT authorizer names the client ids). Pointing the
  // client at the API would make the two stacks depend on each other, which CDK refuses and which
  // could not be deployed in either order. So the URL is a deployment choice, known before deploying
  // with a custom domain, or taken from the first deployment's DashboardUrl output.
  const rawDashboard = get('dashboardUrl');
  let dashboardUrl: string;
  if (rawDashboard !== undefined) {
    dashboardUrl = String(rawDashboard);
    // Cognito compares redirect_uri exactly and rejects fragments; http only for localhost.
    if (!/^https:\/\/[a-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~/-]*)?$/i.test(dashboardUrl)) {
      throw new Error(
        `Context dashboardUrl must be an https URL without query or fragment, such as https://palaute.example.fi${DASHBOARD_PATH}, got "${dashboardUrl}"`,
      );
    }
  } else if (publicBaseUrl) {
    dashboardUrl = `${publicBaseUrl}${DASHBOARD_PATH}`;
  } else {
    // A deployment with the placeholder would send every staff sign-in back to localhost. `npm run
    // deploy` sets context deploy=true and is refused here; an offline `npm run synth` may still use
    // it (the stateful stack's output says so).
    if (get('deploy') === true || get('deploy') === 'true') {
      throw new Error(
        `npm run deploy refuses the placeholder staff callback ${PLACEHOLDER_DASHBOARD_URL}: set -c dashboardUrl=https://palaute.example.fi${DASHBOARD_PATH} (or -c publicBaseUrl=https://palaute.example.fi)`,
      );
    }
    dashboardUrl = PLACEHOLDER_DASHBOARD_URL;
  }

  const rawCert = get('edgeCertificateArn');
  let customDomain: EdgeCustomDomain | undefined;
  if (rawCert !== undefined) {
    const certificateArn = String(rawCert);
    // CloudFront takes certificates from us-east-1 only; CloudFormation would say so only mid-deploy.
    if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/.test(certificateArn)) {
      throw new Error(`Context edgeCertificateArn must be an ACM certificate ARN in ${EDGE_FIREWALL_REGION}, got "${certificateArn}"`);
    }
    const host = publicBaseUrl ? new URL(publicBaseUrl) : undefined;
    if (!host || host.port) {
      throw new Error(
        `Context edgeCertificateArn needs publicBaseUrl, an https origin without a port (the distribution's custom domain), got "${String(rawUrl)}"`,
      );
    }
    customDomain = { domainName: host.hostname, certificateArn };
  }

  const rawSecretVersion = get('originSecretVersion');
  const originSecretVersion = rawSecretVersion === undefined ? undefined : String(rawSecretVersion);
  if (originSecretVersion !== undefined && !/^[0-9a-f-]{32,64}$/i.test(originSecretVersion)) {
    throw new Error(`Context originSecretVersion must be a Secrets Manager version id (a UUID), got "${originSecretVersion}"`);
  }

  const rawSpend = get('smsSpendAlarmUsd');
  const smsSpendAlarmUsd = rawSpend === undefined ? DEFAULT_SMS_SPEND_ALARM_USD : Number(rawSpend);
  if (!Number.isFinite(smsSpendAlarmUsd) || smsSpendAlarmUsd <= 0) {
    throw new Error(`Context smsSpendAlarmUsd must be a positive number of US dollars, got "${String(rawSpend)}"`);
  }

  const mail = readMailSender(get);

  return {
    authDomainPrefix,
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    ...(customDomain ? { customDomain } : {}),
    ...(originSecretVersion ? { originSecretVersion } : {}),
    dashboardUrl,
    dashboardUrlIsPlaceholder: dashboardUrl === PLACEHOLDER_DASHBOARD_URL,
    smsSpendAlarmUsd,
    ...(mail ? { mail } : {}),
  };
}

/**
 * The mail sender the stacks are built with: the context's; or, when a function sends mail and none is
 * given, the placeholder for an offline synth, while `npm run deploy` is refused with what to set.
 */
export function mailSenderFor(
  context: Pick<PalauteContext, 'mail'>,
  sendsMail: boolean,
  deploy: boolean,
): (MailSenderConfig & { placeholder?: boolean }) | undefined {
  if (context.mail || !sendsMail) return context.mail;
  if (deploy)
    throw new Error(
      'npm run deploy: a function sends mail (sendsMail), so set -c mailFrom=<sender address> (and -c mailIdentity=<its domain> to verify the domain instead of the address)',
    );
  return { from: PLACEHOLDER_MAIL_FROM, identity: PLACEHOLDER_MAIL_FROM, placeholder: true };
}

/** Adds the stateful and stateless stacks to the app; tables, secrets and the user pool pass between them as props. */
export function createPalauteStacks(app: App, props: PalauteStacksProps): PalauteStacks {
  const env = props.env ?? defaultEnvironment();
  const org = props.org ?? loadConfig().org;
  if (org.regionId !== props.regionId)
    throw new Error(`The org tree is region "${org.regionId}", but the stacks were asked for region "${props.regionId}"`);
  const context = readContext(app, props.regionId);
  const operations = operationsSettingsOf(org);
  const deploy = app.node.tryGetContext('deploy');
  checkAlarmEmailForDeploy(operations.alarmEmail, deploy === true || deploy === 'true');
  const mail = mailSenderFor(
    context,
    (Object.values(functions) as FunctionSpec[]).some((f) => f.sendsMail),
    deploy === true || deploy === 'true',
  );
  // NodejsFunction bundles in its constructor, and the dashboard's bundle imports the generated
  // browser script: bring it up to date with shared/*/browser/ first, so what deploys is what is there.
  writeBrowserBundles();
  const stateful = new StatefulStack(app, 'PalauteStateful', {
    env,
    description: 'Palaute: DynamoDB tables, secrets and the Cognito user pool (retained, deletion protected)',
    authDomainPrefix: context.authDomainPrefix,
    dashboardUrl: context.dashboardUrl,
    dashboardUrlIsPlaceholder: context.dashboardUrlIsPlaceholder,
    org,
    operations,
    ...(mail ? { mail } : {}),
  });
  const rateLimitPer5Min = edgeRateLimitPer5Min(org);
  const edgeFirewall = new EdgeFirewallStack(app, 'PalauteEdgeFirewall', {
    env: { account: env.account, region: EDGE_FIREWALL_REGION },
    description: 'Palaute: the AWS WAF web ACL in front of the CloudFront distribution (CloudFront ACLs live in us-east-1)',
    rateLimitPer5Min,
    regionId: props.regionId,
  });
  const stateless = new StatelessStack(app, 'PalauteStateless', {
    env,
    description: 'Palaute: Lambda functions, the HTTP API, queues and schedules',
    tables: stateful.tables,
    secrets: stateful.secrets,
    keys: stateful.keys,
    logKey: stateful.logKey.key,
    auth: {
      userPool: stateful.auth.userPool,
      apiClients: stateful.auth.apiClients,
      staffSignIn: {
        authUrl: stateful.auth.domain.baseUrl(),
        clientId: stateful.auth.staffClient.userPoolClientId,
        // While the callback is the placeholder the page uses its own URL, and Cognito refuses it
        // (redirect_mismatch) rather than sending a signed-in manager to localhost.
        ...(context.dashboardUrlIsPlaceholder ? {} : { dashboardUrl: context.dashboardUrl }),
      },
    },
    smsSpendAlarmUsd: context.smsSpendAlarmUsd,
    notifications: { eventBus: stateful.eventBus.bus, ...(stateful.mail ? { mail: stateful.mail.sender } : {}) },
    classifier: classifierSettingsOf(org),
    edge: {
      webAclArn: edgeFirewall.webAcl.attrArn,
      rateLimitPer5Min,
      ...(context.customDomain ? { customDomain: context.customDomain } : {}),
      ...(context.originSecretVersion ? { originSecretVersion: context.originSecretVersion } : {}),
    },
    ...(context.publicBaseUrl ? { publicBaseUrl: context.publicBaseUrl } : {}),
    ...(props.throttle ? { throttle: props.throttle } : {}),
    ...(props.logRetention ? { logRetention: props.logRetention } : {}),
  });
  stateless.addStackDependency(stateful, 'Functions use the tables and secrets; the API trusts the user pool');
  stateless.addStackDependency(edgeFirewall, 'The distribution is protected by the web ACL');
  // Every alarm of both stacks, present and future, notifies the operations topic. The edge firewall
  // stack (us-east-1) has no alarms; an alarm added there would need a topic of its own there.
  const alarmActions = new AlarmActionsAspect(stateful.operationsTopic.topic);
  for (const stack of [stateful, stateless]) Aspects.of(stack).add(alarmActions);
  return { stateful, stateless, edgeFirewall };
}
