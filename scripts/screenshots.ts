/**
 * The README's screenshots, taken again: `npm run screenshots` starts an in-memory local stack with
 * the demo answers (`npm start`'s, as of 20 December 2026), and Chromium saves the dashboard at
 * 1,280 px as the region manager (docs/dashboard.png), and the public results and a unit's form on a
 * 390 px phone (docs/public-results-phone.png, docs/form-phone.png). Run it after a change to what
 * those pages look like.
 */
import { join } from 'node:path';
import { demoAnswers } from '#local/demo-answers.ts';
import { startLocalStack } from '#local/stack.ts';
import { REPO_ROOT } from '#lib/paths.ts';
import { loadConfig } from '#shared/config.ts';
import { DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { launchChromium } from '../test/support/browser.ts';

const NOW = '2026-12-20T12:00:00+02:00';
const out = (name: string) => join(REPO_ROOT, 'docs', name);

const stack = await startLocalStack({ port: 0, dynamoPort: 0, logSink: () => {} });
const browser = await launchChromium();
try {
  const store = new DynamoFeedbackStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames);
  const answers = demoAnswers(loadConfig(), new Date(NOW), 3600, 180);
  for (let i = 0; i < answers.length; i += 50) await Promise.all(answers.slice(i, i + 50).map((a) => store.putAnswer(a)));
  stack.clock.set(NOW);
  await stack.scheduler.run('aggregate');

  const wide = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fi-FI' });
  const dash = await wide.newPage();
  await dash.goto(`${stack.url}/dev/signin?lang=fi`);
  await Promise.all([
    dash.waitForURL(/\/admin\?/),
    dash.click('form:has(input[name="user"][value="region-manager"]) button[type="submit"]'),
  ]);
  await dash.waitForSelector('#report:not([hidden]):not([aria-busy])');
  await dash.screenshot({ path: out('dashboard.png'), fullPage: true });

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fi-FI', isMobile: true });
  const results = await phone.newPage();
  await results.goto(`${stack.url}/tulokset`);
  await results.screenshot({ path: out('public-results-phone.png'), fullPage: true });
  const form = await phone.newPage();
  await form.goto(`${stack.url}/f/keskusta-ta`);
  await form.screenshot({ path: out('form-phone.png'), fullPage: true });
  console.log('written: docs/dashboard.png, docs/public-results-phone.png, docs/form-phone.png');
} finally {
  await browser.close();
  await stack.close();
}
