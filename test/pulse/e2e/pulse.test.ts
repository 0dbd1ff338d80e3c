/**
 * The pulse in Chromium against the local stack: a staff member answers from a one-time code on a
 * phone-sized screen (390 × 844) — the form, the thank-you page and a second try with the used code,
 * in Finnish and Swedish — and the unit's supervisor signs in through `/dev/signin`, finds the round
 * on `/admin/pulse` with its trend and data table, opens its results (figures shown, the open answers
 * not yet, as the thresholds say) and sees staff beside customers, in fi, sv and en. axe-core
 * (WCAG 2.1 A/AA) finds nothing on any of these pages, and none scrolls sideways at 390 px.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { PULSE_PAGE_TEXT } from '#shared/pulse/index.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { answer, fullAnswer, openRound, supervisorToken } from '../support/pulse-http.ts';

const TODAY = '2026-11-10';
const fi = PULSE_PAGE_TEXT.fi;
let stack: LocalStack;
let browser: Browser;
let round: { id: string; codes: string[]; sheetUrl: string };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  stack.clock.set(`${TODAY}T09:00:00.000Z`);
  round = await openRound(stack, await supervisorToken(stack), { opensOn: TODAY, closesOn: '2026-11-24', staffCount: 9 });
  // Four colleagues have answered already; the fifth answers in the browser and the figures appear.
  for (let i = 0; i < 4; i++) expect((await answer(stack, round.codes[i]!, fullAnswer(4, 'Hyvä tiimi.'))).status).toBe(303);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function newPage(width: number, height: number): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'fi-FI', isMobile: width < 500, hasTouch: width < 500 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Script errors and CSP refusals; a page answered 404 or 410 on purpose is not one.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  return { context, page, errors };
}

const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('a staff member on a phone', () => {
  // The whole point of the code: answer anonymously, on one's own phone, without an account.
  it('answers from a code at 390 × 844, and the used code is then refused kindly', async () => {
    const { context, page, errors } = await newPage(390, 844);
    const code = round.codes[4]!;
    await page.goto(`${stack.url}/p/${code}?lang=fi`);
    expect(await page.textContent('h1')).toBe('Työyhteisön pulssikysely');
    expect(await noSideways(page)).toBe(true);
    expect(await wcagViolations(page)).toEqual([]);
    for (const s of ['workload', 'meaningful', 'team', 'supervisor', 'recommend']) await page.tap(`label[for="${s}-3"]`);
    await page.fill('#text', 'Kiireisinä päivinä tauot jäävät väliin.');
    await Promise.all([page.waitForURL(/\/pulse\/thanks\?lang=fi$/), page.tap('button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('Kiitos vastauksestasi!');
    expect(await noSideways(page)).toBe(true);
    expect(await wcagViolations(page)).toEqual([]);

    const again = await page.goto(`${stack.url}/p/${code}?lang=sv`);
    expect(again?.status()).toBe(410);
    expect(await page.textContent('h1')).toBe('Koden har redan använts');
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await wcagViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  // Without a choice the form says what to do, at the field, and keyboard and screen readers reach it.
  it('shows the error summary for an empty answer, axe-clean', async () => {
    const { context, page } = await newPage(390, 844);
    await page.goto(`${stack.url}/p/${round.codes[5]}?lang=en`);
    await Promise.all([page.waitForLoadState(), page.tap('button[type=submit]')]);
    expect(await page.textContent('.error-summary h2')).toBe('Check your answer');
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('the supervisor', () => {
  // The supervisor reacts to the pulse: they must find the round, its figures and what is still hidden.
  it('signs in, sees the round with its trend, its results and staff beside customers, axe-clean', async () => {
    const { context, page, errors } = await newPage(390, 844);
    await page.goto(`${stack.url}/admin/pulse?lang=fi`);
    await page.waitForSelector('#signin:not([hidden])');
    await page.click('#signin-link');
    await Promise.all([page.waitForURL(/\/admin\/pulse/), page.click('form:has(input[value="unit-supervisor"]) button')]);
    await page.waitForSelector('#rounds table');
    await page.waitForFunction((loading) => document.getElementById('status')!.textContent !== loading, fi.loading);
    const row = page.locator('#rounds tbody tr', { hasText: '2026-11-24' });
    expect(await row.textContent()).toContain('5 / 9');
    expect(await page.locator('#trend svg[role=img]').count()).toBe(1);
    expect(await noSideways(page)).toBe(true);
    expect(await wcagViolations(page)).toEqual([]);

    await row.locator('button').click();
    await page.waitForSelector('#results-view:not([hidden]) table');
    const results = await page.textContent('#results');
    expect(results).toContain('Työmääräni on ollut sopiva.');
    expect(results).toContain('Avoimia vastauksia näytetään, kun vastauksia on vähintään 8.');
    expect(results).not.toContain('Kiireisinä päivinä');
    expect(await page.textContent('#compare')).toContain(fi.notCausation);
    expect(await noSideways(page)).toBe(true);
    expect(await wcagViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await wcagViolations(page)).toEqual([]);
    // The same page in Swedish and English (the tab keeps its token), each axe-clean.
    for (const lang of ['sv', 'en'] as const) {
      await page.goto(`${stack.url}/admin/pulse?lang=${lang}&node=keskusta-ta`);
      await page.waitForSelector('#rounds table');
      await page.waitForFunction((loading) => document.getElementById('status')!.textContent !== loading, PULSE_PAGE_TEXT[lang].loading);
      expect(await page.textContent('#rounds-h')).toBe(PULSE_PAGE_TEXT[lang].roundsTitle);
      expect(await page.textContent('#compare')).toContain(PULSE_PAGE_TEXT[lang].notCausation);
      expect(await wcagViolations(page)).toEqual([]);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  // The printable sheet is how codes reach staff; it must be readable and printable.
  it('opens the printable sheet of the round, axe-clean', async () => {
    const { context, page } = await newPage(1280, 800);
    await page.goto(`${stack.url}${round.sheetUrl}?lang=fi`);
    expect(await page.locator('.slip svg').count()).toBe(9);
    expect(await wcagViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isHidden()).toBe(true);
    await context.close();
  });
});
