/**
 * The public feedback form in real Chromium against the local stack: answered and sent with the
 * keyboard only in Finnish and Swedish with JavaScript disabled, the answer lands in the table with
 * the right channel and language, and axe-core finds no WCAG 2.1 A/AA violation on the form, its
 * error state and the thank-you page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LocalStack } from '#local/stack.ts';
import { scanAll, startTestStack } from '../../support/local-stack.ts';
import { launchChromium, tabTo, wcagViolations } from '../../support/browser.ts';

let stack: LocalStack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Checks option `index` (0-based) of the focused radio group with Space and the arrow keys. */
async function chooseRadio(page: Page, name: string, index: number): Promise<void> {
  await tabTo(page, `input[name="${name}"]`);
  await page.keyboard.press('Space');
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowRight');
}

async function answerWithKeyboard(page: Page, text: string): Promise<void> {
  await chooseRadio(page, 'nps', 9);
  await chooseRadio(page, 'smooth', 3); // 4
  await chooseRadio(page, 'help', 4); // 5
  await chooseRadio(page, 'safe', 5); // can't say
  await tabTo(page, 'textarea[name="text"]');
  await page.keyboard.type(text);
  await chooseRadio(page, 'role', 1); // relative
  await tabTo(page, 'button[type="submit"]');
  await Promise.all([page.waitForURL(/\/thanks/), page.keyboard.press('Enter')]);
}

describe('keyboard-only answering without JavaScript', () => {
  it.each([
    ['fi', '', 'web', 'Kiitos palautteestasi!', 'Hyvä ja ystävällinen palvelu, kiitos.'],
    ['sv', '&ch=qr', 'qr', 'Tack för din respons!', 'Bra bemötande och snabb hjälp.'],
  ])('sends a complete answer in %s and stores it', async (lang, query, channel, thanks, text) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.url}/f/keskusta-ta?lang=${lang}${query}`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    await answerWithKeyboard(page, text);
    expect(await page.textContent('h1')).toBe(thanks);
    const stored = (await scanAll(stack, 'feedback')).find((i) => i.text === text);
    expect(stored).toMatchObject({
      unitId: 'keskusta-ta',
      lang,
      channel,
      role: 'relative',
      answers: { nps: 9, smooth: 4, help: 5, safe: 'cant_say' },
    });
    await context.close();
  });

  it('switches language with the visible language links', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.url}/f/keskusta-ta?ch=qr`);
    await page.click('a[hreflang="sv"]');
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(page.url()).toContain('ch=qr');
    expect(await page.textContent('h1')).toBe('Ge respons');
    await context.close();
  });

  it('shows the error summary, keeps the answers and stores nothing when nothing was answered', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.url}/f/keskusta-ta?lang=fi`);
    const before = (await scanAll(stack, 'feedback')).length;
    await chooseRadio(page, 'role', 0);
    await tabTo(page, 'button[type="submit"]');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.waitForSelector('.error-summary');
    expect(await page.title()).toMatch(/^Virhe: /);
    expect(await page.textContent('.error-summary')).toContain('Vastaa vähintään yhteen kysymykseen');
    expect(await page.isChecked('input[name="role"][value="client"]')).toBe(true);
    expect((await scanAll(stack, 'feedback')).length).toBe(before);
    await context.close();
  });
});

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await (await browser.newContext()).newPage();
  });

  it('is wired up: axe reports a form field without a label, so an empty list means something', async () => {
    await page.setContent('<html lang="en"><head><title>t</title></head><body><main><input type="text"></main></body></html>');
    expect((await wcagViolations(page)).join()).toContain('label');
  });

  it.each(['fi', 'sv', 'en'])('the form in %s has no violations', async (lang) => {
    await page.goto(`${stack.url}/f/keskusta-ta?lang=${lang}`);
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('the error state has no violations and puts focus on the error summary', async () => {
    await page.goto(`${stack.url}/f/keskusta-ta?lang=fi`);
    await page.fill('textarea[name="text"]', '   ');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.error-summary');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('the thank-you page has no violations', async () => {
    await page.goto(`${stack.url}/f/keskusta-ta?lang=en`);
    await page.check('input[name="nps"][value="10"]');
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/thanks/);
    expect(await page.textContent('h1')).toBe('Thank you for your feedback!');
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('the unknown-unit page is a friendly 404 without violations', async () => {
    const r = await page.goto(`${stack.url}/f/no-such-unit?lang=sv`);
    expect(r?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Sidan hittades inte');
    expect(await wcagViolations(page)).toEqual([]);
  });
});
