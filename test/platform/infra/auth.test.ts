/**
 * Authentication on AWS (issue 3, item 1; issue 4, item 3): the Cognito user pool and its resource
 * server with one scope per manifest scope, the client-credentials clients of the patient information
 * system and of the operations/monitoring tools, the staff dashboard's public sign-in client, one
 * `org:<nodeId>` group per org node, the token endpoint, and the HTTP API's JWT authorizer on exactly
 * the routes that declare scopes, accepting tokens of all three clients.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { ORG_GROUP_PREFIX, RESOURCE_SERVER, routes, SCOPES } from '#shared/manifest.ts';
import {
  checkDomainPrefix,
  DASHBOARD_PATH,
  OPERATIONS_CLIENT_SCOPES,
  orgGroupName,
  PIS_CLIENT_SCOPES,
  STAFF_CLIENT_SCOPES,
  WORKBENCH_PATH,
  PULSE_PAGE_PATH,
} from '#lib/auth.ts';
import { PLACEHOLDER_DASHBOARD_URL, readContext } from '#lib/palaute-app.ts';
import { REPO_ROOT } from '#lib/paths.ts';
import { buildInfraApp, logicalId, TEST_REGION_ID, type InfraApp } from '../../support/infra-app.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

let infra: InfraApp;
let stateful: Record<string, Resource>;
let stateless: Record<string, Resource>;
beforeAll(() => {
  infra = buildInfraApp();
  stateful = infra.statefulTemplate.toJSON().Resources;
  stateless = infra.statelessTemplate.toJSON().Resources;
});

const only = (resources: Record<string, Resource>, type: string): [string, Resource] => {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

describe('user pool', () => {
  // Accounts are issued, never self-made; a weak pool would be the way into every protected route.
  it('allows no self sign-up, demands strong passwords and TOTP MFA, and has threat protection on', () => {
    const [, pool] = only(stateful, 'AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
      },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
  });

  // Replacing the pool would void every client id and secret handed out, so it lives in the stateful stack.
  it('is retained and lives in the stateful stack', () => {
    const [, pool] = only(stateful, 'AWS::Cognito::UserPool');
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(Object.values(stateless).some((r) => r.Type.startsWith('AWS::Cognito::'))).toBe(false);
  });

  // Tokens carry `palaute/<scope>`; the local stack and API Gateway check the same manifest scopes.
  it('has the resource server `palaute` with exactly one scope per manifest scope', () => {
    const [, server] = only(stateful, 'AWS::Cognito::UserPoolResourceServer');
    expect(server.Properties.Identifier).toBe(RESOURCE_SERVER);
    expect(server.Properties.Scopes.map((s: { ScopeName: string }) => s.ScopeName).sort()).toEqual([...SCOPES].sort());
    for (const s of server.Properties.Scopes) expect(s.ScopeDescription.length).toBeGreaterThan(10);
  });

  // The token endpoint is served from the pool's domain; without one there is no client-credentials flow.
  it('has a Cognito domain named after the deployment region, overridable by context', () => {
    const [, domain] = only(stateful, 'AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.Domain).toBe(`palaute-${TEST_REGION_ID}`);
    expect(readContext(new App({ context: { authDomainPrefix: 'palaute-test-2' } }), TEST_REGION_ID).authDomainPrefix).toBe(
      'palaute-test-2',
    );
  });

  // Cognito rejects these only after the pool exists; synth must stop first.
  it.each(['Palaute', 'palaute_x', '-palaute', 'my-aws-pool', 'cognito-x', 'a'.repeat(64)])(
    'rejects the domain prefix %s at synth',
    (prefix) => {
      expect(() => checkDomainPrefix(prefix)).toThrow(/authDomainPrefix/);
    },
  );
});

describe('user pool clients', () => {
  // Each client added is another way to get a token the API accepts: the set is deliberate.
  it('are exactly the patient information system, the operations tools and the staff dashboard, all API clients', () => {
    const ids = Object.entries(stateful)
      .filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolClient')
      .map(([id]) => id);
    const expected = [infra.stateful.auth.pisClient, infra.stateful.auth.operationsClient, infra.stateful.auth.staffClient].map(logicalId);
    expect(ids.sort()).toEqual([...expected].sort());
    expect(infra.stateful.auth.apiClients.map(logicalId).sort()).toEqual([...expected].sort());
  });

  // A scope is a permission: no client may hold one the others were meant to have alone.
  it('share no API scope', () => {
    const all = [...PIS_CLIENT_SCOPES, ...OPERATIONS_CLIENT_SCOPES, ...STAFF_CLIENT_SCOPES];
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('patient information system client', () => {
  const client = () => stateful[logicalId(infra.stateful.auth.pisClient)]!.Properties;

  // A server-to-server caller: client credentials with a secret, and no way to sign a user in.
  it('is a confidential client-credentials client with no user sign-in flow', () => {
    expect(client()).toMatchObject({
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(client().CallbackURLs).toBeUndefined();
  });

  // It delivers visits; it must not be able to read SMS statistics or reports.
  it('may request only visits:write', () => {
    const serverId = logicalId(infra.stateful.auth.resourceServer);
    expect(PIS_CLIENT_SCOPES).toEqual(['visits:write']);
    expect(client().AllowedOAuthScopes).toEqual(PIS_CLIENT_SCOPES.map((s) => ({ 'Fn::Join': ['', [{ Ref: serverId }, `/${s}`]] })));
  });

  // A leaked access token should be short-lived.
  it('issues access tokens valid for an hour', () => {
    expect(client()).toMatchObject({ AccessTokenValidity: 60, TokenValidityUnits: { AccessToken: 'minutes' } });
  });

  // The integrator needs these three values to get a token, without opening the console.
  it('is found through the UserPoolId, TokenEndpoint and PatientInformationSystemClientId outputs', () => {
    infra.statefulTemplate.hasOutput('UserPoolId', { Value: { Ref: logicalId(infra.stateful.auth.userPool) } });
    infra.statefulTemplate.hasOutput('PatientInformationSystemClientId', { Value: { Ref: logicalId(infra.stateful.auth.pisClient) } });
    infra.statefulTemplate.hasOutput('TokenEndpoint', {
      Value: {
        'Fn::Join': ['', ['https://', { Ref: logicalId(infra.stateful.auth.domain) }, '.auth.eu-north-1.amazoncognito.com/oauth2/token']],
      },
    });
  });
});

describe('operations client', () => {
  const client = () => stateful[logicalId(infra.stateful.auth.operationsClient)]!.Properties;

  // Server-side monitoring tools: client credentials with a secret, and no way to sign a user in.
  it('is a confidential client-credentials client with no user sign-in flow', () => {
    expect(client()).toMatchObject({
      ClientName: 'operations-monitoring',
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes' },
    });
    expect(client().CallbackURLs).toBeUndefined();
  });

  // It reads the SMS audit counters; it must not deliver visits or read feedback reports.
  it('may request only sms:read', () => {
    const serverId = logicalId(infra.stateful.auth.resourceServer);
    expect(OPERATIONS_CLIENT_SCOPES).toEqual(['sms:read']);
    expect(client().AllowedOAuthScopes).toEqual([{ 'Fn::Join': ['', [{ Ref: serverId }, `/sms:read`]] }]);
  });

  // Its one use: GET /api/sms/stats, which must demand exactly the scope this client holds.
  it('holds the scope GET /api/sms/stats requires', () => {
    const stats = routes.find((r) => r.method === 'GET' && r.path === '/api/sms/stats');
    expect(stats?.scopes).toEqual(OPERATIONS_CLIENT_SCOPES);
  });

  // Operators configure their tools from the outputs, without opening the console.
  it('is found through the OperationsClientId output', () => {
    infra.statefulTemplate.hasOutput('OperationsClientId', { Value: { Ref: logicalId(infra.stateful.auth.operationsClient) } });
  });
});

describe('staff dashboard client', () => {
  const client = () => stateful[logicalId(infra.stateful.auth.staffClient)]!.Properties;
  const serverId = () => logicalId(infra.stateful.auth.resourceServer);

  // It runs in the browser, where a client secret would be readable by anyone: a public client whose
  // codes are bound to the browser by PKCE, and never the implicit grant, which puts tokens in URLs.
  it('is a public client using the authorization code grant only, through the Cognito-hosted sign-in', () => {
    expect(client()).toMatchObject({
      ClientName: 'staff-dashboard',
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      SupportedIdentityProviders: ['COGNITO'],
      // No password or SRP sign-in through the SDK: staff sign in on the hosted pages, with TOTP.
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  // openid for the sign-in itself, reports:read for the reporting API, feedback:enter for staff typing in
  // paper and oral feedback, the case scopes and kiosks:write for the workbench, the pulse scopes for the
  // supervisors' pulse page; nothing that delivers visits or reads SMS counters.
  it('may request only openid, palaute/reports:read, palaute/feedback:enter, the case scopes, the pulse scopes and palaute/kiosks:write', () => {
    expect(STAFF_CLIENT_SCOPES).toEqual([
      'reports:read',
      'feedback:enter',
      'cases:read',
      'cases:write',
      'contacts:read',
      'pulse:read',
      'pulse:write',
      'kiosks:write',
    ]);
    expect(client().AllowedOAuthScopes).toEqual([
      'openid',
      ...STAFF_CLIENT_SCOPES.map((s) => ({ 'Fn::Join': ['', [{ Ref: serverId() }, `/${s}`]] })),
    ]);
  });

  // Every report route and the export demand exactly reports:read, and staff entry feedback:enter, both held by this client.
  it('holds the scope every report, export and staff-entry route requires', () => {
    const reportRoutes = routes.filter((r) => r.path.startsWith('/api/reports/') || r.path.startsWith('/api/exports/'));
    expect(reportRoutes.length).toBeGreaterThanOrEqual(5);
    for (const r of reportRoutes) expect(r.scopes, `${r.method} ${r.path}`).toEqual(['reports:read']);
    const entries = routes.filter((r) => r.path === '/api/feedback/entries');
    expect(entries.map((r) => r.scopes)).toEqual([['feedback:enter']]);
    for (const r of [...reportRoutes, ...entries]) for (const s of r.scopes ?? []) expect(STAFF_CLIENT_SCOPES).toContain(s);
  });

  // A leaked token is short-lived; a session ends after a working day.
  it('issues one-hour access and ID tokens and twelve-hour refresh tokens', () => {
    expect(client()).toMatchObject({
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  // Without a deployment URL the callback is the local dashboard, and synth says so: sign-in cannot work on AWS yet.
  it('returns staff to the placeholder dashboard URL, with a synth warning, when no URL is given', () => {
    expect(PLACEHOLDER_DASHBOARD_URL).toBe(`http://localhost:3000${DASHBOARD_PATH}`);
    // The case workbench and the pulse page beside it (staffPageUrl).
    const placeholders = [PLACEHOLDER_DASHBOARD_URL, `http://localhost:3000${WORKBENCH_PATH}`, `http://localhost:3000${PULSE_PAGE_PATH}`];
    expect(client().CallbackURLs).toEqual(placeholders);
    expect(client().LogoutURLs).toEqual(placeholders);
    infra.statefulTemplate.hasOutput('DashboardCallbackUrl', { Value: PLACEHOLDER_DASHBOARD_URL });
    Annotations.fromStack(infra.stateful).hasWarning(
      `/${infra.stateful.node.path}/Auth/UserPool/StaffDashboardClient`,
      Match.stringLikeRegexp('placeholder.*dashboardUrl'),
    );
  });

  // Cognito sends the authorization code only to a listed URL: the deployment's own dashboard.
  it('returns staff to <publicBaseUrl>/admin, or to context dashboardUrl, which wins', () => {
    // A deployment names its mail sender too (the case reminders send mail), so no placeholder is left.
    const withOrigin = buildInfraApp({ context: { publicBaseUrl: 'https://palaute.example.fi', mailFrom: 'palaute@palaute.example.fi' } });
    const props = (i: InfraApp) => i.statefulTemplate.toJSON().Resources[logicalId(i.stateful.auth.staffClient)].Properties;
    expect(props(withOrigin).CallbackURLs).toEqual([
      `https://palaute.example.fi${DASHBOARD_PATH}`,
      `https://palaute.example.fi${WORKBENCH_PATH}`,
      `https://palaute.example.fi${PULSE_PAGE_PATH}`,
    ]);
    Annotations.fromStack(withOrigin.stateful).hasNoWarning('*', Match.stringLikeRegexp('placeholder'));
    const explicit = buildInfraApp({
      context: { publicBaseUrl: 'https://palaute.example.fi', dashboardUrl: 'https://abc123.execute-api.eu-north-1.amazonaws.com/admin' },
    });
    const explicitUrls = [
      'https://abc123.execute-api.eu-north-1.amazonaws.com/admin',
      'https://abc123.execute-api.eu-north-1.amazonaws.com/admin/cases',
      'https://abc123.execute-api.eu-north-1.amazonaws.com/admin/pulse',
    ];
    expect(props(explicit).CallbackURLs).toEqual(explicitUrls);
    expect(props(explicit).LogoutURLs).toEqual(explicitUrls);
  });

  // Cognito would accept some of these and then never match the dashboard's redirect_uri, or send codes over plain http.
  it.each([
    'http://palaute.example.fi/admin',
    'palaute.example.fi/admin',
    'https://palaute.example.fi/admin?x=1',
    'https://palaute.example.fi/admin#top',
  ])('rejects dashboardUrl %s', (url) => {
    expect(() => readContext(new App({ context: { dashboardUrl: url } }), TEST_REGION_ID)).toThrow(/dashboardUrl/);
  });

  // npm run deploy passes -c deploy=true: a real deployment never gets the localhost placeholder.
  it('refuses the placeholder staff callback when deploying, and allows it for an offline synth', () => {
    expect(() => readContext(new App({ context: { deploy: 'true' } }), TEST_REGION_ID)).toThrow(
      /npm run deploy refuses the placeholder staff callback/,
    );
    expect(readContext(new App({ context: {} }), TEST_REGION_ID).dashboardUrlIsPlaceholder).toBe(true);
    expect(
      readContext(new App({ context: { deploy: 'true', publicBaseUrl: 'https://palaute.example.fi' } }), TEST_REGION_ID).dashboardUrl,
    ).toBe('https://palaute.example.fi/admin');
  });

  // The dashboard needs the client id and the sign-in endpoint; operators read them from the outputs.
  it('is found through the StaffClientId and AuthorizeEndpoint outputs', () => {
    infra.statefulTemplate.hasOutput('StaffClientId', { Value: { Ref: logicalId(infra.stateful.auth.staffClient) } });
    infra.statefulTemplate.hasOutput('AuthorizeEndpoint', {
      Value: {
        'Fn::Join': [
          '',
          ['https://', { Ref: logicalId(infra.stateful.auth.domain) }, '.auth.eu-north-1.amazoncognito.com/oauth2/authorize'],
        ],
      },
    });
  });

  // The stateless stack depends on this one; a reference back to the API would be a cycle CDK refuses.
  it('does not refer to the stateless stack', () => {
    expect(JSON.stringify(infra.statefulTemplate.toJSON())).not.toMatch(/Fn::ImportValue|PalauteStateless/);
  });
});

describe('org groups', () => {
  /** Node ids of config/region.json, read independently of the OrgTree class. */
  const configNodeIds = (): string[] => {
    const raw = JSON.parse(readFileSync(resolve(REPO_ROOT, 'config/region.json'), 'utf8')) as {
      region: { id: string };
      serviceAreas: { id: string; services: { id: string; units: { id: string }[] }[] }[];
    };
    return [
      raw.region.id,
      ...raw.serviceAreas.flatMap((sa) => [sa.id, ...sa.services.flatMap((s) => [s.id, ...s.units.map((u) => u.id)])]),
    ];
  };
  const groups = () => Object.values(stateful).filter((r) => r.Type === 'AWS::Cognito::UserPoolGroup');

  // Administrators grant a part of the org tree by group membership only; every node's group must already exist.
  it('has exactly one group `org:<nodeId>` per node of the region config, region, service areas, services and units', () => {
    const ids = configNodeIds();
    expect(ids).toContain(TEST_REGION_ID);
    expect(
      groups()
        .map((g) => g.Properties.GroupName)
        .sort(),
    ).toEqual(ids.map((id) => `${ORG_GROUP_PREFIX}${id}`).sort());
    expect(Object.keys(infra.stateful.auth.orgGroups).sort()).toEqual([...ids].sort());
  });

  // Handlers read `cognito:groups` and strip the manifest's prefix; the names must be exactly that.
  it('names each group with the manifest prefix', () => {
    expect(orgGroupName('keskusta-ta')).toBe('org:keskusta-ta');
    for (const g of groups()) {
      expect(g.Properties.UserPoolId).toEqual({ Ref: logicalId(infra.stateful.auth.userPool) });
      expect(g.Properties.Description).toMatch(
        /^Staff who see the reports of the (region|service area|service|unit) .+ \(.+\) and everything below it$/,
      );
      expect(g.Properties.RoleArn).toBeUndefined();
    }
  });
});

describe('JWT authorizer', () => {
  const routeByKey = (key: string) =>
    Object.values(stateless).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === key)!.Properties;

  // Tokens of this pool and these clients only; Cognito access tokens carry client_id, which API Gateway checks as the audience.
  it('trusts the user pool as issuer and the API clients as audience', () => {
    const [, authorizer] = only(stateless, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    const { Issuer, Audience } = authorizer.Properties.JwtConfiguration;
    expect(Issuer['Fn::Join'][1][0]).toBe('https://cognito-idp.eu-north-1.amazonaws.com/');
    expect(JSON.stringify(Issuer)).toContain(logicalId(infra.stateful.auth.userPool));
    expect(Audience).toHaveLength(infra.stateful.auth.apiClients.length);
    expect(JSON.stringify(Audience)).toContain(logicalId(infra.stateful.auth.pisClient));
  });

  // Without its client id in the audience, API Gateway rejects that client's tokens with 401.
  it('accepts tokens of the patient information system, the operations client and the staff dashboard', () => {
    const [, authorizer] = only(stateless, 'AWS::ApiGatewayV2::Authorizer');
    // Each client id is a cross-stack reference: follow it to the stateful stack output it reads.
    const outputs = infra.statefulTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
    const resolved = (authorizer.Properties.JwtConfiguration.Audience as unknown[]).map((ref) => {
      const name = JSON.stringify(ref).match(/"(?:OutputName|Fn::ImportValue)":"(?:[^":]*:)?([^"]+)"/)?.[1];
      return name && name in outputs ? outputs[name]!.Value : ref;
    });
    expect(resolved).toEqual([
      { Ref: logicalId(infra.stateful.auth.pisClient) },
      { Ref: logicalId(infra.stateful.auth.operationsClient) },
      { Ref: logicalId(infra.stateful.auth.staffClient) },
    ]);
  });

  // API Gateway answers 401/403 before the handler runs, exactly where the manifest declares scopes.
  it.each(routes.filter((r) => r.scopes).map((r) => [`${r.method} ${r.path}`, r.scopes!] as const))(
    'protects %s with scopes %j',
    (key, scopes) => {
      const [authorizerId] = only(stateless, 'AWS::ApiGatewayV2::Authorizer');
      expect(routeByKey(key)).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
        AuthorizationScopes: scopes.map((s) => `${RESOURCE_SERVER}/${s}`),
      });
    },
  );

  // Citizens have no account: a public route behind the authorizer would lock them out of the forms and links.
  it.each(routes.filter((r) => !r.scopes).map((r) => `${r.method} ${r.path}`))('leaves %s public', (key) => {
    const route = routeByKey(key);
    expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(route.AuthorizerId).toBeUndefined();
    expect(route.AuthorizationScopes).toBeUndefined();
  });
});
