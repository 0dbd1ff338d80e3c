/**
 * The managers' dashboard in Chromium against the local stack with demo answers aggregated: sign-in
 * through `/dev/signin` (the token moves from the URL fragment to sessionStorage), the region's NPS
 * trend, totals, children and breakdowns (with the note on answers in hidden groups) as the reporting
 * API states them, drill-down and back, the month picker (whole reported months only) with suppressed
 * months, links from when days could be picked, the unit handler's scope (the picker offers only their
 * unit and a forced request is answered 403 and shown), an invalid token sending the user back to
 * sign-in, the Cognito authorization-code + PKCE flow against a stand-in authorization server, and
 * axe-core (WCAG 2.1 A/AA) on the sign-in page and on the dashboard with data in Finnish and Swedish.
 *
 * The clock is set to 20 December 2026, so the reports cover months up to October 2026 (November has
 * ended but late paper answers may change it until 30 December), and every answer is seeded in
 * reported months: August to October (demo answers), and for rantala-ta a shown August and hidden
 * September and October (`RANTALA`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '#local/stack.ts';
import { demoAnswers } from '#local/demo-answers.ts';
import { loadConfig } from '#shared/config.ts';
import { DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { helsinkiDate } from '#shared/platform/time.ts';
import { DASHBOARD_SCRIPT, defaultPeriod } from '#shared/reporting/dashboard-page.ts';
import { DASHBOARD_AUTH_ENV } from '#shared/manifest.ts';
import { DASHBOARD_TEXT, fill } from '#shared/reporting/dashboard-text.ts';
import { numberFormats } from '#shared/reporting/numbers.ts';
import { MAX_LATE_DAYS } from '#shared/feedback/validate-feedback.ts';
import { parseCsv } from '../../support/csv.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';
import { standInCognito } from '../../support/stand-in-cognito.ts';

const config = loadConfig();
const fi = DASHBOARD_TEXT.fi;
let stack: LocalStack;
let browser: Browser;
let adminToken: string;
let period: { from: string; to: string };

/** Today on the stack's clock: the reports cover months up to October 2026. */
const NOW = '2026-12-20T12:00:00+02:00';
/** rantala-ta's answers per month, all web and client: August shown, September and October hidden. */
const RANTALA = { '2026-08-12': 9, '2026-09-15': 3, '2026-10-07': 2 };

/**
 * Demo answers from August to October 2026 (every unit about 16 a month), with rantala-ta's replaced
 * by `RANTALA`'s, which fall in a single channel and role so that its shown month hides no group.
 */
function seedAnswers(): StoredAnswer[] {
  const bulk = demoAnswers(config, new Date('2026-11-01T00:00:00+02:00'), 750, 92);
  const template = bulk.find((a) => a.unitId === 'rantala-ta')!;
  const rantala = Object.entries(RANTALA).flatMap(([date, count]) =>
    Array.from({ length: count }, (_, i): StoredAnswer => {
      const at = new Date(`${date}T${String(9 + i).padStart(2, '0')}:00:00+03:00`).toISOString();
      return {
        ...template,
        id: `00000000-0000-4000-8000-${date.replace(/-/g, '')}${String(i).padStart(4, '0')}`,
        channel: 'web',
        assisted: false,
        role: 'client',
        answers: { ...template.answers, nps: 6 + (i % 5) },
        submittedAt: at,
        receivedAt: at,
        date,
      };
    }),
  );
  return [...bulk.filter((a) => a.unitId !== 'rantala-ta'), ...rantala];
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  stack.clock.set(NOW);
  const store = new DynamoFeedbackStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames);
  const answers = seedAnswers();
  for (let i = 0; i < answers.length; i += 50) await Promise.all(answers.slice(i, i + 50).map((a) => store.putAnswer(a)));
  await stack.scheduler.run('aggregate');
  adminToken = await stack.auth.issue(['reports:read'], [config.org.regionId]);
  period = defaultPeriod(helsinkiDate(stack.clock.now()));
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** A report straight from the API, to compare the page with. */
async function report<T>(path: string): Promise<T> {
  const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

type Cell = { period: string; suppressed?: true; n?: number; nps?: number | null };
type Breakdown = { total: Cell; hiddenN: number | null; groups: ({ group: string } & Cell)[] };

/** A fresh browser context (its own sessionStorage) at 1280 × 900 in Finnish locale. */
async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A CSP violation (e.g. a script hash that no longer matches) shows up as a console error.
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && errors.push(m.text()));
  return { context, page, errors };
}

/** Signs in as a demo user through /dev/signin and waits for the dashboard's first report. */
async function signIn(page: Page, user: string, lang = 'fi'): Promise<void> {
  await page.goto(`${stack.url}/dev/signin?lang=${lang}`);
  await Promise.all([page.waitForURL(/\/admin\?/), page.click(`form:has(input[name="user"][value="${user}"]) button[type="submit"]`)]);
  await loaded(page);
}

/** Waits until a report (or an error) is on the page. */
async function loaded(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const report = document.getElementById('report')!;
    return (
      (!report.hidden && !report.hasAttribute('aria-busy')) ||
      document.getElementById('error')!.textContent !== '' ||
      !document.getElementById('signin')!.hidden
    );
  });
}

const rowTexts = (page: Page, selector: string) =>
  page.$$eval(selector, (rows) => rows.map((r) => (r as HTMLElement).textContent.replace(/\s+/g, ' ').trim()));
/** Each matched row's cells (its child elements) as text. */
const cellTexts = (page: Page, selector: string) =>
  page.$$eval(selector, (rows) => rows.map((r) => [...r.children].map((c) => (c as HTMLElement).textContent.replace(/\s+/g, ' ').trim())));
const nps = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : new Intl.NumberFormat('fi-FI', { signDisplay: 'exceptZero' }).format(v);
const int = (v: number) => new Intl.NumberFormat('fi-FI').format(v);

describe('sign-in page', () => {
  it.each(['fi', 'sv'] as const)('lists the demo users and passes axe in %s', async (lang) => {
    const { context, page } = await newPage();
    const res = await page.goto(`${stack.url}/dev/signin?lang=${lang}`);
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    const t = DASHBOARD_TEXT[lang];
    expect(await rowTexts(page, '.users h2')).toEqual([
      t.role_regionManager,
      t.role_serviceAreaManager,
      t.role_unitHandler,
      t.role_unitCaseHandler,
      t.role_serviceCaseHandler,
      t.role_unitSupervisor,
    ]);
    // Each card says which scopes the user's token gets, so the staff entry's scope can be found here.
    expect(await rowTexts(page, '.users p:last-of-type')).toEqual([
      `${t.devScopes}: reports:read`,
      `${t.devScopes}: reports:read`,
      `${t.devScopes}: reports:read, feedback:enter`,
      `${t.devScopes}: reports:read, cases:read, cases:write, contacts:read, kiosks:write`,
      `${t.devScopes}: reports:read, cases:read, cases:write, contacts:read`,
      `${t.devScopes}: reports:read, pulse:read, pulse:write`,
    ]);
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('dashboard as the region manager', () => {
  it("signs in, keeps the token off the URL and shows the region's last 12 reported months: trend, totals, children, breakdowns", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, 'region-manager');
    expect(page.url()).not.toContain('token');
    expect(await page.evaluate(() => sessionStorage.getItem('palaute.token'))).toMatch(/^ey/);
    expect(await page.textContent('#node-name')).toBe(config.org.node('esimerkki')!.name.fi);
    expect(await page.textContent('#who')).toBe('Kirjautuneena: region-manager');

    // The picker offers the whole tree to the region manager, indented by level.
    const options = await page.$$eval('#f-node option', (o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(options).toHaveLength(
      config.org.units().length +
        1 +
        config.org.children('esimerkki').length +
        config.org.children('esimerkki').flatMap((sa) => config.org.children(sa.id)).length,
    );
    expect(options[0]).toBe('esimerkki');

    // Months, not days: by default the last 12 reported ones, cut to start at the first month with
    // answers (the demo answers begin in August), nothing after the newest reported month, and one
    // line saying why, which both month inputs point to.
    expect(period).toEqual({ from: '2025-11-01', to: '2026-10-31' });
    expect(await page.inputValue('#f-from')).toBe('2026-08');
    expect(await page.inputValue('#f-to')).toBe('2026-10');
    expect(new URL(page.url()).searchParams.get('from')).toBe('2026-08-01');
    for (const input of ['#f-from', '#f-to']) {
      expect(await page.getAttribute(input, 'type')).toBe('month');
      expect(await page.getAttribute(input, 'max')).toBe('2026-10');
      expect(await page.getAttribute(input, 'aria-describedby')).toBe('f-why');
    }
    expect(await page.textContent('label[for="f-from"]')).toBe(fi.from);
    expect(await page.textContent('label[for="f-to"]')).toBe(fi.to);
    expect(await page.textContent('#f-why')).toBe(fi.periodWhy);
    expect(await page.locator('#filters select').count()).toBe(1);
    expect(await page.textContent('#status')).toBe(
      fill(fi.loaded, { node: config.org.node('esimerkki')!.name.fi, period: 'elokuu 2026–lokakuu 2026' }),
    );
    const before = await report<{ series: Cell[] }>(`/api/reports/nps?node=esimerkki&from=${period.from}&to=${period.to}`);
    expect(before.series.slice(0, 9).every((c) => c.n === 0)).toBe(true);

    const q = 'node=esimerkki&from=2026-08-01&to=2026-10-31';
    const api = await report<{ series: Cell[]; total: Cell }>(`/api/reports/nps?${q}`);
    expect(api.total.n).toBeGreaterThan(500);
    expect(await page.textContent('.kpi.big dd')).toBe(nps(api.total.nps));

    // The trend: one point per month with answers, one table row per month of the period.
    const withData = api.series.filter((c) => !c.suppressed && c.n);
    expect(withData.length).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#trend svg circle.dot').count()).toBe(withData.length);
    expect(await page.locator('#trend svg polygon.band').count()).toBeGreaterThan(0);
    expect(await page.getAttribute('#trend svg', 'role')).toBe('img');
    await page.click('#trend summary');
    const rows = await rowTexts(page, '#trend tbody tr');
    expect(rows).toHaveLength(3);
    const last = api.series[api.series.length - 1]!;
    expect(rows[2]).toContain(nps(last.nps));

    // Children: the four service areas with the API's figures.
    const children = await report<{ children: ({ node: string; name: { fi: string } } & Cell)[] }>(`/api/reports/children?${q}`);
    const childRows = await rowTexts(page, '#children tbody tr');
    expect(childRows).toHaveLength(config.org.children('esimerkki').length);
    children.children.forEach((c, i) => {
      expect(childRows[i]).toContain(c.name.fi);
      expect(childRows[i]).toContain(c.suppressed ? fi.suppressedCell : nps(c.nps));
    });

    // Statements and the channel mix are there, each with a table.
    expect(await page.locator('#statements .stmts li').count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator('#channels .bars li').count()).toBeGreaterThanOrEqual(3);

    // The region's groups are sums of its units' shown group cells: the answers in hidden ones are
    // counted under the bars, exactly as the API states them, and only where there are any.
    const hiddenNs: number[] = [];
    for (const by of ['channel', 'role'] as const) {
      const b = await report<Breakdown>(`/api/reports/breakdown?${q}&by=${by}`);
      const box = by === 'channel' ? '#channels' : '#roles';
      expect(b.hiddenN).not.toBeNull();
      hiddenNs.push(b.hiddenN!);
      if (b.hiddenN)
        expect(await rowTexts(page, `${box} .bars-note`)).toEqual([fill(fi.hiddenInGroups, { n: int(b.hiddenN) }).replace(/\s+/g, ' ')]);
      else expect(await page.locator(`${box} .bars-note`).count()).toBe(0);
      const shown = b.groups.filter((g) => !g.suppressed).reduce((sum, g) => sum + g.n!, 0);
      expect(shown + b.hiddenN!).toBe(b.total.n);
    }
    // Most units' respondent groups are small in a month (relatives are 15 %), so some are hidden.
    expect(Math.max(...hiddenNs)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('drills down to a service area and a unit, and the breadcrumb and Back return', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, 'region-manager');
    await page.click('#children a:text-is("Terveyspalvelut")');
    await page.waitForURL(/node=terveys/);
    await loaded(page);
    expect(await page.textContent('#node-name')).toBe('Terveyspalvelut');
    expect(await page.textContent('#node-kind')).toBe(fi.serviceArea);
    // Focus moves to the new heading, so keyboard and screen-reader users land on the new content.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('node-title');
    expect(await page.inputValue('#f-node')).toBe('terveys');
    expect(await rowTexts(page, '#children tbody th')).toEqual(config.org.children('terveys').map((c) => c.name.fi));

    await page.click('#children a:text-is("Terveysasemat")');
    await page.waitForURL(/node=terveysasemat/);
    await loaded(page);
    await page.click('#children a:text-is("Keskustan terveysasema")');
    await page.waitForURL(/node=keskusta-ta/);
    await loaded(page);
    expect(await page.textContent('#node-name')).toBe('Keskustan terveysasema');
    expect(await page.isHidden('#children-section')).toBe(true);
    expect(await rowTexts(page, '#crumbs li')).toEqual([
      'Esimerkkilän hyvinvointialue',
      'Terveyspalvelut',
      'Terveysasemat',
      'Keskustan terveysasema',
    ]);

    await page.goBack();
    await page.waitForURL(/node=terveysasemat/);
    await loaded(page);
    expect(await page.textContent('#node-name')).toBe('Terveysasemat');
    await page.click('#crumbs a:text-is("Esimerkkilän hyvinvointialue")');
    await page.waitForURL(/node=esimerkki/);
    await loaded(page);
    expect(await page.textContent('#node-name')).toBe('Esimerkkilän hyvinvointialue');

    // The language switch keeps the node and the period, and the session.
    await page.click('a[hreflang="sv"]');
    await page.waitForURL(/lang=sv/);
    await loaded(page);
    expect(page.url()).toContain('node=esimerkki');
    expect(await page.textContent('h1')).toBe(DASHBOARD_TEXT.sv.title);
    expect(await page.textContent('#node-name')).toBe(config.org.node('esimerkki')!.name.sv);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('picks whole months for a unit: hidden months read "alle 5 vastausta", and figures over them are hidden too', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, 'region-manager');
    await page.selectOption('#f-node', 'rantala-ta');
    await page.fill('#f-from', '2026-08');
    await page.fill('#f-to', '2026-10');
    await page.click('#filters button[type="submit"]');
    await page.waitForURL(/node=rantala-ta/);
    await loaded(page);
    // The months go to the URL and the API as their first and last days.
    const url = new URL(page.url());
    expect([url.searchParams.get('from'), url.searchParams.get('to'), url.searchParams.has('granularity')]).toEqual([
      '2026-08-01',
      '2026-10-31',
      false,
    ]);

    const q = 'node=rantala-ta&from=2026-08-01&to=2026-10-31';
    const api = await report<{ series: Cell[]; total: Cell }>(`/api/reports/nps?${q}`);
    expect(api.series.map((c) => [c.period, c.suppressed ?? c.n])).toEqual([
      ['2026-08', 9],
      ['2026-09', true],
      ['2026-10', true],
    ]);
    await page.click('#trend summary');
    const rows = await cellTexts(page, '#trend tbody tr');
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      [expect.stringMatching(/^elo\S* 2026$/), '9'],
      [expect.stringMatching(/^syys\S* 2026$/), fi.suppressed],
      [expect.stringMatching(/^loka\S* 2026$/), fi.suppressed],
    ]);
    expect(await page.locator('#trend svg text.sup').count()).toBe(2);
    expect(await page.textContent('#trend .legend')).toContain(fi.suppressedNote);
    // A figure over the three months is hidden when any month is, however many answers it holds.
    expect(api.total.suppressed).toBe(true);
    expect(await page.textContent('.kpi-note')).toBe(`${fi.npsTotal}: ${fi.suppressedOver}`);
    const channels = await report<Breakdown>(`/api/reports/breakdown?${q}&by=channel`);
    expect(channels.hiddenN).toBeNull();
    // With the node hidden every channel is, even one without answers: a zero would tell too much.
    expect(channels.groups.every((g) => g.suppressed)).toBe(true);
    expect(await cellTexts(page, '#channels .bars li')).toEqual(
      channels.groups.map((g) => [fi[`channel_${g.group}` as keyof typeof fi], '', fi.suppressedCell]),
    );
    expect(await page.locator('#channels .bars-note').count()).toBe(0);

    // August alone is shown, and nothing of it is in a hidden group: no note under the bars.
    await page.fill('#f-to', '2026-08');
    await page.click('#filters button[type="submit"]');
    await page.waitForURL(/to=2026-08-31/);
    await loaded(page);
    expect(await page.textContent('.kpi.big dd')).toBe(nps(api.series[0]!.nps));
    expect(await cellTexts(page, '#channels .bars li')).toEqual([[fi.channel_web, '', `9 · NPS ${nps(api.series[0]!.nps)}`]]);
    expect(await page.locator('#channels .bars-note, #roles .bars-note').count()).toBe(0);

    // The browser holds the month picker to the newest reported month: November, ended but still open
    // to late answers, will not submit.
    await page.fill('#f-to', '2026-11');
    expect(await page.$eval('#f-to', (el) => (el as HTMLInputElement).validity.rangeOverflow)).toBe(true);
    expect(await page.$eval('#filters', (f) => (f as HTMLFormElement).checkValidity())).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('links from before the reports covered months', () => {
  it('open the whole months of their days, up to the newest reported month, monthly', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, 'unit-handler');
    const asked = page.waitForRequest((r) => r.url().includes('/api/reports/nps?'));
    await page.goto(`${stack.url}/admin?lang=fi&node=keskusta-ta&from=2026-08-14&to=2026-11-15&granularity=week`);
    const q = new URL((await asked).url()).searchParams;
    expect(Object.fromEntries(q)).toEqual({ node: 'keskusta-ta', from: '2026-08-01', to: '2026-10-31', granularity: 'month' });
    await loaded(page);
    expect(await page.isVisible('#report')).toBe(true);
    expect(await page.inputValue('#f-from')).toBe('2026-08');
    expect(await page.inputValue('#f-to')).toBe('2026-10');
    expect(await page.textContent('#status')).toBe(fill(fi.loaded, { node: 'Keskustan terveysasema', period: 'elokuu 2026–lokakuu 2026' }));
    // The language links carry the months the page shows, not the link's days.
    expect(await page.getAttribute('a[hreflang="sv"]', 'href')).toBe('/admin?lang=sv&node=keskusta-ta&from=2026-08-01&to=2026-10-31');
    await page.click('#trend summary');
    expect(await rowTexts(page, '#trend tbody tr')).toHaveLength(3);

    // A period wholly in a month not yet reported (November) shows the newest reported one.
    await page.goto(`${stack.url}/admin?lang=fi&node=keskusta-ta&from=2026-11-02&to=2026-11-15`);
    await loaded(page);
    expect([await page.inputValue('#f-from'), await page.inputValue('#f-to')]).toEqual(['2026-10', '2026-10']);
    expect(await page.textContent('#status')).toBe(fill(fi.loaded, { node: 'Keskustan terveysasema', period: 'lokakuu 2026' }));
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('scope and errors', () => {
  it('offers the unit handler only their unit, and shows the 403 of a forced request', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, 'unit-handler');
    expect(await page.$$eval('#f-node option', (o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(['keskusta-ta']);
    expect(await page.textContent('#node-name')).toBe('Keskustan terveysasema');

    const forbidden = page.waitForResponse((r) => r.url().includes('/api/reports/nps?node=rantala-ta'));
    await page.goto(`${stack.url}/admin?lang=fi&node=rantala-ta&from=${period.from}&to=${period.to}`);
    expect((await forbidden).status()).toBe(403);
    await loaded(page);
    expect(await page.textContent('#error')).toContain(fi.forbidden);
    expect(await page.isHidden('#report')).toBe(true);
    expect(await page.getAttribute('#error', 'role')).toBe('alert');
    expect(await wcagViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sends a user whose token the API refuses (401) back to sign-in', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, 'service-area-manager');
    expect(await page.textContent('#node-name')).toBe('Terveyspalvelut');
    // A token whose signature no longer matches: the API answers 401, as for an expired one.
    await page.evaluate(() => sessionStorage.setItem('palaute.token', `${sessionStorage.getItem('palaute.token')!.slice(0, -6)}AAAAAA`));
    await page.reload();
    await loaded(page);
    expect(await page.isVisible('#signin')).toBe(true);
    expect(await page.textContent('#signin-msg')).toBe(fi.expired);
    expect(await page.evaluate(() => sessionStorage.getItem('palaute.token'))).toBeNull();
    await Promise.all([page.waitForURL(/\/dev\/signin/), page.click('#signin-link')]);
    expect(await page.textContent('h1')).toBe(fi.devSignInTitle);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says so when the period starts after it ends, without asking the API', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, 'unit-handler');
    let asked = 0;
    page.on('request', (r) => r.url().includes('/api/reports/') && asked++);
    await page.fill('#f-from', '2026-03');
    await page.fill('#f-to', '2026-02');
    await page.click('#filters button[type="submit"]');
    await page.waitForSelector('#error .error-box');
    expect(await page.textContent('#error')).toContain(fi.rangeInvalid);
    expect(asked).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs out', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'unit-handler');
    await page.click('#signout');
    expect(await page.textContent('#signin-msg')).toBe(fi.signedOut);
    expect(await page.evaluate(() => sessionStorage.getItem('palaute.token'))).toBeNull();
    await context.close();
  });
});

describe('months not yet reported and counts on the chart', () => {
  it("draws November and December dashed and labelled, says when November comes, and writes each month's count over its point", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, 'region-manager');
    // 20 December: October is the newest reported month; November (reported from 31 December, once
    // late paper answers are in) and December are not yet.
    expect(await page.locator('#trend svg rect.pending').count()).toBe(2);
    const dashes = await page.$$eval('#trend svg rect.pending', (rs) => rs.map((r) => getComputedStyle(r).strokeDasharray));
    expect(dashes.every((d) => d !== 'none' && d !== '')).toBe(true);
    expect(await rowTexts(page, '#trend svg text.pending-label')).toEqual([fi.notReported, fi.notReported]);
    const ticks = await rowTexts(page, '#trend svg text.tick');
    expect(ticks.some((t) => /^marras\S* 2026$/.test(t))).toBe(true);
    expect(ticks.some((t) => /^joulu\S* 2026$/.test(t))).toBe(true);
    expect(await page.textContent('#pending-note')).toBe(
      fill(fi.unreportedNote, { days: MAX_LATE_DAYS, month: 'marraskuu 2026', date: '31. joulukuuta 2026' }),
    );
    expect(await rowTexts(page, '#trend .legend li')).toContain(fi.notReported);

    // Each shown month's count is written over its point.
    const api = await report<{ series: Cell[] }>('/api/reports/nps?node=esimerkki&from=2026-08-01&to=2026-10-31');
    const shownMonths = api.series.filter((c) => !c.suppressed && c.n);
    expect(shownMonths).toHaveLength(3);
    expect(await rowTexts(page, '#trend svg text.count')).toEqual(shownMonths.map((c) => int(c.n!)));
    expect(await rowTexts(page, '#trend .legend li')).toContain(fi.countLegend);

    // A range that ends before the newest reported month has nothing pending after it.
    await page.goto(`${stack.url}/admin?lang=fi&node=esimerkki&from=2026-08-01&to=2026-09-30`);
    await loaded(page);
    expect(await page.locator('#trend svg rect.pending').count()).toBe(0);
    expect(await page.locator('#pending-note').count()).toBe(0);
    expect(await page.locator('#trend svg text.count').count()).toBe(2);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/**
 * A block of the CSV (header and rows) written as the page writes it, with Finnish formats: an
 * interval's two bounds become one range, a "(%)" column a share, other numbers counts or NPS; an
 * empty cell is a dash unless a word in the row says its figures are hidden.
 */
function asShown(header: string[], rows: string[][]): { head: string[]; rows: string[][] } {
  const f = numberFormats('fi');
  const words = new Set([fi.suppressed, fi.suppressedCell, fi.suppressedOver, fi.noData]);
  const head: string[] = [];
  const kinds: string[] = [];
  for (let i = 0; i < header.length; i++) {
    const h = header[i]!;
    if (h.endsWith(`, ${fi.ciLow}`)) {
      head.push(h.slice(0, -`, ${fi.ciLow}`.length));
      kinds.push('ci');
      i++;
    } else if (h.endsWith(' (%)')) {
      head.push(h.slice(0, -4));
      kinds.push('pct');
    } else {
      head.push(h);
      // Means are written as the page writes them, decimal comma and all.
      kinds.push(i === 0 || h === fi.mean ? 'text' : h === 'NPS' || h === fi.npsTotal ? 'nps' : 'int');
    }
  }
  const shown = rows.map((r) => {
    const isHidden = r.some((c) => words.has(c));
    const out: string[] = [];
    let j = 0;
    for (const kind of kinds) {
      const v = r[j++]!;
      const hi = kind === 'ci' ? r[j++]! : '';
      if (v === '' || words.has(v) || kind === 'text') out.push(v === '' && !isHidden ? '–' : v);
      else if (kind === 'ci') out.push(f.ci([Number(v), Number(hi)]));
      else if (kind === 'pct') out.push(f.pct(Number(v) / 100));
      else if (kind === 'nps') out.push(f.nps(Number(v)));
      else out.push(f.int(Number(v)));
    }
    return out;
  });
  return { head, rows: shown };
}

describe('download', () => {
  it.each([
    ['the region', 'esimerkki'],
    ['a unit with hidden months', 'rantala-ta'],
    ['a service area', 'terveys'],
  ])('writes exactly the figures on screen for %s, hidden ones included', async (_, node) => {
    const { context, page, errors } = await newPage();
    await signIn(page, 'region-manager');
    await page.goto(`${stack.url}/admin?lang=fi&node=${node}&from=2026-08-01&to=2026-10-31`);
    await loaded(page);
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(file.suggestedFilename()).toBe(`palaute-${node}-2026-08-2026-10.csv`);
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const csv = parseCsv(text.slice(1));
    expect(csv[0]).toEqual([await page.textContent('#status')]);

    // Blocks: a blank line, the caption, the header, the rows.
    const blocks: { caption: string; header: string[]; rows: string[][] }[] = [];
    for (const r of csv.slice(1)) {
      if (r.length === 1 && r[0] === '') blocks.push({ caption: '', header: [], rows: [] });
      else if (!blocks.at(-1)!.caption) blocks.at(-1)!.caption = r[0]!;
      else if (!blocks.at(-1)!.header.length) blocks.at(-1)!.header = r;
      else blocks.at(-1)!.rows.push(r);
    }

    // The key figures, as the cards show them.
    const [kpi, ...tables] = blocks;
    const cards = await rowTexts(page, '.kpi dd');
    const kpiShown = asShown(kpi!.header, kpi!.rows);
    if (cards.length) expect(kpiShown.rows[0]!.slice(1).map((c) => c.replace(/\s+/g, ' '))).toEqual(cards);
    else expect(`${fi.npsTotal}: ${kpiShown.rows[0]![1]}`).toBe(await page.textContent('.kpi-note'));

    // Every table of the page, in page order, cell for cell.
    const onScreen = await page.$$eval('#report table', (ts) =>
      ts.map((t) => ({
        caption: t.querySelector('caption')!.textContent,
        head: [...t.querySelectorAll('thead th')].map((c) => c.textContent.trim()),
        rows: [...t.querySelectorAll('tbody tr')].map((r) =>
          [...r.querySelectorAll('th, td:not(.barcol)')].map((c) => c.textContent.trim()),
        ),
      })),
    );
    expect(onScreen.length).toBeGreaterThanOrEqual(4);
    expect(tables.map((b) => ({ caption: b.caption, ...asShown(b.header, b.rows) }))).toEqual(onScreen);
    if (node === 'rantala-ta') expect(text).toContain(fi.suppressed);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('narrow and wide screens', () => {
  it.each([
    [390, 844],
    [1280, 800],
  ])('never scroll sideways at %i × %i px, every table open', async (width, height) => {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'fi-FI' });
    const page = await context.newPage();
    await signIn(page, 'region-manager');
    await page.$$eval('details', (ds) => {
      for (const d of ds) (d as HTMLDetailsElement).open = true;
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    // Wide tables scroll inside their own box, with the row's name kept in view.
    expect(await page.$$eval('#report table', (ts) => ts.every((t) => t.parentElement!.classList.contains('tablebox')))).toBe(true);
    expect(await page.$eval('.tablebox th[scope=row]', (th) => getComputedStyle(th).position)).toBe('sticky');
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('accessibility with data loaded', () => {
  it.each(['fi', 'sv'] as const)('passes axe on /admin in %s with every table open', async (lang) => {
    const { context, page, errors } = await newPage();
    await signIn(page, 'region-manager', lang);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.textContent('h1')).toBe(DASHBOARD_TEXT[lang].title);
    await page.$$eval('details', (ds) => {
      for (const d of ds) (d as HTMLDetailsElement).open = true;
    });
    expect(await wcagViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('Cognito sign-in (authorization code + PKCE) against a stand-in authorization server', () => {
  it('sends the user to /oauth2/authorize with S256, redeems the code with the verifier and loads the reports', async () => {
    const authUrl = 'https://auth.palaute.test';
    const env = { [DASHBOARD_AUTH_ENV.authUrl]: authUrl, [DASHBOARD_AUTH_ENV.clientId]: 'staff-client-id' };
    Object.assign(process.env, env);
    try {
      const { context, page, errors } = await newPage();
      const staffToken = await stack.auth.issue(['reports:read'], ['sosiaali'], 'sosiaali-manager');
      // Only its e-mail is read, for "signed in as"; the API never sees the ID token.
      const idToken = `${['{"alg":"none"}', '{"email":"sari.esimerkki@example.fi"}'].map((p) => Buffer.from(p).toString('base64url')).join('.')}.`;
      const seen = await standInCognito(context, authUrl, stack.url, {
        access_token: staffToken,
        id_token: idToken,
        refresh_token: 'refresh',
      });

      await page.goto(`${stack.url}/admin?lang=fi&from=2026-02-01&to=2026-04-30`);
      expect(await page.isVisible('#signin-button')).toBe(true);
      expect(await page.isHidden('#signin-link')).toBe(true);
      await Promise.all([page.waitForURL(/code=the-code/), page.click('#signin-button')]);
      await loaded(page);

      expect(seen.authorize!.get('response_type')).toBe('code');
      expect(seen.authorize!.get('client_id')).toBe('staff-client-id');
      expect(seen.authorize!.get('redirect_uri')).toBe(`${stack.url}/admin`);
      expect(seen.authorize!.get('scope')).toBe('openid palaute/reports:read');
      expect(seen.authorize!.get('code_challenge_method')).toBe('S256');
      expect(seen.token!.get('grant_type')).toBe('authorization_code');
      expect(seen.token!.get('code')).toBe('the-code');
      expect(seen.token!.get('client_id')).toBe('staff-client-id');
      expect(seen.token!.get('redirect_uri')).toBe(`${stack.url}/admin`);
      const verifier = seen.token!.get('code_verifier')!;
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(createHash('sha256').update(verifier).digest('base64url')).toBe(seen.authorize!.get('code_challenge'));

      // Signed in: the code is off the URL, the query from before sign-in is back, the reports load.
      expect(page.url()).toBe(`${stack.url}/admin?lang=fi&from=2026-02-01&to=2026-04-30`);
      expect(await page.textContent('#node-name')).toBe('Sosiaalipalvelut');
      expect([await page.inputValue('#f-from'), await page.inputValue('#f-to')]).toEqual(['2026-02', '2026-04']);
      expect(await page.textContent('#who')).toBe('Kirjautuneena: sari.esimerkki@example.fi');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  });
});

describe('a #token= link outside the local sign-in mode', () => {
  // A link carrying someone's token would sign the visitor in as them (a login CSRF): only the local
  // stack's own sign-in may hand a token over in the fragment.
  it('is ignored when sign-in is Cognito: no token kept, the fragment removed, the sign-in button shown', async () => {
    const env = { [DASHBOARD_AUTH_ENV.authUrl]: 'https://auth.palaute.test', [DASHBOARD_AUTH_ENV.clientId]: 'staff-client-id' };
    Object.assign(process.env, env);
    try {
      const { context, page } = await newPage();
      const attacker = await stack.auth.issue(['reports:read'], ['esimerkki'], 'attacker');
      await page.goto(`${stack.url}/admin?lang=fi#token=${attacker}`);
      await page.waitForFunction(() => location.hash === '');
      expect(
        await page.evaluate(() => Object.keys(sessionStorage).filter((k) => (sessionStorage.getItem(k) ?? '').includes('.')).length),
      ).toBe(0);
      expect(await page.isVisible('#signin-button')).toBe(true);
      await context.close();
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  });
});

describe('Cognito sign-in at another origin', () => {
  it('moves to the registered dashboard URL first, where the verifier will be kept', async () => {
    const other = stack.url.replace('localhost', '127.0.0.1');
    const env = {
      [DASHBOARD_AUTH_ENV.authUrl]: 'https://auth.palaute.test',
      [DASHBOARD_AUTH_ENV.clientId]: 'staff-client-id',
      [DASHBOARD_AUTH_ENV.dashboardUrl]: `${other}/admin`,
    };
    Object.assign(process.env, env);
    try {
      const { context, page, errors } = await newPage();
      await page.goto(`${stack.url}/admin?lang=sv&from=2026-02-01&to=2026-04-30`);
      await page.waitForURL(`${other}/admin?lang=sv&from=2026-02-01&to=2026-04-30`);
      await page.waitForSelector('#signin-button:not([hidden])');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  });
});

describe('page shell', () => {
  it('holds no report data and allows exactly its own script', async () => {
    const res = await fetch(`${stack.url}/admin?lang=en`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    const hash = createHash('sha256').update(DASHBOARD_SCRIPT).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("connect-src 'self'");
    const body = await res.text();
    expect(body).toContain(`<script>${DASHBOARD_SCRIPT}</script>`);
    // The embedded config: texts, the tree's ids and names, the scale, sign-in, the default period and
    // the newest reported month and the months not reported yet (the stack's, not the browser's) only.
    const json = /<script type="application\/json" id="dash-config">(.*?)<\/script>/s.exec(body)![1]!;
    const embedded = JSON.parse(json) as {
      tree: object[];
      defaults: object;
      lastClosedMonth: string;
      unreported: object[];
      reportLagDays: number;
    };
    expect(Object.keys(embedded).sort()).toEqual([
      'defaults',
      'lang',
      'lastClosedMonth',
      'reportLagDays',
      'scale',
      'signIn',
      'text',
      'tree',
      'unreported',
    ]);
    expect(embedded.defaults).toEqual({ from: '2025-11-01', to: '2026-10-31' });
    expect(embedded.lastClosedMonth).toBe('2026-10');
    expect(embedded.unreported).toEqual([
      { month: '2026-11', from: '2026-12-31' },
      { month: '2026-12', from: '2027-01-31' },
    ]);
    expect(embedded.reportLagDays).toBe(MAX_LATE_DAYS);
    expect(new Set(embedded.tree.flatMap((n) => Object.keys(n)))).toEqual(new Set(['id', 'parentId', 'kind', 'name']));
    expect(Buffer.byteLength(DASHBOARD_SCRIPT)).toBeLessThan(40_000);
  });
});
