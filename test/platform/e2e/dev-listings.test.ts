/**
 * The local stack's mail outbox and event list in Chromium: a mail and an event sent through the
 * handlers' getters show on `/dev/mail` and `/dev/events`, the pages are free of WCAG 2.1 A/AA
 * violations (axe-core), and their navigation reaches the other listings by keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LocalStack } from '#local/stack.ts';
import { domainEvent, eventPublisherFromEnv, mailerFromEnv } from '#shared/platform/index.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';

let stack: LocalStack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  await mailerFromEnv().send({
    to: ['palaute.keskusta@hyvaks.example.fi'],
    subject: 'Palaute: 2 tapausta erääntyy pian',
    text: `Keskustan terveysasema: 2 tapausta erääntyy 3 päivän sisällä.\n${stack.url}/admin/cases?node=keskusta-ta`,
  });
  await eventPublisherFromEnv().publish([
    domainEvent('CaseClosed', new Date(), {
      caseId: '0b6c7a8e-1111-4000-8000-2b3c4d5e6f70',
      feedbackId: '0b6c7a8e-1111-4000-8000-2b3c4d5e6f70',
      unitId: 'keskusta-ta',
      channel: 'qr',
      npsGroup: 'passive',
      contactRequested: false,
      status: 'closed',
      dueAt: '2026-12-31T21:59:59.999Z',
    }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('/dev/mail and /dev/events in Chromium', () => {
  it('show the mail and the event, axe-clean, and link each other', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.url}/dev/mail`);
    expect(await page.textContent('h1')).toBe('Mail outbox');
    expect(await page.textContent('tbody')).toContain('Palaute: 2 tapausta erääntyy pian');
    expect(await page.getAttribute('tbody a', 'href')).toBe(`${stack.url}/admin/cases?node=keskusta-ta`);
    expect(await wcagViolations(page)).toEqual([]);

    await page.focus('nav a[href="/dev/events"]');
    await Promise.all([page.waitForURL(`${stack.url}/dev/events`), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Events');
    expect(await page.textContent('tbody')).toContain('CaseClosed');
    expect(await page.textContent('tbody')).toContain('0b6c7a8e-1111-4000-8000-2b3c4d5e6f70');
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  });
});
