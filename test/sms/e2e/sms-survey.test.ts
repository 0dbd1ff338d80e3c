/**
 * The SMS channel end to end on the local stack, as the issue describes it: visits in through the
 * authenticated API → the clock set to the next day 12:00 → the release schedule run → the outbox →
 * Chromium opens the link from the outbox page and answers → the answer is stored with channel `sms`
 * and the visit's unit, and the link then says it was used. Another link's form, which the SMS
 * channel renders as the unit's form is rendered, on a 390 × 844 phone: one-row scales, the
 * character counter running under the link page's CSP, no sideways scroll, axe-clean, also when
 * shown again with an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LocalStack } from '#local/stack.ts';
import { addDays, helsinkiDate } from '#shared/platform/time.ts';
import { postJson, scanAll, startTestStack } from '../../support/local-stack.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';
import { PHONE } from '../../support/form-layout.ts';
import { UI } from '#shared/feedback/ui-text.ts';

let stack: LocalStack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('SMS survey end to end', () => {
  it('goes from visits to a stored sms answer through a one-time link', async () => {
    const token = ((await (await postJson(stack, '/dev/token', { scopes: ['visits:write'] })).json()) as { token: string }).token;
    const today = helsinkiDate(new Date());
    const visits = Array.from({ length: 40 }, (_, i) => ({
      visitId: `e2e-${i}`,
      unitId: 'rantala-ta',
      visitedAt: `${today}T${String(8 + (i % 8)).padStart(2, '0')}:15:00+02:00`,
      phone: `04055500${String(i).padStart(2, '0')}`,
      age: 30 + i,
      lang: 'sv',
      smsConsent: true,
      nonDisclosure: false,
    }));
    // The stack's clock stands just after the visits, so none is "in the future".
    await postJson(stack, '/dev/clock', { now: `${today}T17:00:00+02:00` });
    const intake = await postJson(stack, '/api/visits', { visits }, { authorization: `Bearer ${token}` });
    expect(intake.status).toBe(202);
    const result = (await intake.json()) as { received: number; scheduled: number };
    expect(result.received).toBe(40);
    expect(result.scheduled).toBeGreaterThan(0);

    // Before noon of the next day nothing is due; at 12:00 Helsinki time the invitations go out.
    const tomorrow = addDays(today, 1);
    await postJson(stack, '/dev/clock', { now: `${tomorrow}T11:00:00+02:00` });
    await postJson(stack, '/dev/schedules/releaseInvitations/run', {});
    expect(stack.outbox.list()).toHaveLength(0);
    await postJson(stack, '/dev/clock', { now: `${tomorrow}T12:00:00+02:00` });
    const run = await postJson(stack, '/dev/schedules/releaseInvitations/run', {});
    expect(((await run.json()) as { result: { released: number } }).result.released).toBe(result.scheduled);
    const sent = (await (await fetch(`${stack.url}/dev/sms`, { headers: { accept: 'application/json' } })).json()) as {
      to: string;
      senderId: string;
      text: string;
    }[];
    expect(sent).toHaveLength(result.scheduled);
    expect(sent[0]!.senderId).toBe('ESIMHVA');
    expect(sent[0]!.text).toContain('Exempelbygdens välfärdsområde');

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.url}/dev/sms`);
    const first = sent[sent.length - 1]!;
    const link = /https?:\/\/\S+/.exec(first.text)![0];
    await Promise.all([page.waitForURL(link), page.click(`a[href="${link}"]`)]);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await page.textContent('main')).toContain('Strandby hälsostation');
    expect(await wcagViolations(page)).toEqual([]);
    await page.check('input[name="nps"][value="8"]');
    await page.check('input[name="smooth"][value="5"]');
    await page.fill('textarea[name="text"]', 'Snabb och vänlig service.');
    await Promise.all([page.waitForURL(/\/thanks/), page.click('button[type="submit"]')]);
    expect(await page.textContent('h1')).toBe('Tack för din respons!');

    const stored = (await scanAll(stack, 'feedback')).find((a) => a.text === 'Snabb och vänlig service.');
    expect(stored).toMatchObject({ channel: 'sms', unitId: 'rantala-ta', lang: 'sv', answers: { nps: 8, smooth: 5 } });
    expect(stored!.ageGroup).toMatch(/^\d|75\+/);

    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    expect(await page.textContent('h1')).toBe('Enkäten är redan besvarad');
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();

    // Another person's link, on a phone.
    expect(sent.length).toBeGreaterThanOrEqual(2);
    const other = /https?:\/\/\S+/.exec(sent[0]!.text)![0];
    const phone = await browser.newContext(PHONE);
    const form = await phone.newPage();
    const cspViolations: string[] = [];
    form.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    const checkLayout = async () => {
      expect(await form.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)).toBe(false);
      const nps = await form.$$eval('input[name="nps"]', (els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
      expect(nps).toHaveLength(11);
      expect(new Set(nps.map((b) => b.top)).size).toBe(1);
      for (const b of nps) expect(b.height).toBeGreaterThanOrEqual(44);
      expect(await form.textContent('#text-count')).toBe(UI.sv.textLeft.replace('{n}', new Intl.NumberFormat('sv').format(4000)));
      expect(await wcagViolations(form)).toEqual([]);
    };
    await form.goto(other);
    await checkLayout();
    // A value the form never offers: the form comes back with the error, laid out the same.
    await form.$eval('#help-0', (e) => ((e as HTMLInputElement).value = '9'));
    await form.check('#help-0');
    await form.click('button[type="submit"]');
    await form.waitForSelector('.error-summary');
    await checkLayout();
    expect(cspViolations).toEqual([]);
    await phone.close();
  });
});
