/**
 * The public form's height on a phone, measured the same way by its e2e test and by `npm run bench`
 * (bench/form-page.ts), against the height it had before issue 12's layout.
 */
import type { Browser } from 'playwright-core';
import type { Lang } from '#shared/platform/index.ts';

/** The phone: Chromium at 390 × 844 CSS px, as a mobile viewport (docs/form-phone.png's). */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true } as const;

/**
 * The adult form's height on that phone before issue 12's layout, in CSS px: measured in Chromium at
 * 390 × 844 (mobile) on main at aee3952 (1 December 2026), `/f/keskusta-ta?lang=…` on the local stack,
 * as shipped (nothing ticked or opened): the 0–10 scale on three rows, each statement a list of six
 * boxes with words, and the contact section's fields always shown.
 */
export const FORM_PHONE_HEIGHT_BEFORE: Readonly<Record<Lang, number>> = { fi: 4422, sv: 4510, en: 4392 };

/** The target of issue 12: the form at most half as tall as before on the phone. */
export function formPhoneHeightTarget(lang: Lang): number {
  return Math.floor(FORM_PHONE_HEIGHT_BEFORE[lang] / 2);
}

/** The full height of the page at `url` on the phone, in CSS px (the document's scroll height). */
export async function formPhoneHeight(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    await page.goto(url);
    return await page.evaluate(() => document.documentElement.scrollHeight);
  } finally {
    await context.close();
  }
}
