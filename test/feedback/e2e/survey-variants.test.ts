/**
 * The survey variants in real Chromium against the local stack: axe-core finds no WCAG 2.1 A/AA
 * violation on any variant in fi, sv or en; a child answers the face form with the keyboard only
 * (Tab, Space, arrow keys, typing, Enter) without JavaScript and reaches the thank-you page; the
 * faces are targets of at least 44 px, each with its words; and the easy-read switch keeps the
 * answers given so far.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LANGS } from '#shared/platform/index.ts';
import { scanAll, startTestStack } from '../../support/local-stack.ts';
import { stackAndBrowser, tabTo, wcagViolations } from '../../support/browser.ts';
import { PHONE } from '../../support/form-layout.ts';

const env = stackAndBrowser(startTestStack);

/** Every variant's form URL (the easy-read one is the adults' survey with `easy=1`). */
const VARIANTS = [
  ['children', '/f/keskusta-ta?survey=thl-lapset'],
  ['relatives', '/f/kotihoito-ita?survey=thl-laheiset'],
  ['easy-read', '/f/keskusta-ta?easy=1'],
  ['own statements', '/f/fysioterapia?'],
] as const;

describe('accessibility of every variant (axe-core, WCAG 2.1 A and AA)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await (await env.browser.newContext()).newPage();
  });
  it.each(VARIANTS.flatMap(([name, url]) => LANGS.map((lang) => [name, lang, url] as const)))(
    'the %s form in %s has no violations',
    async (_name, lang, url) => {
      const r = await page.goto(`${env.stack.url}${url}&lang=${lang}`);
      expect(r?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await wcagViolations(page)).toEqual([]);
    },
  );
  it('the children’s error state has no violations', async () => {
    await page.goto(`${env.stack.url}/f/keskusta-ta?survey=thl-lapset&lang=fi`);
    await page.fill('textarea[name="text"]', '   ');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.error-summary');
    expect(await wcagViolations(page)).toEqual([]);
  });
});

/** The focused element's name and value, to follow a keyboard user. */
const focused = (page: Page) =>
  page.evaluate(() => [(document.activeElement as HTMLInputElement).name, (document.activeElement as HTMLInputElement).value]);

describe('a child answers with the keyboard only, without JavaScript', () => {
  it('chooses faces with Tab, Space and the arrow keys, types a comment, sends, and sees the thank-you page', async () => {
    const context = await env.browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${env.stack.url}/f/keskusta-ta?survey=thl-lapset&lang=fi`);
    // Tab reaches the first face of the first statement; Space chooses it; the arrows move the choice.
    await tabTo(page, 'input[name="c_listened"]');
    expect(await focused(page)).toEqual(['c_listened', '1']);
    await page.keyboard.press('Space');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toEqual(['c_listened', '5']);
    // Tab leaves the group for the next statement; ArrowLeft from its first face wraps to "I don't know".
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual(['c_help', '1']);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toEqual(['c_help', '3']);
    // The focused face is visibly marked (the focus ring is on its box).
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!.nextElementSibling!).outlineStyle);
    expect(ring).toBe('solid');
    await tabTo(page, 'textarea[name="text"]');
    await page.keyboard.type('Oli kivaa.');
    await tabTo(page, 'button[type="submit"]');
    await Promise.all([page.waitForURL(/\/thanks/), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Kiitos palautteestasi!');
    expect(page.url()).toContain('survey=thl-lapset');
    const stored = (await scanAll(env.stack, 'feedback')).find((i) => i.text === 'Oli kivaa.');
    expect(stored).toMatchObject({
      unitId: 'keskusta-ta',
      surveyId: 'thl-lapset',
      surveyVersion: 1,
      answers: { c_listened: 5, c_help: 3 },
    });
    await context.close();
  });
  it('shows every face as a target of at least 44 px with its words visible, on a 320 px phone without sideways scrolling', async () => {
    const context = await env.browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true });
    const page = await context.newPage();
    for (const lang of LANGS) {
      await page.goto(`${env.stack.url}/f/keskusta-ta?survey=thl-lapset&lang=${lang}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)).toBe(false);
      const faces = await page.$$eval('input[name="c_safe"]', (els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          const label = (e.closest('label')?.textContent ?? '').trim();
          return { w: r.width, h: r.height, label };
        }),
      );
      expect(faces).toHaveLength(6);
      for (const f of faces) {
        expect(f.h).toBeGreaterThanOrEqual(44);
        expect(f.w).toBeGreaterThanOrEqual(44);
        expect(f.label.length).toBeGreaterThan(0);
      }
    }
    await context.close();
  });
});

describe('the easy-read switch', () => {
  it.each([true, false])('keeps the answers given so far (JavaScript %s)', async (javaScriptEnabled) => {
    const context = await env.browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`${env.stack.url}/f/keskusta-ta?lang=fi`);
    await page.check('input[name="nps"][value="8"]');
    await page.check('input[name="smooth"][value="4"]');
    await page.check('input[name="role"][value="relative"]');
    await page.fill('textarea[name="text"]', 'Hyvä käynti.');
    await Promise.all([page.waitForLoadState('load'), page.click('button[name="switch"]')]);
    await page.waitForSelector('input[name="easy"][value="1"]', { state: 'attached' });
    expect(await page.textContent('legend >> nth=1')).toBe('Asiointi oli helppoa.');
    expect(await page.isChecked('input[name="nps"][value="8"]')).toBe(true);
    expect(await page.isChecked('input[name="smooth"][value="4"]')).toBe(true);
    expect(await page.isChecked('input[name="role"][value="relative"]')).toBe(true);
    expect(await page.inputValue('textarea[name="text"]')).toBe('Hyvä käynti.');
    // axe runs as a script in the page, so only where scripts may run.
    if (javaScriptEnabled) expect(await wcagViolations(page)).toEqual([]);
    // And back to the standard wording, then sent: the answer is one of the same survey version.
    await Promise.all([page.waitForLoadState('load'), page.click('button[name="switch"]')]);
    expect(await page.textContent('legend >> nth=1')).toBe('Asiointi sujui helposti.');
    await Promise.all([page.waitForURL(/\/thanks/), page.click('button[type="submit"]:not([name])')]);
    const stored = (await scanAll(env.stack, 'feedback')).filter((i) => i.text === 'Hyvä käynti.');
    expect(stored.at(-1)).toMatchObject({ surveyId: 'thl-aikuiset', surveyVersion: 1, answers: { nps: 8, smooth: 4 }, role: 'relative' });
    await context.close();
  });
});
