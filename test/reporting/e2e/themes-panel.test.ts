/**
 * The dashboard's themes panel and monthly digest in Chromium against the local stack with demo
 * answers (their comments labelled) aggregated, one comment's labels corrected by a handler through
 * the Cases API first: the panel shows each theme's comments by sentiment as the themes report
 * states them (the correction counted), with its data table and the change against the previous
 * period; the digest shows the last month's top themes with masked examples; both pass axe-core
 * (WCAG 2.1 A/AA) in Finnish and Swedish, and a unit's manager sees their unit's digest only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '#local/stack.ts';
import { demoAnswers } from '#local/demo-answers.ts';
import { loadConfig } from '#shared/config.ts';
import { DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import { openCase } from '#shared/cases/case.ts';
import { DynamoCaseStore } from '#shared/cases/dynamo-case-store.ts';
import { DASHBOARD_TEXT, fill } from '#shared/reporting/dashboard-text.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';

const config = loadConfig();
let stack: LocalStack;
let browser: Browser;
let adminToken: string;
const NOW = '2026-12-20T12:00:00+02:00';
const FROM = '2026-08-01';
const TO = '2026-10-31';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  stack.clock.set('2026-11-01T12:00:00+02:00');
  const store = new DynamoFeedbackStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames);
  const answers = demoAnswers(config, new Date('2026-11-01T00:00:00+02:00'), 750, 92);
  for (let i = 0; i < answers.length; i += 50) await Promise.all(answers.slice(i, i + 50).map((a) => store.putAnswer(a)));
  stack.clock.set(NOW);
  await stack.scheduler.run('aggregate');
  adminToken = await stack.auth.issue(['reports:read'], [config.org.regionId]);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function open(user: string, lang: 'fi' | 'sv', node: string): Promise<{ page: Page; close: () => Promise<void>; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${stack.url}/dev/signin?lang=${lang}`);
  await Promise.all([page.waitForURL(/\/admin\?/), page.click(`form:has(input[name="user"][value="${user}"]) button[type="submit"]`)]);
  await page.goto(`${stack.url}/admin?lang=${lang}&node=${node}&from=${FROM}&to=${TO}`);
  await page.waitForFunction(() => {
    const r = document.getElementById('report')!;
    return (!r.hidden && !r.hasAttribute('aria-busy')) || document.getElementById('error')!.textContent !== '';
  });
  return { page, close: () => context.close(), errors };
}

type Row = { id: string; label: string; n?: number; suppressed?: true; positive?: number };

describe('the themes panel', () => {
  it.each(['fi', 'sv'] as const)('shows the themes report with its table and the digest, and passes axe (%s)', async (lang) => {
    const t = DASHBOARD_TEXT[lang];
    const report = await api<{ total: { n: number }; themes: Row[] }>(
      `/api/reports/themes?node=esimerkki&from=${FROM}&to=${TO}&lang=${lang}`,
    );
    expect(report.total.n).toBeGreaterThan(0);
    const { page, close, errors } = await open('region-manager', lang, 'esimerkki');
    expect(await page.textContent('#themes-h')).toBe(t.themesTitle);
    expect(await page.textContent('#themes')).toContain(
      fill(t.commentsTotal, { n: new Intl.NumberFormat(`${lang}-FI`).format(report.total.n) }),
    );
    // The bars: the shown themes with comments, most comments first, then the hidden ones.
    const shown = report.themes.filter((r): r is Row & { n: number } => r.n !== undefined && r.n > 0).sort((a, b) => b.n - a.n);
    const labels = await page.$$eval('#themes .stmts .st-label', (els) => els.map((e) => e.textContent));
    expect(labels.slice(0, shown.length)).toEqual(shown.map((r) => r.label));
    // The table under "show as table" has the same figures.
    await page.click('#themes details summary');
    const rows = await page.$$eval('#themes table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim())));
    expect(rows[0]!.slice(0, 2)).toEqual([shown[0]!.label, String(shown[0]!.n)]);
    // The digest of the period's last month, with examples.
    expect(await page.textContent('#digest-h')).toContain(lang === 'fi' ? 'lokakuu 2026' : 'oktober 2026');
    expect(await page.$$eval('#digest .digest > li', (l) => l.length)).toBeGreaterThan(0);
    expect(await page.$$eval('#digest q', (q) => q.length)).toBeGreaterThan(0);
    expect(await wcagViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("counts a handler's correction after the next aggregation", async () => {
    // A demo answer with a comment in October at keskusta-ta opens a case; a handler corrects it.
    stack.clock.set(NOW);
    const before = await api<{ themes: Row[] }>(`/api/reports/themes?node=esimerkki&from=2026-10-01&to=2026-10-31`);
    const costs = before.themes.find((r) => r.id === 'costs')!;
    expect(costs.n).toBe(0);
    const answers = demoAnswers(config, new Date('2026-11-01T00:00:00+02:00'), 750, 92).filter(
      (a) => a.text && a.date.startsWith('2026-10'),
    );
    const cases = new DynamoCaseStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.cases);
    const handling = { deadlineDays: { contact: 14, text: 30 } };
    const picked = answers.slice(0, 5);
    for (const a of picked) await cases.create(openCase(a, handling, { taxonomyVersion: 1 }));
    const handler = await stack.auth.issue(['cases:read', 'cases:write'], [config.org.regionId], 'handler');
    for (const a of picked) {
      const res = await fetch(`${stack.url}/api/cases/${a.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${handler}`, 'content-type': 'application/json', 'if-match': '1' },
        body: JSON.stringify({ themes: ['costs'] }),
      });
      expect(res.status).toBe(200);
    }
    stack.clock.set('2026-12-20T12:30:00+02:00');
    await stack.scheduler.run('aggregate');
    const after = await api<{ themes: Row[] }>(`/api/reports/themes?node=esimerkki&from=2026-10-01&to=2026-10-31`);
    expect(after.themes.find((r) => r.id === 'costs')).toMatchObject({ n: 5 });
    const { page, close } = await open('region-manager', 'fi', 'esimerkki');
    await page.goto(`${stack.url}/admin?lang=fi&node=esimerkki&from=2026-10-01&to=2026-10-31`);
    await page.waitForFunction(
      () => !document.getElementById('report')!.hasAttribute('aria-busy') && document.querySelectorAll('#themes .st-label').length > 0,
    );
    expect(await page.$$eval('#themes .st-label', (els) => els.map((e) => e.textContent))).toContain('Maksut');
    await close();
  });
});
