/**
 * The privacy notice, the accessibility statement and the thank-you page in real Chromium against the
 * local stack: the footer links of the form page lead to both documents in the form's language with
 * JavaScript off, the documents' language links lead to their other versions, and axe-core finds no
 * WCAG 2.1 A/AA violation on any of the six documents or on the thank-you page in fi, sv and en.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import { LANGS } from '#shared/platform/i18n.ts';
import { INFO_TITLES } from '#shared/publicinfo/info-text.ts';
import { INFO_DOCUMENTS, INFO_PATHS } from '#shared/publicinfo/manifest.ts';
import { publicInfoOf } from '#shared/publicinfo/settings.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';

const info = publicInfoOf(parseConfig().org);
let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let axeContext: BrowserContext;
let page: Page;
let axePage: Page;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  context = await browser.newContext({ javaScriptEnabled: false });
  // axe runs as a script in the page, so this one context has JavaScript on.
  axeContext = await browser.newContext();
  [page, axePage] = await Promise.all([context.newPage(), axeContext.newPage()]);
});
afterAll(async () => {
  await context?.close();
  await axeContext?.close();
  await browser?.close();
  await stack?.close();
});

describe.each(LANGS)('from the form in %s, without JavaScript', (lang) => {
  it.each(INFO_DOCUMENTS)('the footer link leads to the %s page in the same language', async (doc) => {
    await page.goto(`${stack.url}/f/keskusta-ta?lang=${lang}`);
    const link = page.locator(`footer a[href="${INFO_PATHS[doc][lang]}"]`);
    expect(await link.textContent()).toBe(INFO_TITLES[lang][doc]);
    const [response] = await Promise.all([page.waitForNavigation(), link.click()]);
    expect(response!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(INFO_PATHS[doc][lang]);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.textContent('h1')).toBe(INFO_TITLES[lang][doc]);
    expect(await page.getAttribute(`footer a[href="${INFO_PATHS[doc][lang]}"]`, 'aria-current')).toBe('page');
  });
});

it.each(INFO_DOCUMENTS)('the language links of the %s page lead to its other versions', async (doc) => {
  await page.goto(stack.url + INFO_PATHS[doc].fi);
  for (const lang of ['sv', 'en', 'fi'] as const) {
    await Promise.all([page.waitForURL((u) => u.pathname === INFO_PATHS[doc][lang]), page.click(`header a[hreflang="${lang}"]`)]);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.textContent('h1')).toBe(INFO_TITLES[lang][doc]);
  }
});

it.each(LANGS)('the thank-you page in %s links the complaint and ombudsman pages of the config', async (lang) => {
  await page.goto(`${stack.url}/f/keskusta-ta/thanks?lang=${lang}`);
  const hrefs = await page.locator('main ul a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual([info.links.complaint[lang], info.links.patientOmbudsman[lang], info.links.socialOmbudsman[lang]]);
});

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  it.each(INFO_DOCUMENTS.flatMap((doc) => LANGS.map((lang) => INFO_PATHS[doc][lang])))('%s has no violations', async (path) => {
    await axePage.goto(stack.url + path);
    expect(await wcagViolations(axePage)).toEqual([]);
  });

  it.each(LANGS)('the thank-you page in %s has no violations', async (lang) => {
    await axePage.goto(`${stack.url}/f/keskusta-ta/thanks?lang=${lang}`);
    expect(await axePage.locator('footer a').count()).toBe(2);
    expect(await wcagViolations(axePage)).toEqual([]);
  });
});
