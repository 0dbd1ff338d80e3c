/**
 * Authentication on AWS (issue 3, item 1): the Cognito user pool and its resource server with one
 * scope per manifest scope, the client-credentials clients of the patient information system and of
 * the operations/monitoring tools, the token endpoint, and the HTTP API's JWT authorizer on exactly
 * the routes that declare scopes, accepting tokens of both clients.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { RESOURCE_SERVER, routes, SCOPES } from '#shared/manifest.ts';
import { checkDomainPrefix, OPERATIONS_CLIENT_SCOPES, PIS_CLIENT_SCOPES } from '#lib/auth.ts';
import { readContext } from '#lib/palaute-app.ts';
import { buildInfraApp, logicalId, TEST_REGION_ID, type InfraApp } from './infra-app.ts';

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
      Policies: { PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
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
    expect(readContext(new App({ context: { authDomainPrefix: 'palaute-test-2' } }), TEST_REGION_ID).authDomainPrefix).toBe('palaute-test-2');
  });

  // Cognito rejects these only after the pool exists; synth must stop first.
  it.each(['Palaute', 'palaute_x', '-palaute', 'my-aws-pool', 'cognito-x', 'a'.repeat(64)])('rejects the domain prefix %s at synth', (prefix) => {
    expect(() => checkDomainPrefix(prefix)).toThrow(/authDomainPrefix/);
  });
});

describe('user pool clients', () => {
  // Each client added is another credential that can reach the API: the set is deliberate.
  it('are exactly the patient information system and the operations tools, both API clients', () => {
    const ids = Object.entries(stateful).filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolClient').map(([id]) => id);
    const expected = [infra.stateful.auth.pisClient, infra.stateful.auth.operationsClient].map(logicalId);
    expect(ids.sort()).toEqual([...expected].sort());
    expect(infra.stateful.auth.apiClients.map(logicalId).sort()).toEqual([...expected].sort());
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
      Value: { 'Fn::Join': ['', ['https://', { Ref: logicalId(infra.stateful.auth.domain) }, '.auth.eu-north-1.amazoncognito.com/oauth2/token']] },
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

describe('JWT authorizer', () => {
  const routeByKey = (key: string) => Object.values(stateless).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === key)!.Properties;

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

  // Without its client id in the audience, API Gateway rejects the operations client's tokens with 401.
  it('accepts tokens of both the patient information system and the operations client', () => {
    const [, authorizer] = only(stateless, 'AWS::ApiGatewayV2::Authorizer');
    // Each client id is a cross-stack reference: follow it to the stateful stack output it reads.
    const outputs = infra.statefulTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
    const resolved = (authorizer.Properties.JwtConfiguration.Audience as unknown[]).map((ref) => {
      const name = JSON.stringify(ref).match(/"(?:OutputName|Fn::ImportValue)":"(?:[^":]*:)?([^"]+)"/)?.[1];
      return name && name in outputs ? outputs[name]!.Value : ref;
    });
    expect(resolved).toEqual([{ Ref: logicalId(infra.stateful.auth.pisClient) }, { Ref: logicalId(infra.stateful.auth.operationsClient) }]);
  });

  // API Gateway answers 401/403 before the handler runs, exactly where the manifest declares scopes.
  it.each(routes.filter((r) => r.scopes).map((r) => [`${r.method} ${r.path}`, r.scopes!] as const))('protects %s with scopes %j', (key, scopes) => {
    const [authorizerId] = only(stateless, 'AWS::ApiGatewayV2::Authorizer');
    expect(routeByKey(key)).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authorizerId },
      AuthorizationScopes: scopes.map((s) => `${RESOURCE_SERVER}/${s}`),
    });
  });

  // Citizens have no account: a public route behind the authorizer would lock them out of the forms and links.
  it.each(routes.filter((r) => !r.scopes).map((r) => `${r.method} ${r.path}`))('leaves %s public', (key) => {
    const route = routeByKey(key);
    expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(route.AuthorizerId).toBeUndefined();
    expect(route.AuthorizationScopes).toBeUndefined();
  });
});
