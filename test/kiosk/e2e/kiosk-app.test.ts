/**
 * The kiosk app in real Chromium against the local stack (issue 11's acceptance): a device enrolled
 * by its one-time link gives three answers with the network off, the page is reloaded (the service
 * worker serves it), the network comes back and exactly three answers are stored, each with the time
 * it was given; an idle answer is asked about and then cleared; the app starts with no network; a
 * revoked kiosk says so. Time is moved with Playwright's clock, never waited for. axe-core finds no
 * WCAG 2.1 A/AA violation on the attract screen, the survey, the idle question and the thank-you
 * screen, and every target is at least 44 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '#local/stack.ts';
import { IDLE_ASK_SECONDS, IDLE_CONTINUE_SECONDS, KIOSK_TEXT } from '#shared/kiosk/index.ts';
import { postJson, scanAll, startTestStack } from '../../support/local-stack.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';

let stack: LocalStack;
let browser: Browser;
let token: string;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  token = await stack.auth.issue(['kiosks:write'], ['keskusta-ta'], 'unit-handler');
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const fi = KIOSK_TEXT.fi;

/** A new kiosk of the unit and a browser context whose page opened its enrolment link (landing on the app, controlled by its worker). */
async function enrolledPage(): Promise<{ context: BrowserContext; page: Page; kioskId: string; errors: string[] }> {
  const created = (await (
    await postJson(stack, '/api/kiosks', { unitId: 'keskusta-ta', name: 'Aula' }, { authorization: `Bearer ${token}` })
  ).json()) as {
    id: string;
    enrolmentUrl: string;
  };
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, locale: 'fi-FI' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // Requests failing while the network is off are expected; a refused script or style is not.
    if (m.type() === 'error' && /Content Security Policy|Uncaught/.test(m.text())) errors.push(m.text());
  });
  await page.clock.install();
  await page.goto(created.enrolmentUrl);
  expect(new URL(page.url()).pathname).toBe('/k/keskusta-ta');
  // Once the worker is active and controls the page, the app is cached for offline starts.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  return { context, page, kioskId: created.id, errors };
}

/** Starts in Finnish, chooses an NPS score and sends; the thank-you screen shows. */
async function answerNps(page: Page, score: number): Promise<void> {
  await page.getByRole('button', { name: fi.start }).click();
  await page.locator(`input[name="nps"][value="${score}"]`).check();
  await page.getByRole('button', { name: fi.send }).click();
  await page.getByRole('heading', { name: fi.thanksTitle }).waitFor();
}

async function kioskAnswers(): Promise<Record<string, unknown>[]> {
  return (await scanAll(stack, 'feedback')).filter((i) => i.channel === 'kiosk');
}

describe('the kiosk app', () => {
  it('queues three answers given offline through a reload and stores exactly those three, with their times, once online', async () => {
    const { context, page, errors } = await enrolledPage();
    await context.setOffline(true);
    const given: number[] = [];
    for (const score of [10, 7, 2]) {
      given.push(await page.evaluate(() => Date.now()));
      await answerNps(page, score);
      // The thank-you screen resets by itself for the next person; a minute passes before the next answer.
      await page.clock.fastForward('01:00');
      await page.getByRole('button', { name: fi.start }).waitFor();
    }
    expect(await kioskAnswers()).toHaveLength(0);

    await page.reload();
    await page.getByText(fi.pending.replace('{n}', '3')).waitFor();
    await context.setOffline(false);
    await expect.poll(async () => (await kioskAnswers()).length, { timeout: 15_000 }).toBe(3);
    // Nothing more arrives on later drains (each answer is sent under its own Idempotency-Key).
    await page.clock.fastForward('01:00');
    await page.getByText(fi.pending.replace('{n}', '3')).waitFor({ state: 'detached' });
    const stored = await kioskAnswers();
    expect(stored).toHaveLength(3);
    expect(stored.map((a) => (a.answers as { nps: number }).nps).sort((a, b) => a - b)).toEqual([2, 7, 10]);
    // Stored with the time each was given on the device (a minute apart, as given), not when they arrived
    // together: so none is a burst either.
    const times = stored.map((a) => Date.parse(a.submittedAt as string)).sort((a, b) => a - b);
    for (const [i, at] of times.entries()) expect(Math.abs(at - given[i]!)).toBeLessThan(5_000);
    expect(stored.every((a) => a.burst === undefined)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks an idle person whether to continue (an alert dialog, 30 s to answer), and then clears the answers', async () => {
    const { context, page } = await enrolledPage();
    await page.getByRole('button', { name: fi.start }).click();
    await page.locator('input[name="nps"][value="8"]').check();

    await page.clock.fastForward(IDLE_ASK_SECONDS * 1000);
    const dialog = page.getByRole('alertdialog', { name: fi.idleTitle });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-describedby')).toBe('idle-body');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(fi.idleContinue);
    expect(await wcagViolations(page)).toEqual([]);
    // Continuing keeps the answers.
    await page.getByRole('button', { name: fi.idleContinue }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.locator('input[name="nps"][value="8"]').isChecked()).toBe(true);

    // Asked again, and nobody answers within the 30 seconds: the answers go, and the attract screen is back.
    await page.clock.fastForward(IDLE_ASK_SECONDS * 1000);
    await dialog.waitFor();
    // runFor, not fastForward: the countdown ticks every second, and each tick must run.
    await page.clock.runFor((IDLE_CONTINUE_SECONDS - 1) * 1000);
    expect(await dialog.isVisible()).toBe(true);
    await page.clock.runFor(2000);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: fi.start }).waitFor();
    expect(await page.locator('input[name="nps"]').count()).toBe(0);
    await page.getByRole('button', { name: fi.start }).click();
    expect(await page.locator('input[name="nps"]:checked').count()).toBe(0);
    await context.close();
  });

  it('starts with no network at all, and says so when the kiosk was revoked', async () => {
    const { context, page, kioskId } = await enrolledPage();
    await page.close();
    await context.setOffline(true);
    const offline = await context.newPage();
    await offline.goto(`${stack.url}/k/keskusta-ta`);
    await offline.getByRole('button', { name: fi.start }).click();
    await offline.locator('input[name="nps"][value="9"]').waitFor();
    await offline.close();

    await context.setOffline(false);
    const r = await fetch(`${stack.url}/api/kiosks/${kioskId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(204);
    const revoked = await context.newPage();
    await revoked.goto(`${stack.url}/k/keskusta-ta`);
    await revoked.getByRole('heading', { name: fi.notEnrolledTitle }).waitFor();
    expect(await revoked.getByRole('button', { name: fi.start }).isVisible()).toBe(false);
    await context.close();
  });

  it('passes axe on every screen, has no link off the app, and every target is at least 44 px', async () => {
    const { context, page } = await enrolledPage();
    expect(await page.locator('a[href]').count()).toBe(0);
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByRole('button', { name: KIOSK_TEXT.sv.start }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await wcagViolations(page)).toEqual([]);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button, .opts label, textarea')]
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.width < 44 || r.height < 44)
        .map((r) => `${r.width}x${r.height}`),
    );
    expect(small).toEqual([]);
    // Switching the language keeps what was answered.
    await page.locator('input[name="nps"][value="6"]').check();
    await page.locator('button[data-lang="en"]').click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('input[name="nps"][value="6"]').isChecked()).toBe(true);
    await page.getByRole('button', { name: KIOSK_TEXT.en.send }).click();
    await page.getByRole('heading', { name: KIOSK_TEXT.en.thanksTitle }).waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  });

  it("lets the unit's case handler create a kiosk in the workbench, shows its one-time link, and revoke it", async () => {
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await page.goto(`${stack.url}/admin/cases?lang=fi&node=keskusta-ta`);
    await Promise.all([page.waitForURL(/\/dev\/signin/), page.click('#signin-link')]);
    await Promise.all([
      page.waitForURL(/\/admin\/cases\?/),
      page.click('form:has(input[name="user"][value="unit-case-handler"]) button[type="submit"]'),
    ]);
    await page.waitForSelector('#kiosks:not([hidden])');
    await page.fill('#kiosk-name', 'Ryhmähuone');
    await page.click('#kiosk-new button[type="submit"]');
    await page.waitForSelector('#kiosk-link:has-text("/k/enrol/")');
    const link = (await page.textContent('#kiosk-link'))!.match(/https?:\/\/\S+/)![0];
    expect(await page.textContent('#kiosk-list')).toContain('Ryhmähuone');
    expect(await wcagViolations(page)).toEqual([]);
    // The link works once, on the device.
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(303);
    await page.click('#kiosk-list button:has-text("Ryhmähuone")');
    await page.waitForSelector('#kiosk-list li:has-text("poistettu käytöstä")');
    await context.close();
  });
});
