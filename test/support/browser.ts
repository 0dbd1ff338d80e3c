/** Debian's Chromium through playwright-core, with the flags these closed-network machines need. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll } from 'vitest';
import type { LocalStack } from '#local/stack.ts';

/** Path of the Chromium binary: CHROMIUM_PATH or Debian's. */
export function chromiumPath(): string {
  const p = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((x) => x && existsSync(x));
  if (!p) throw new Error("Chromium not found: run `npm test` (it installs Debian's chromium) or set CHROMIUM_PATH");
  return p;
}

/** Launches headless Chromium without background traffic (the network here is closed). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** WCAG 2.0/2.1 A and AA violations axe-core finds on the page, as readable strings. */
export async function wcagViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Presses Tab until the focused element matches, as a keyboard user moves through the page. */
export async function tabTo(page: Page, selector: string, maxTabs = 40): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

/**
 * A local stack and Chromium for one test file: both started before its tests (side by side) and
 * closed after them. Read `env.stack` and `env.browser` inside the tests.
 */
export function stackAndBrowser(start: () => Promise<LocalStack>): { stack: LocalStack; browser: Browser } {
  const env = {} as { stack: LocalStack; browser: Browser };
  beforeAll(async () => {
    const [stack, browser] = await Promise.all([start(), launchChromium()]);
    Object.assign(env, { stack, browser });
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.stack?.close();
  });
  return env;
}
