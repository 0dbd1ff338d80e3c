/**
 * The case workbench's page: its one inline script is the esbuild bundle of
 * shared/cases/browser/workbench.ts as the code is now, pinned by hash; the bundle takes from the
 * server only constants and types; the shell holds no case data and says how to sign in; the texts
 * exist in every language; the demo sign-in returns only to the staff pages it knows.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSER_BUNDLES, bundleBrowserScript, generatedModule } from '#lib/browser-bundles.ts';
import { REPO_ROOT } from '#lib/paths.ts';
import { loadConfig } from '#shared/config.ts';
import { casesManifest, WORKBENCH_SCOPES } from '#shared/cases/manifest.ts';
import { canTransition, CASE_STATUSES, nextStatuses } from '#shared/cases/model.ts';
import { WORKBENCH_PATH } from '#shared/cases/workbench-config.ts';
import { renderWorkbench, WORKBENCH_SCRIPT } from '#shared/cases/workbench-page.ts';
import { WORKBENCH_TEXT } from '#shared/cases/workbench-text.ts';
import { LANGS, staffSignIn, STAFF_CONFIG_ID } from '#shared/platform/index.ts';
import { DASHBOARD_PATH } from '#shared/reporting/api-contract.ts';
import { dashboardReturnUrl } from '#shared/reporting/dashboard-signin.ts';

const bundle = BROWSER_BUNDLES.workbench;
const fresh = bundleBrowserScript(bundle);
const config = loadConfig();

describe('the workbench script', () => {
  it('is the esbuild bundle of the browser entry as it is now, one strict IIFE', () => {
    expect(WORKBENCH_SCRIPT === fresh.code, `${bundle.module} is stale: run npm run build:browser`).toBe(true);
    expect(readFileSync(join(REPO_ROOT, bundle.module), 'utf8') === generatedModule(bundle, fresh.code)).toBe(true);
    expect(fresh.code).toMatch(/^"use strict";\(\(\)=>\{/);
  });

  it('is small', () => {
    expect(Buffer.byteLength(fresh.code)).toBeLessThan(30_000);
  });

  it('takes from the server only the constants and types it shares, never its code', () => {
    const outside = fresh.inputs.filter((i) => !/^shared\/(cases|platform)\/browser\//.test(i)).sort();
    expect(outside).toEqual(['shared/cases/model.ts', 'shared/cases/workbench-config.ts', 'shared/platform/staff-page.ts']);
    // The texts come with the page, in its language; zod never reaches the browser.
    expect(fresh.code).not.toContain(WORKBENCH_TEXT.sv.title);
    expect(fresh.code).not.toContain('ZodMini');
  });
});

describe('the workbench page', () => {
  const render = (lang: (typeof LANGS)[number]) =>
    renderWorkbench({ config, lang, signIn: { kind: 'dev', url: '/dev/signin' }, query: { node: 'keskusta-ta' } });

  it('inlines its script verbatim and the CSP allows exactly it', () => {
    const page = render('fi');
    expect(page.html).toContain(`<script>${fresh.code}</script>`);
    const hash = createHash('sha256').update(fresh.code).digest('base64');
    expect(page.csp.split('; ')).toContain(`script-src 'sha256-${hash}'`);
    expect(page.csp).toContain("default-src 'none'");
    expect(page.csp).toContain("connect-src 'self'");
  });

  it.each(LANGS)('is a shell in %s: the org tree and texts, the language links keep the view', (lang) => {
    const page = render(lang);
    expect(page.html).toContain(`<html lang="${lang}">`);
    expect(page.html).toContain(`<h1>${WORKBENCH_TEXT[lang].title}</h1>`);
    const json = /<script type="application\/json" id="([^"]+)">(.*?)<\/script>/.exec(page.html)!;
    expect(json[1]).toBe(STAFF_CONFIG_ID);
    const cfg = JSON.parse(json[2]!) as { lang: string; tree: { id: string }[]; signIn: unknown; text: unknown; entryCode: unknown };
    expect(cfg.lang).toBe(lang);
    expect(cfg.text).toEqual(WORKBENCH_TEXT[lang]);
    expect(cfg.tree.map((n) => n.id)).toContain('keskusta-ta');
    expect(cfg.entryCode).toEqual({ api: '/api/units/{unitId}/entry-code', page: '/staff/{unitId}' });
    expect(Object.keys(cfg).sort()).toEqual(['entryCode', 'lang', 'sentiments', 'signIn', 'text', 'themes', 'tree']);
    // The taxonomy's labels in the page's language, for the filters and the correction form.
    expect((cfg as unknown as { themes: { id: string; label: string }[] }).themes).toContainEqual({
      id: 'waiting',
      label: { fi: 'Odottaminen', sv: 'Väntan', en: 'Waiting' }[lang],
    });
    for (const l of LANGS) expect(page.html).toContain(`href="${WORKBENCH_PATH}?node=keskusta-ta&amp;lang=${l}"`);
  });

  it('has every text in every language', () => {
    const keys = Object.keys(WORKBENCH_TEXT.fi).sort();
    for (const l of LANGS) expect(Object.keys(WORKBENCH_TEXT[l]).sort()).toEqual(keys);
  });

  it('is public with its reason, served by its own function, and asks Cognito for the cases scopes', () => {
    const route = casesManifest.routes.find((r) => r.path === WORKBENCH_PATH);
    expect(route).toMatchObject({ method: 'GET', function: 'workbench' });
    expect(route && 'public' in route && route.public).toMatch(/no case data/);
    expect(casesManifest.functions.workbench.tables).toEqual({});
    const signIn = staffSignIn({ authUrl: 'A', clientId: 'C', pageUrl: 'U' }, WORKBENCH_SCOPES, {
      A: 'https://x.auth.eu-north-1.amazoncognito.com/',
      C: 'client',
      U: 'https://palaute.example.fi/admin/cases',
    });
    expect(signIn).toEqual({
      kind: 'cognito',
      authUrl: 'https://x.auth.eu-north-1.amazoncognito.com',
      clientId: 'client',
      scope: 'openid palaute/cases:read palaute/cases:write palaute/contacts:read',
      redirectUri: 'https://palaute.example.fi/admin/cases',
    });
  });
});

describe('the status buttons', () => {
  it('offer exactly the changes the status machine allows', () => {
    for (const status of CASE_STATUSES)
      for (const contactRequested of [true, false])
        expect(nextStatuses({ status, contactRequested })).toEqual(
          CASE_STATUSES.filter((to) => canTransition({ status, contactRequested }, to)),
        );
    expect(nextStatuses({ status: 'new', contactRequested: false })).toEqual(['in_progress', 'closed']);
    expect(nextStatuses({ status: 'closed', contactRequested: true })).toEqual(['in_progress']);
  });
});

describe('the demo sign-in', () => {
  const pages = [DASHBOARD_PATH, WORKBENCH_PATH];
  it('returns to the workbench with its view when it came from there', () => {
    expect(dashboardReturnUrl('sv', '?node=keskusta-ta&status=in_progress&overdue=true&case=abc-1', WORKBENCH_PATH, pages)).toBe(
      '/admin/cases?lang=sv&node=keskusta-ta&status=in_progress&overdue=true&case=abc-1',
    );
  });
  it('returns to the dashboard for any other page, and drops values that are not plain', () => {
    expect(dashboardReturnUrl('fi', '?node=a%2Fb', 'https://evil.example/', pages)).toBe('/admin?lang=fi');
    expect(dashboardReturnUrl('fi', '', WORKBENCH_PATH)).toBe('/admin?lang=fi');
  });
});
