/**
 * The dashboard's one inline script is the esbuild bundle of shared/reporting/browser/dashboard.ts
 * as the code is now — the generated module is never stale — the page inlines exactly it and pins it
 * by hash, and the bundle takes from the server only the constants and types the two share.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSER_BUNDLES, bundleBrowserScript, generatedModule } from '#lib/browser-bundles.ts';
import { REPO_ROOT } from '#lib/paths.ts';
import { loadConfig } from '#shared/config.ts';
import { DASHBOARD_SCRIPT, renderDashboard } from '#shared/reporting/dashboard-page.ts';
import { DASHBOARD_TEXT } from '#shared/reporting/dashboard-text.ts';

const bundle = BROWSER_BUNDLES.dashboard;
const fresh = bundleBrowserScript(bundle);

describe('the dashboard script', () => {
  it('is the esbuild bundle of the browser entry as it is now', () => {
    // Compared as a boolean: a stale bundle would otherwise print two 15 KB lines.
    expect(DASHBOARD_SCRIPT === fresh.code, `${bundle.module} is stale: run npm run build:browser`).toBe(true);
    expect(readFileSync(join(REPO_ROOT, bundle.module), 'utf8') === generatedModule(bundle, fresh.code)).toBe(true);
  });

  it('is one strict IIFE', () => {
    expect(fresh.code).toMatch(/^"use strict";\(\(\)=>\{/);
    expect(fresh.code).toMatch(/\}\)\(\);$/);
  });

  it('is inlined verbatim and is the only script the CSP allows', () => {
    const page = renderDashboard({ config: loadConfig(), lang: 'fi', today: '2026-11-22', signIn: { kind: 'none' }, query: {} });
    expect(page.html).toContain(`<script>${fresh.code}</script>`);
    const hash = createHash('sha256').update(fresh.code).digest('base64');
    expect(page.csp.split('; ').filter((d) => d.startsWith('script-src'))).toEqual([`script-src 'sha256-${hash}'`]);
  });

  it('takes from the server only the constants and types it shares, never its code', () => {
    // platform/browser/ are the staff pages' shared browser modules (sign-in, API calls, DOM).
    const outside = fresh.inputs.filter((i) => !/^shared\/(reporting|platform)\/browser\//.test(i)).sort();
    // csv.ts and numbers.ts are import-free: the download writes CSV as the national export does, and
    // figures read the same on the dashboard and the public pages.
    expect(outside).toEqual([
      'shared/platform/staff-page.ts',
      'shared/reporting/api-contract.ts',
      'shared/reporting/csv.ts',
      'shared/reporting/dashboard-config.ts',
      'shared/reporting/dashboard-text.ts',
      'shared/reporting/numbers.ts',
    ]);
    // dashboard-text.ts gives `fill` only: the texts come with the page, in its language.
    expect(fresh.code).not.toContain(DASHBOARD_TEXT.sv.title);
  });
});
