/**
 * The front door `/` in Chromium against the local stack: fi, sv and en (by `?lang=` and by the
 * browser's Accept-Language), a link to every unit's form, the public results, the dashboard and the
 * local stack's developer pages, no sideways scroll at 390 and 1,280 px, and axe-core clean. Also the
 * form's language from Accept-Language when the URL names none, and its frame-ancestors (none by
 * default).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LocalStack } from '#local/stack.ts';
import { loadConfig } from '#shared/config.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';

const config = loadConfig();
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the front door', () => {
  it.each([
    ['fi', 'fi-FI,fi;q=0.9', 'Asiakaspalaute', '/tulokset'],
    ['sv', 'sv-FI,sv;q=0.9,fi;q=0.8', 'Kundrespons', '/resultat'],
    ['en', 'en-GB,en;q=0.9', 'Customer feedback', '/results'],
  ])(
    'in %s (from Accept-Language) links every unit, the results, the dashboard and the dev pages',
    async (lang, accept, title, results) => {
      const context = await browser.newContext({ locale: accept.split(',')[0], extraHTTPHeaders: { 'accept-language': accept } });
      const page = await context.newPage();
      const res = await page.goto(`${stack.url}/`);
      expect(res!.status()).toBe(200);
      expect(res!.headers()['content-type']).toContain('text/html');
      expect(res!.headers().vary).toBe('accept-language');
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.textContent('h1')).toBe(title);
      const hrefs = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')));
      for (const unit of config.org.units()) expect(hrefs).toContain(`/f/${unit.id}?lang=${lang}`);
      expect(hrefs).toContain(results);
      expect(hrefs).toContain(`/admin?lang=${lang}`);
      expect(hrefs).toContain(`/dev/sms?lang=${lang}`);
      // Every unit is named by its name in the page's language.
      const keskusta = config.org.unit('keskusta-ta')!;
      expect(await page.textContent(`a[href="/f/keskusta-ta?lang=${lang}"]`)).toBe(keskusta.name[lang as 'fi']);
      expect(await wcagViolations(page)).toEqual([]);
      await context.close();
    },
  );

  it('follows ?lang= over Accept-Language, and its language links lead to the other languages', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'accept-language': 'sv' } });
    const page = await context.newPage();
    await page.goto(`${stack.url}/?lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await Promise.all([page.waitForURL(/\/\?lang=fi$/), page.click('a[hreflang="fi"]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('fi');
    // Links lead somewhere real: the unit's form opens in the front door's language.
    await Promise.all([page.waitForURL(/\/f\/keskusta-ta\?lang=fi$/), page.click('a[href="/f/keskusta-ta?lang=fi"]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('fi');
    await context.close();
  });

  it.each([
    [390, 844],
    [1280, 800],
  ])('never scrolls sideways at %i × %i px', async (width, height) => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(`${stack.url}/`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await context.close();
  });
});

describe('the form', () => {
  it.each([
    ['sv-FI,sv;q=0.9,en;q=0.5', 'sv'],
    ['en-US,en;q=0.9', 'en'],
    ['de-DE,de;q=0.9,sv;q=0.4', 'sv'],
    ['de-DE', 'fi'],
  ])('follows Accept-Language %s when the URL names no language: %s', async (accept, lang) => {
    const res = await fetch(`${stack.url}/f/keskusta-ta`, { headers: { 'accept-language': accept } });
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toBe('accept-language');
    expect(/<html lang="(\w+)"/.exec(await res.text())?.[1]).toBe(lang);
  });

  it('keeps ?lang= over Accept-Language', async () => {
    const res = await fetch(`${stack.url}/f/keskusta-ta?lang=en`, { headers: { 'accept-language': 'sv' } });
    expect(/<html lang="(\w+)"/.exec(await res.text())?.[1]).toBe('en');
  });

  it('may be framed by nobody unless the region config names an origin', async () => {
    for (const path of ['/f/keskusta-ta', '/f/keskusta-ta/thanks']) {
      const res = await fetch(stack.url + path);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});
