/**
 * The case workbench in the CDK app: its page route is public (no JWT authorizer: a browser sends no
 * bearer token when it navigates) with its reason; its function holds no table and no grant; it gets
 * the Cognito domain, the staff client and, once the deployment has one, its own callback URL; and
 * the staff client accepts the workbench as a callback and sign-out URL beside the dashboard.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_PATH, staffPageUrl, WORKBENCH_PATH } from '#lib/auth.ts';
import { WORKBENCH_PATH as PAGE_WORKBENCH_PATH } from '#shared/cases/workbench-config.ts';
import { ORIGIN_SECRET_ENV, WORKBENCH_AUTH_ENV } from '#shared/manifest.ts';
import { buildInfraApp, logicalId, type InfraApp } from '../../support/infra-app.ts';

type Resource = { Type: string; Properties: Record<string, any> };

let infra: InfraApp;
let custom: InfraApp;
beforeAll(() => {
  infra = buildInfraApp();
  custom = buildInfraApp({ context: { publicBaseUrl: 'https://palaute.example.fi' } });
});

const resources = (i: InfraApp, kind: 'stateless' | 'stateful') =>
  Object.values((kind === 'stateless' ? i.statelessTemplate : i.statefulTemplate).toJSON().Resources as Record<string, Resource>);
const env = (i: InfraApp) =>
  i.statelessTemplate.toJSON().Resources[logicalId(i.stateless.functions.workbench.function)].Properties.Environment?.Variables ?? {};

describe('the workbench in the CDK app', () => {
  it('serves GET /admin/cases without an authorizer, and the page and lib agree on the path', () => {
    expect(WORKBENCH_PATH).toBe(PAGE_WORKBENCH_PATH);
    const route = resources(infra, 'stateless').find(
      (r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === `GET ${WORKBENCH_PATH}`,
    );
    expect(route).toBeDefined();
    expect(route!.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
  });

  it('tells the workbench the Cognito domain and the staff client, and no callback while it is the placeholder', () => {
    expect(Object.keys(env(infra)).sort()).toEqual([WORKBENCH_AUTH_ENV.authUrl, WORKBENCH_AUTH_ENV.clientId, ORIGIN_SECRET_ENV].sort());
  });

  it('passes its own callback once the deployment has one, and the staff client accepts it', () => {
    expect(env(custom)[WORKBENCH_AUTH_ENV.pageUrl]).toBe(`https://palaute.example.fi${WORKBENCH_PATH}`);
    const client = resources(custom, 'stateful').find(
      (r) => r.Type === 'AWS::Cognito::UserPoolClient' && r.Properties.ClientName === 'staff-dashboard',
    );
    // The workbench's own callback beside the other staff pages' (the dashboard's, the pulse page's).
    const urls = [`https://palaute.example.fi${DASHBOARD_PATH}`, `https://palaute.example.fi${WORKBENCH_PATH}`];
    expect(client!.Properties.CallbackURLs).toEqual(expect.arrayContaining(urls));
    expect(client!.Properties.LogoutURLs).toEqual(expect.arrayContaining(urls));
  });

  it('names each staff page beside the dashboard', () => {
    expect(staffPageUrl('https://palaute.example.fi/admin', '/admin/cases')).toBe('https://palaute.example.fi/admin/cases');
    expect(staffPageUrl('https://palaute.example.fi/staff', '/admin/cases')).toBe('https://palaute.example.fi/admin/cases');
  });
});
