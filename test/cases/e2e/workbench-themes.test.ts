/**
 * Themes and sentiment in the case workbench, in Chromium against the local stack: the queue shows
 * each case's themes in the page's language and filters by theme and sentiment (kept in the URL); the
 * case page marks the person names for the unit's handler, shows who labelled the comment, and
 * corrects the labels with checkboxes and a select — the API then has the handler's labels, the
 * machine's kept, and the history line written out on the page; axe-core (WCAG 2.1 A/AA) passes on
 * the queue and the case page in Finnish and Swedish.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { openCase } from '#shared/cases/case.ts';
import { DynamoCaseStore } from '#shared/cases/dynamo-case-store.ts';
import { WORKBENCH_TEXT } from '#shared/cases/workbench-text.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { answerOf, HANDLING } from '../support/fixtures.ts';

const fi = WORKBENCH_TEXT.fi;
let stack: LocalStack;
let browser: Browser;
let token: string;

const praise = openCase(
  answerOf('keskusta-ta', '2026-06-11T10:00:00.000Z', {
    text: 'Hoitaja Anna Berg oli ihana.',
    textNames: [{ start: 8, end: 17 }],
    themes: ['encounter'],
    sentiment: 'positive',
  }),
  HANDLING,
  { taxonomyVersion: 1 },
);
const queueing = openCase(
  answerOf('keskusta-ta', '2026-06-12T10:00:00.000Z', { text: 'Jonotin tunnin.', themes: ['waiting'], sentiment: 'negative' }),
  HANDLING,
  { taxonomyVersion: 1 },
);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  stack.clock.set('2026-06-15T09:00:00.000Z');
  const store = new DynamoCaseStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.cases);
  for (const c of [praise, queueing]) await store.create(c);
  token = await stack.auth.issue(['cases:read', 'cases:write'], ['keskusta-ta'], 'unit-case-handler');
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function open(query: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fi-FI' });
  const page = await context.newPage();
  await page.goto(`${stack.url}/admin/cases?${query}#token=${token}`);
  await page.waitForSelector('#app:not([hidden])');
  await page.waitForFunction((loading) => document.getElementById('status')!.textContent !== loading, fi.loading);
  return { page, close: () => context.close() };
}
const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => (e as HTMLElement).textContent.trim()));

describe('themes in the workbench', () => {
  it.each(['fi', 'sv'] as const)('shows the labels in the queue, filters by theme and sentiment, and passes axe (%s)', async (lang) => {
    const t = WORKBENCH_TEXT[lang];
    const { page, close } = await open(`lang=${lang}&node=keskusta-ta`);
    expect(await texts(page, '#queue .theme')).toEqual(
      lang === 'fi'
        ? ['Odottaminen', `${t.sentiment}: ${t.sentiment_negative}`, 'Kohtaaminen', `${t.sentiment}: ${t.sentiment_positive}`]
        : ['Väntan', `${t.sentiment}: ${t.sentiment_negative}`, 'Bemötande', `${t.sentiment}: ${t.sentiment_positive}`],
    );
    expect(await wcagViolations(page)).toEqual([]);
    await page.selectOption('#f-theme', 'waiting');
    await page.selectOption('#f-sentiment', 'negative');
    await Promise.all([page.waitForURL(/theme=waiting/), page.click('#filters button[type="submit"]')]);
    await page.waitForFunction(() => document.querySelectorAll('#queue li[data-case]').length === 1);
    expect(page.url()).toContain('sentiment=negative');
    expect(await page.getAttribute('#queue li[data-case]', 'data-case')).toBe(queueing.id);
    await close();
  });

  it('marks the names for the handler and corrects the labels, recorded in the history', async () => {
    const { page, close } = await open(`lang=fi&node=keskusta-ta&case=${praise.id}`);
    await page.waitForSelector('#labels-form');
    expect(await page.textContent('blockquote mark.name')).toBe('Anna Berg');
    expect(await page.textContent('#labelled-by')).toBe(fi.labelledBy_offline);
    expect(await page.isChecked('#theme-encounter')).toBe(true);
    expect(await wcagViolations(page)).toEqual([]);
    // No theme at all is refused on the page, before any request.
    await page.uncheck('#theme-encounter');
    await page.click('#labels-form button[type="submit"]');
    expect(await page.isVisible('#themes-needed')).toBe(true);
    // The correction: two themes and a mixed tone.
    await page.check('#theme-encounter');
    await page.check('#theme-professional_skill');
    await page.selectOption('#sentiment', 'mixed');
    await page.click('#labels-form button[type="submit"]');
    await page.waitForFunction((t) => document.getElementById('labelled-by')?.textContent === t, fi.labelledBy_handler);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('labels-h');
    expect(await texts(page, '.history li')).toContainEqual(
      expect.stringContaining('Aiheet tai sävy korjattu: Aiheet: Kohtaaminen → Kohtaaminen, Ammattitaito; Sävy: Myönteinen → Sekä että'),
    );
    const res = await fetch(`${stack.url}/api/cases/${praise.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await res.json()).toMatchObject({
      themes: ['encounter', 'professional_skill'],
      sentiment: 'mixed',
      labelledBy: 'handler',
      machineLabels: { themes: ['encounter'], sentiment: 'positive', by: 'offline' },
    });
    await close();
  });
});
