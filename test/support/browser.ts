/** Debian's Chromium through playwright-core, with the flags these closed-network machines need. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { AxeResults } from 'axe-core';
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

/** The axe-core rule tags the e2e tests hold every page to: WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * WCAG 2.0/2.1 A and AA violations axe-core finds on the page, as readable strings.
 *
 * Runs axe.run in the page (AxeBuilder's legacy mode) rather than its default, which runs each frame
 * with runPartial and then opens a blank page in the context to inject axe a second time and merge
 * the partial results there: on this 2-core machine that extra page was more than half of every scan.
 * The two differ only for cross-origin frames, which no page here has (none embeds a frame), and
 * they give the same violations, passes, incomplete and inapplicable rules on every page the e2e
 * tests scan: PALAUTE_AXE_COMPARE=1 runs both modes on each scan and fails on any difference.
 */
export async function wcagViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode().analyze();
  if (process.env.PALAUTE_AXE_COMPARE) {
    const full = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    if (axeOutcome(full) !== axeOutcome(result))
      throw new Error(`axe's legacy and default modes disagree on ${page.url()}:\n${axeOutcome(full)}\n${axeOutcome(result)}`);
  }
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Every rule's outcome in an axe result, with the elements it applied to, to compare two runs. */
function axeOutcome(r: AxeResults): string {
  const rules = (list: AxeResults['passes']) => list.map((x) => `${x.id}[${x.nodes.map((n) => n.target.join(' ')).join(',')}]`).sort();
  return JSON.stringify({
    violations: rules(r.violations),
    passes: rules(r.passes),
    incomplete: rules(r.incomplete),
    inapplicable: r.inapplicable.map((x) => x.id).sort(),
  });
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
