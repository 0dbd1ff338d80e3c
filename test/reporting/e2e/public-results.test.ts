/**
 * The public results pages in real Chromium against the local stack with aggregated demo-like data:
 * /tulokset, /resultat and /results render their tables in the right language, the language links
 * lead to the other pages, the page works without JavaScript, and axe-core finds no WCAG 2.1 A/AA
 * violation on any of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import { CHANNELS } from '#shared/feedback/answer.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';
import { rng, startAggregationAt, storedAnswer, writeAnswers } from '../integration/report-data.ts';

const config = parseConfig();
let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let axeContext: BrowserContext;
let page: Page;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  // Early May: the public pages show March, the newest month that late paper answers can no longer
  // change (April may still receive them until 30 May).
  stack.clock.set('2026-05-02T12:00:00+03:00');
  // A few hundred answers over March across most units, 4 for one unit (hidden, with a complement)
  // and none for the last two (shown as zero).
  const random = rng(7);
  const units = config.org.units();
  const spec = (unitId: string, i: number) =>
    storedAnswer(config, {
      unitId,
      channel: CHANNELS[i % CHANNELS.length]!,
      submittedAt: new Date(Date.parse('2026-03-01T08:00:00+02:00') + Math.floor(random() * 29 * 86_400_000)).toISOString(),
      nps: Math.floor(random() * 11),
    });
  const answers = [
    ...Array.from({ length: 600 }, (_, i) => spec(units[i % (units.length - 3)]!.id, i)),
    ...Array.from({ length: 4 }, (_, i) => spec(units.at(-3)!.id, i)),
  ];
  await writeAnswers(stack, answers);
  await startAggregationAt(stack, '2026-03-01T00:00:00Z');
  await stack.scheduler.run('aggregate');
  context = await browser.newContext({ javaScriptEnabled: false });
  axeContext = await browser.newContext();
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await axeContext?.close();
  await browser?.close();
  await stack?.close();
});

describe.each([
  ['fi', '/tulokset', 'Asiakaspalautteen tulokset', 'Ei julkaista'],
  ['sv', '/resultat', 'Resultat av kundresponsen', 'Publiceras inte'],
  ['en', '/results', 'Customer feedback results', 'Not published'],
])('%s (%s)', (lang, path, heading, hiddenText) => {
  it('renders the tables in its language with hidden rows marked in words', async () => {
    const r = await page.goto(stack.url + path);
    expect(r!.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.textContent('h1')).toBe(heading);
    // One table for the region and its service areas, one per service area.
    expect(await page.locator('table').count()).toBe(1 + config.org.children(config.org.regionId).length);
    expect(await page.locator('table caption').count()).toBe(await page.locator('table').count());
    expect(await page.locator(`td:has-text("${hiddenText}")`).count()).toBeGreaterThan(0);
  });

  it('writes figures as the language does: signed NPS with a real minus, en-dash intervals', async () => {
    await page.goto(stack.url + path);
    const figures = await page.$$eval('tbody tr', (rows) =>
      rows.filter((r) => r.children.length === 4).map((r) => [...r.children].slice(1).map((c) => c.textContent.trim())),
    );
    expect(figures.length).toBeGreaterThan(5);
    for (const [npsText, n, ci] of figures) {
      if (npsText === '–') continue;
      expect(npsText).toMatch(/^(0|[+\u2212]\d+)$/);
      expect(n).toMatch(/^\d[\d\u00a0\u202f,]*$/);
      expect(ci).toMatch(/^(0|[+\u2212]\d+)( – |–)(0|[+\u2212]\d+)$/);
    }
    // Uniform 0–10 answers make NPS negative: a real minus, never a hyphen.
    expect(figures.some(([v]) => v!.startsWith('\u2212'))).toBe(true);
    expect(await page.textContent('main')).not.toMatch(/…|\d-\d|-\d/);
  });

  it.each([
    [390, 844],
    [1280, 800],
  ])('never scrolls sideways at %i × %i px', async (width, height) => {
    const narrow = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height } });
    const p = await narrow.newPage();
    await p.goto(stack.url + path);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    // A table wider than the screen scrolls in its own box, its caption staying in view.
    const clipped = await p.$$eval('caption', (cs) => cs.filter((c) => c.getBoundingClientRect().right > window.innerWidth).length);
    expect(clipped).toBe(0);
    await narrow.close();
  });

  it('has no WCAG 2.1 A/AA violation', async () => {
    // axe runs as a script in the page, so this one context has JavaScript on.
    const axePage = await axeContext.newPage();
    await axePage.goto(stack.url + path);
    expect(await wcagViolations(axePage)).toEqual([]);
    await axePage.close();
  });
});

it('switches between the three pages with the language links', async () => {
  await page.goto(`${stack.url}/tulokset`);
  await Promise.all([page.waitForURL(/\/resultat$/), page.click('a[hreflang="sv"]')]);
  expect(await page.getAttribute('html', 'lang')).toBe('sv');
  await Promise.all([page.waitForURL(/\/results$/), page.click('a[hreflang="en"]')]);
  expect(await page.getAttribute('a[hreflang="en"]', 'aria-current')).toBe('page');
});
