/**
 * Staff entry in Chromium against the local stack: the code page, a wrong code, signing in and the
 * entry form, each axe-core clean (WCAG 2.1 A/AA) in its normal and error states at 390 × 844 and
 * 1,280 × 800 with no sideways scroll, in fi, sv and en; and a paper answer typed in with the keyboard
 * only, JavaScript off, landing on a fresh form with the channel and the day kept; and the workbench's
 * "new entry code" control, whose code then opens the entry form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '#local/stack.ts';
import { postJson, scanAll, startTestStack } from '../../support/local-stack.ts';
import { launchChromium, tabTo, wcagViolations } from '../../support/browser.ts';

const UNIT = 'keskusta-ta';
let stack: LocalStack;
let browser: Browser;
let code: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  const { token } = (await (await postJson(stack, '/dev/token', { scopes: ['cases:write'], orgNodes: [UNIT] })).json()) as {
    token: string;
  };
  const r = await fetch(`${stack.url}/api/units/${UNIT}/entry-code`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  code = ((await r.json()) as { code: string }).code;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

/**
 * Each test's wrong code counts against the unit's lockout (the sixth in 15 minutes locks): every test
 * starts 20 minutes after the one before on the stack's clock, so each starts with none counted.
 */
let minutes = 0;
function nextWindow(): void {
  minutes += 20;
  stack.clock.set(new Date(Date.parse('2026-10-04T09:00:00Z') + minutes * 60_000).toISOString());
}

async function noSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

async function checked(page: Page): Promise<void> {
  await noSidewaysScroll(page);
  expect(await wcagViolations(page)).toEqual([]);
}

describe.each(VIEWPORTS)('staff entry at $width × $height', (viewport) => {
  it.each(['fi', 'sv', 'en'] as const)(
    'in %s: the code page, a wrong code, the entry form and its error state are axe-clean',
    async (lang) => {
      nextWindow();
      const context: BrowserContext = await browser.newContext({ viewport });
      const page = await context.newPage();
      const res = await page.goto(`${stack.url}/staff/${UNIT}?lang=${lang}`);
      expect(res!.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await checked(page);
      await page.fill('#code', 'WRONGCODE2');
      const wrong = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]).then(([r]) => r);
      expect(wrong!.status()).toBe(401);
      expect(await page.locator('.error-summary a[href="#code"]').count()).toBe(1);
      await checked(page);
      await page.fill('#code', code);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      expect(new URL(page.url()).pathname).toBe(`/staff/${UNIT}`);
      expect(await page.locator('input[name=givenOn]').count()).toBe(1);
      await checked(page);
      const bad = await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]).then(([r]) => r);
      expect(bad!.status()).toBe(400);
      expect(await page.locator('.error-summary a[href="#channel-0"]').count()).toBe(1);
      await checked(page);
      await context.close();
    },
  );
});

describe('typing in a paper answer', () => {
  it('works with the keyboard only and JavaScript off, and the next form keeps the channel and the day', async () => {
    nextWindow();
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS[0] });
    const page = await context.newPage();
    await page.goto(`${stack.url}/staff/${UNIT}?lang=fi`);
    await tabTo(page, '#code');
    await page.keyboard.type(code.toLowerCase());
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await tabTo(page, '#channel-0');
    await page.keyboard.press('Space');
    await tabTo(page, '#assisted');
    await page.keyboard.press('Space');
    await tabTo(page, '#nps-0');
    // Arrow keys move along a radio group: 0 → 8.
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
    await tabTo(page, 'form button[type=submit]', 120);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.locator('[role=status]').count()).toBe(1);
    expect(await page.isChecked('#channel-0')).toBe(true);
    const stored = (await scanAll(stack, 'feedback')).filter((a) => a.unitId === UNIT);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ channel: 'paper', assisted: true, answers: { nps: 8 } });
    expect(await page.inputValue('#givenOn')).toBe(stored[0]!.date);
    await context.close();
  });
});

describe('the workbench control', () => {
  it("makes a unit's new entry code for its handler, shown once, which then opens the entry form", async () => {
    nextWindow();
    const token = await stack.auth.issue(['cases:read', 'cases:write', 'contacts:read'], [UNIT], 'unit-case-handler');
    const context = await browser.newContext({ viewport: VIEWPORTS[1] });
    const page = await context.newPage();
    await page.goto(`${stack.url}/admin/cases?lang=en&node=${UNIT}#token=${token}`);
    await page.waitForSelector('#entry-code:not([hidden])');
    await page.click('#entry-code-new');
    await page.waitForFunction(() => /[23456789A-HJKMNP-Z]{10}/.test(document.getElementById('entry-code-out')!.textContent ?? ''));
    const shown = /([23456789A-HJKMNP-Z]{10})/.exec((await page.textContent('#entry-code-out'))!)![1]!;
    expect(shown).not.toBe(code);
    expect(await wcagViolations(page)).toEqual([]);
    await Promise.all([page.waitForNavigation(), page.click('#entry-code-out a')]);
    expect(new URL(page.url()).pathname).toBe(`/staff/${UNIT}`);
    await page.fill('#code', shown);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.locator('input[name=givenOn]').count()).toBe(1);
    code = shown;
    await context.close();
  });
});
