/**
 * The contact section in real Chromium without JavaScript: a person answers, asks to be contacted
 * and consents with the keyboard only; the answer is stored with `contactRequested` and the contact
 * only in the contacts table; the thank-you page promises contact within 14 days. A bad number shows
 * the error summary, whose link moves focus to the phone field. The details show only once the box
 * is ticked (CSS, no script), and from the start when the form comes back with them filled in.
 * axe-core finds no WCAG 2.1 A/AA
 * violation on the form (section included), its error state and the thank-you page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { UI } from '#shared/feedback/ui-text.ts';
import { launchChromium, tabTo, wcagViolations } from '../../support/browser.ts';
import { stackVault } from '../support/stack-vault.ts';
import { scanAll, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function fillContact(page: Page, phone: string): Promise<void> {
  // The contact section comes after the survey's questions: more Tabs than the default.
  await tabTo(page, '#contact', 80);
  await page.keyboard.press('Space');
  await tabTo(page, '#contactName');
  await page.keyboard.type('Liisa Virtanen');
  await tabTo(page, '#contactPhone');
  await page.keyboard.type(phone);
  await tabTo(page, '#contactConsent');
  await page.keyboard.press('Space');
}

describe('asking to be contacted, keyboard only, without JavaScript', () => {
  it('stores the request encrypted and the thank-you page promises contact', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.url}/f/keskusta-ta?lang=en`);
    await tabTo(page, 'input[name="nps"]');
    await page.keyboard.press('Space');
    await tabTo(page, 'textarea[name="text"]');
    await page.keyboard.type('Please call me about my visit.');
    await fillContact(page, '+46 70 123 45 67');
    await tabTo(page, 'button[type="submit"]');
    await Promise.all([page.waitForURL(/\/thanks\?lang=en&contact=yes$/), page.keyboard.press('Enter')]);
    expect(await page.textContent('main')).toContain(UI.en.nextContact(14));
    const answer = (await scanAll(stack, 'feedback')).find((i) => i.text === 'Please call me about my visit.')!;
    expect(answer.contactRequested).toBe(true);
    const vault = stackVault(stack);
    expect(await vault.read(answer.id as string)).toEqual({ name: 'Liisa Virtanen', phone: '+46701234567' });
    await context.close();
  });

  it('names a bad number in the error summary, whose link leads to the phone field', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.url}/f/keskusta-ta?lang=fi`);
    await tabTo(page, 'input[name="nps"]');
    await page.keyboard.press('Space');
    await fillContact(page, '040 12');
    await tabTo(page, 'button[type="submit"]');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.waitForSelector('.error-summary');
    expect(await page.textContent('.error-summary')).toContain(UI.fi.errContactPhone);
    expect(await page.inputValue('#contactPhone')).toBe('040 12');
    expect(await page.getAttribute('#contactPhone', 'aria-invalid')).toBe('true');
    await page.click('.error-summary a[href="#contactPhone"]');
    expect(page.url()).toMatch(/#contactPhone$/);
    expect((await scanAll(stack, 'contacts')).length).toBe(1);
    await context.close();
  });
});

describe('the details, without JavaScript', () => {
  it('show once the box is ticked, hide when it is unticked, and show from the start when the form comes back with them', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.url}/f/keskusta-ta?lang=fi`);
    const shown = async () =>
      Promise.all(['#contact-hint', '#contactName', '#contactPhone', '#contactEmail', '#contactConsent'].map((s) => page.isVisible(s)));
    expect(await page.isVisible('#contact')).toBe(true);
    expect(await shown()).toEqual([false, false, false, false, false]);
    await page.check('#contact');
    expect(await shown()).toEqual([true, true, true, true, true]);
    await page.fill('#contactEmail', 'liisa@example.fi');
    // Unticked with an address left behind: hidden now, but sent, and the form says so.
    await page.uncheck('#contact');
    expect(await shown()).toEqual([false, false, false, false, false]);
    await page.check('input[name="nps"][value="6"]');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.error-summary');
    expect(await page.isChecked('#contact')).toBe(false);
    expect(await shown()).toEqual([true, true, true, true, true]);
    expect(await page.inputValue('#contactEmail')).toBe('liisa@example.fi');
    await context.close();
  });
});

// axe-core runs in the page, so these pages are checked with JavaScript on.
describe('axe-core (WCAG 2.1 A/AA)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await (await browser.newContext()).newPage();
  });

  it.each(['fi', 'sv', 'en'])('finds nothing on the form with its contact section in %s', async (lang) => {
    await page.goto(`${stack.url}/f/keskusta-ta?lang=${lang}`);
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('finds nothing on the form showing contact errors, nor on the thank-you page promising contact', async () => {
    await page.goto(`${stack.url}/f/keskusta-ta?lang=sv`);
    await page.check('input[name="nps"][value="7"]');
    await page.check('#contact');
    await page.fill('#contactPhone', '040 765 4321');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.error-summary');
    expect(await page.textContent('.error-summary')).toContain(UI.sv.errContactConsent);
    expect(await wcagViolations(page)).toEqual([]);
    await page.fill('#contactPhone', '123');
    await page.check('#contactConsent');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.error-summary');
    expect(await page.textContent('.error-summary')).toContain(UI.sv.errContactPhone);
    expect(await wcagViolations(page)).toEqual([]);
    await page.fill('#contactPhone', '040 765 4321');
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/thanks\?lang=sv&contact=yes$/);
    expect(await page.textContent('main')).toContain(UI.sv.nextContact(14));
    expect(await wcagViolations(page)).toEqual([]);
  });
});
