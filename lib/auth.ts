/**
 * Machine and staff authentication for the non-public routes: a Cognito user pool whose resource
 * server carries the manifest's scopes, a domain for the OAuth endpoints, two client-credentials
 * clients (the patient information system's and the operations/monitoring tools'), the staff
 * dashboard's public sign-in client, and one group per org node (`org:<nodeId>`) naming what a
 * staff member may see. The HTTP API checks the resulting JWTs.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClientIdentityProvider,
  type UserPoolClient,
  type UserPoolGroup,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ORG_GROUP_PATTERN, orgNodeOfGroup } from '#shared/platform/access.ts';
import type { OrgNode, OrgTree } from '#shared/platform/org-tree.ts';
import { ORG_GROUP_PREFIX, RESOURCE_SERVER, routes, SCOPES, type Scope } from '#shared/manifest.ts';

/** What each scope allows, as shown in the Cognito console; a new manifest scope fails to compile until described here. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'visits:write': 'Send visits from the patient information system for SMS surveys',
  'sms:read': 'Read the SMS survey audit counters',
  'reports:read': 'Read feedback reports',
  'feedback:enter': 'Enter paper or oral feedback for a unit the user holds',
  'cases:read': 'Read the feedback cases of the units the user holds',
  'cases:write': 'Change the status, assignee and notes of those cases',
  'contacts:read': 'Read the contact details of a contact request (each read is recorded in the case history)',
  'pulse:read': 'Read the staff pulse survey results of the units the user holds (only where anonymity holds)',
  'pulse:write': 'Open staff pulse survey rounds with one-time answer codes for the units the user holds',
  'kiosks:write': 'Create, list and revoke the feedback kiosks of the units the user holds',
};

/** Scopes the patient information system's client may request: it only delivers visits. */
export const PIS_CLIENT_SCOPES: readonly Scope[] = ['visits:write'];

/**
 * Scopes the operations/monitoring tools' client may request: the SMS audit counters
 * (GET /api/sms/stats) only. It can neither deliver visits nor read feedback reports.
 */
export const OPERATIONS_CLIENT_SCOPES: readonly Scope[] = ['sms:read'];

/**
 * API scopes the staff dashboard's client may request: the reports (and the monthly export),
 * entering paper or oral feedback, the case workbench (cases, and contact details, each read
 * audited) and its kiosk control. Which org nodes a person sees or enters for is not a scope but their `org:<nodeId>`
 * groups, checked by the handlers. A client's scopes are the same for every user who signs in
 * through it, so `contacts:read` cannot be narrowed per person here (see README, "Cases API").
 */
export const STAFF_CLIENT_SCOPES: readonly Scope[] = [
  'reports:read',
  'feedback:enter',
  'cases:read',
  'cases:write',
  'contacts:read',
  'pulse:read',
  'pulse:write',
  'kiosks:write',
];

/** The dashboard page's path, from the manifest's route to the `dashboard` function. */
export const DASHBOARD_PATH = (() => {
  const route = routes.find((r) => r.function === 'dashboard' && r.method === 'GET');
  if (!route) throw new Error('shared/manifest.ts has no GET route to the dashboard function');
  return route.path;
})();

/** The case workbench's path, from the manifest's route to the `workbench` function. */
export const WORKBENCH_PATH = (() => {
  const route = routes.find((r) => r.function === 'workbench' && r.method === 'GET');
  if (!route) throw new Error('shared/manifest.ts has no GET route to the workbench function');
  return route.path;
})();

/** The supervisors' pulse page's path, from the manifest's route to the `pulsePage` function. */
export const PULSE_PAGE_PATH = (() => {
  const route = routes.find((r) => r.function === 'pulsePage' && r.method === 'GET');
  if (!route) throw new Error('shared/manifest.ts has no GET route to the pulsePage function');
  return route.path;
})();

/**
 * Another staff page's URL beside the dashboard's: the dashboard URL with its path swapped, so a
 * deployment names one URL (context dashboardUrl) for every staff page.
 */
export function staffPageUrl(dashboardUrl: string, path: string): string {
  return dashboardUrl.endsWith(DASHBOARD_PATH) ? dashboardUrl.slice(0, -DASHBOARD_PATH.length) + path : new URL(path, dashboardUrl).href;
}

/** Cognito group of the staff who see an org node and everything below it: `org:<nodeId>`. */
export function orgGroupName(nodeId: string): string {
  return `${ORG_GROUP_PREFIX}${nodeId}`;
}

/**
 * The group name of an org node, checked against the rule the handlers read groups by
 * (orgNodeOfGroup): a group they would ignore must not be created, or an administrator would add
 * staff to a group that silently grants nothing. Stops synth with a message naming the group.
 */
export function checkedOrgGroupName(nodeId: string, org: OrgTree): string {
  const name = orgGroupName(nodeId);
  if (orgNodeOfGroup(name, org) !== nodeId) {
    throw new Error(
      `Cognito group "${name}" is not a valid org group: it must match ${ORG_GROUP_PATTERN.source} and name a node of config/region.json (region "${org.regionId}")`,
    );
  }
  return name;
}

/** Every node of the org tree, region first, each parent before its children (config order). */
export function orgNodes(org: OrgTree): OrgNode[] {
  const out: OrgNode[] = [];
  const visit = (node: OrgNode): void => {
    out.push(node);
    for (const child of org.children(node.id)) visit(child);
  };
  visit(org.node(org.regionId)!);
  return out;
}

const NODE_KIND_NAMES: Record<OrgNode['kind'], string> = {
  region: 'region',
  serviceArea: 'service area',
  service: 'service',
  unit: 'unit',
};

/** The scope string in an access token and in a route's authorization scopes: `palaute/visits:write`. */
export function qualifiedScope(scope: Scope): string {
  return `${RESOURCE_SERVER}/${scope}`;
}

/**
 * Checks a Cognito domain prefix at synth time, because CloudFormation reports a bad one only after
 * the user pool has been created. Cognito allows lower-case letters, digits and inner hyphens, and
 * rejects prefixes containing `aws`, `amazon` or `cognito`.
 */
export function checkDomainPrefix(prefix: string): string {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
    throw new Error(
      `Cognito domain prefix "${prefix}" is invalid: use lower-case letters, digits and inner hyphens, at most 63 characters, without "aws", "amazon" or "cognito" (context authDomainPrefix)`,
    );
  }
  return prefix;
}

/** Properties of PalauteAuth. */
export interface PalauteAuthProps {
  /** Prefix of the `<prefix>.auth.<region>.amazoncognito.com` domain; unique per AWS region across all accounts. */
  domainPrefix: string;
  /**
   * Where Cognito may send staff back after sign-in and sign-out: the dashboard's full URL
   * (`https://…/admin`). See readContext in palaute-app.ts for where it comes from.
   */
  dashboardUrl: string;
  /** The deployment's org tree; every node gets its `org:<nodeId>` group. */
  org: OrgTree;
}

/**
 * The user pool with its resource server, domain, clients and org groups.
 * Lives in the stateful stack: replacing the pool would invalidate every client id and secret
 * handed to the patient information system, and every staff account with its group memberships.
 */
export class PalauteAuth extends Construct {
  /** The user pool; the issuer of the API's access tokens. */
  readonly userPool: UserPool;
  /** Resource server `palaute`, one scope per manifest scope. */
  readonly resourceServer: UserPoolResourceServer;
  /** The Cognito domain that serves `/oauth2/token`. */
  readonly domain: UserPoolDomain;
  /** The patient information system's machine client (client credentials, `visits:write`). */
  readonly pisClient: UserPoolClient;
  /** The operations/monitoring tools' machine client (client credentials, `sms:read`). */
  readonly operationsClient: UserPoolClient;
  /** The staff dashboard's public client (authorization code with PKCE, `openid` and the staff scopes). */
  readonly staffClient: UserPoolClient;
  /** Every client whose tokens the API accepts (the JWT authorizer's audience). */
  readonly apiClients: UserPoolClient[];
  /** One group per org node, by node id: `org:<nodeId>`. */
  readonly orgGroups: Record<string, UserPoolGroup>;

  constructor(scope: Construct, id: string, props: PalauteAuthProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are created by administrators only: machine clients and staff.
      selfSignUpEnabled: false,
      // Sign-in aliases cannot change after creation; staff will sign in with their work e-mail.
      signInAliases: { email: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // TOTP only: SMS second factors would need an SNS role and cost money per sign-in.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus tier for threat protection (compromised credentials, adaptive authentication) of the
      // staff sign-ins; it is billed per monthly active user, and machine clients are none.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER,
      userPoolResourceServerName: 'Palaute API',
      scopes: SCOPES.map((s) => new ResourceServerScope({ scopeName: s, scopeDescription: SCOPE_DESCRIPTIONS[s] })),
    });

    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: checkDomainPrefix(props.domainPrefix) } });

    // A confidential client: the patient information system holds the secret server-side.
    this.pisClient = this.machineClient('PatientInformationSystemClient', 'patient-information-system', PIS_CLIENT_SCOPES);
    // A confidential client for operations and monitoring tools that run server-side (dashboards,
    // scheduled checks); separate from the patient information system's so either can be revoked alone.
    this.operationsClient = this.machineClient('OperationsClient', 'operations-monitoring', OPERATIONS_CLIENT_SCOPES);
    this.staffClient = this.staffDashboardClient(props.dashboardUrl);
    this.apiClients = [this.pisClient, this.operationsClient, this.staffClient];

    // Administrators grant a person a part of the org tree by adding them to its group; the group
    // exists for every node, so nobody has to create one by hand (and mistype its name). Cognito puts
    // the user's groups in the access token's `cognito:groups` claim for user-pool sign-in (no
    // pre-token-generation trigger here removes it). A node removed from config/region.json takes
    // its group and the memberships with it on the next deployment.
    this.orgGroups = Object.fromEntries(
      orgNodes(props.org).map((node) => [
        node.id,
        this.userPool.addGroup(`OrgGroup-${node.id}`, {
          groupName: checkedOrgGroupName(node.id, props.org),
          description: `Staff who see the reports of the ${NODE_KIND_NAMES[node.kind]} ${node.name.fi} (${node.id}) and everything below it`,
        }),
      ]),
    );
  }

  /**
   * The dashboard's client: a public client (no secret — it runs in the browser, where a secret
   * would be no secret) using the authorization code grant. Cognito cannot demand PKCE from a
   * client, so the dashboard sends a code_challenge on every sign-in; the code then cannot be
   * redeemed without the verifier that never leaves the browser, and the callback list keeps codes
   * from being sent anywhere but the dashboard.
   */
  private staffDashboardClient(dashboardUrl: string): UserPoolClient {
    const reportsScopes = STAFF_CLIENT_SCOPES.map((s) =>
      OAuthScope.resourceServer(this.resourceServer, new ResourceServerScope({ scopeName: s, scopeDescription: SCOPE_DESCRIPTIONS[s] })),
    );
    return this.userPool.addClient('StaffDashboardClient', {
      userPoolClientName: 'staff-dashboard',
      generateSecret: false,
      // Staff sign in through the Cognito-hosted pages only (with TOTP); the SDK flows stay off.
      authFlows: { user: false, userPassword: false, userSrp: false, custom: false, adminUserPassword: false },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, ...reportsScopes],
        // The staff pages: the dashboard, the case workbench and the pulse page, each signing in for itself.
        callbackUrls: [dashboardUrl, staffPageUrl(dashboardUrl, WORKBENCH_PATH), staffPageUrl(dashboardUrl, PULSE_PAGE_PATH)],
        // Sign-out (the /logout endpoint) returns to the page, which then offers sign-in again.
        logoutUrls: [dashboardUrl, staffPageUrl(dashboardUrl, WORKBENCH_PATH), staffPageUrl(dashboardUrl, PULSE_PAGE_PATH)],
      },
      // The dashboard refreshes its token while a manager works; a refresh token lasts a working day,
      // after which the manager signs in again.
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
  }

  /** A confidential client-credentials client with a generated secret that may request only `scopes`. */
  private machineClient(id: string, name: string, scopes: readonly Scope[]): UserPoolClient {
    return this.userPool.addClient(id, {
      userPoolClientName: name,
      generateSecret: true,
      // No user sign-in through this client: only client credentials (CDK always leaves the
      // refresh-token flow on, which client credentials never use since they issue no refresh token).
      authFlows: { user: false, userPassword: false, userSrp: false, custom: false, adminUserPassword: false },
      oAuth: {
        flows: { clientCredentials: true },
        scopes: scopes.map((s) =>
          OAuthScope.resourceServer(
            this.resourceServer,
            new ResourceServerScope({ scopeName: s, scopeDescription: SCOPE_DESCRIPTIONS[s] }),
          ),
        ),
      },
      // A stolen token is useful for an hour at most; the client fetches a new one as it needs.
      accessTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
  }

  /** The OAuth 2.0 token endpoint clients post their credentials to. */
  get tokenEndpoint(): string {
    return `${this.domain.baseUrl()}/oauth2/token`;
  }

  /** The OAuth 2.0 authorization endpoint the dashboard sends staff to for sign-in. */
  get authorizeEndpoint(): string {
    return `${this.domain.baseUrl()}/oauth2/authorize`;
  }
}
