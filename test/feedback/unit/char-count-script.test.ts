/**
 * The form's one inline script, the free text's character counter, is the esbuild bundle of
 * shared/feedback/browser/char-count.ts as the code is now (the generated module is never stale),
 * small, self-contained, and the only script the form's CSP lets run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSER_BUNDLES, bundleBrowserScript, generatedModule } from '#lib/browser-bundles.ts';
import { REPO_ROOT } from '#lib/paths.ts';
import { CHAR_COUNT_BUNDLE } from '#shared/feedback/browser/char-count.generated.ts';
import { formCsp } from '#shared/feedback/index.ts';
import { inlineScript } from '#shared/platform/index.ts';

const bundle = BROWSER_BUNDLES.charCount;
const fresh = bundleBrowserScript(bundle);

describe('the character counter script', () => {
  it('is the esbuild bundle of the browser entry as it is now', () => {
    expect(CHAR_COUNT_BUNDLE).toBe(fresh.code);
    expect(readFileSync(join(REPO_ROOT, bundle.module), 'utf8')).toBe(generatedModule(bundle, fresh.code));
  });

  it('is one small strict IIFE of its own module only', () => {
    expect(fresh.code).toMatch(/^"use strict";\(\(\)=>\{/);
    // The form page must stay under 30 KB; the counter is a sliver of it.
    expect(Buffer.byteLength(fresh.code)).toBeLessThan(1024);
    expect(fresh.inputs).toEqual([bundle.entry]);
  });

  it('is the only script the form CSP allows, framed or not', () => {
    const { hash } = inlineScript(fresh.code);
    for (const csp of [formCsp(), formCsp('https://www.example.fi')])
      expect(csp.split('; ').filter((d) => d.startsWith('script-src'))).toEqual([`script-src ${hash}`]);
    expect(formCsp('https://www.example.fi')).toContain('frame-ancestors https://www.example.fi');
  });
});
