/**
 * Machine (and later staff) authentication for the non-public routes: a Cognito user pool whose
 * resource server carries the manifest's scopes, a domain for the OAuth token endpoint, and two
 * client-credentials clients: the patient information system's and the operations/monitoring
 * tools'. The HTTP API checks the resulting JWTs.
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
  type UserPoolClient,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { RESOURCE_SERVER, SCOPES, type Scope } from '#shared/manifest.ts';

/** What each scope allows, as shown in the Cognito console; a new manifest scope fails to compile until described here. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'visits:write': 'Send visits from the patient information system for SMS surveys',
  'sms:read': 'Read the SMS survey audit counters',
  'reports:read': 'Read feedback reports',
};

/** Scopes the patient information system's client may request: it only delivers visits. */
export const PIS_CLIENT_SCOPES: readonly Scope[] = ['visits:write'];

/**
 * Scopes the operations/monitoring tools' client may request: the SMS audit counters
 * (GET /api/sms/stats) only. It can neither deliver visits nor read feedback reports.
 */
export const OPERATIONS_CLIENT_SCOPES: readonly Scope[] = ['sms:read'];

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
}

/**
 * The user pool with its resource server, domain and machine clients.
 * Lives in the stateful stack: replacing the pool would invalidate every client id and secret
 * handed to the patient information system, and later the staff accounts.
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
  /** Every client whose tokens the API accepts (the JWT authorizer's audience). */
  readonly apiClients: UserPoolClient[];

  constructor(scope: Construct, id: string, props: PalauteAuthProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are created by administrators only: machine clients now, staff later.
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
      // staff sign-ins to come; it is billed per monthly active user, and machine clients are none.
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
    this.apiClients = [this.pisClient, this.operationsClient];
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
        scopes: scopes.map((s) => OAuthScope.resourceServer(this.resourceServer, new ResourceServerScope({ scopeName: s, scopeDescription: SCOPE_DESCRIPTIONS[s] }))),
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
}
