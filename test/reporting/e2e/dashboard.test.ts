/**
 * The managers' dashboard in Chromium against the local stack with demo answers aggregated: sign-in
 * through `/dev/signin` (the token moves from the URL fragment to sessionStorage), the region's NPS
 * trend, totals and children as the reporting API states them, drill-down and back, the period
 * picker with suppressed cells, the unit handler's scope (the picker offers only their unit and a
 * forced request is answered 403 and shown), an invalid token sending the user back to sign-in, the
 * Cognito authorization-code + PKCE flow against a stand-in authorization server, and axe-core
 * (WCAG 2.1 A/AA) on the sign-in page and on the dashboard with data in Finnish and Swedish.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '#local/stack.ts';
import { demoAnswers } from '#local/demo-answers.ts';
import { loadConfig } from '#shared/config.ts';
import { DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import { helsinkiDate } from '#shared/platform/time.ts';
import { DASHBOARD_SCRIPT, defaultPeriod } from '#shared/reporting/dashboard-page.ts';
import { DASHBOARD_AUTH_ENV } from '#shared/manifest.ts';
import { DASHBOARD_TEXT } from '#shared/reporting/dashboard-text.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';

const config = loadConfig();
const fi = DASHBOARD_TEXT.fi;
let stack: LocalStack;
let browser: Browser;
let adminToken: string;
let period: { from: string; to: string; granularity: string };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  const store = new DynamoFeedbackStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames);
  const answers = demoAnswers(config, stack.clock.now());
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
const nps = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : new Intl.NumberFormat('fi-FI', { signDisplay: 'exceptZero' }).format(v);

describe('sign-in page', () => {
  it.each(['fi', 'sv'] as const)('lists the three demo users and passes axe in %s', async (lang) => {
    const { context, page } = await newPage();
    const res = await page.goto(`${stack.url}/dev/signin?lang=${lang}`);
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    const t = DASHBOARD_TEXT[lang];
    expect(await rowTexts(page, '.users h2')).toEqual([t.role_regionManager, t.role_serviceAreaManager, t.role_unitHandler]);
    // Each card says which scopes the user's token gets, so the staff entry's scope can be found here.
    expect(await rowTexts(page, '.users p:last-of-type')).toEqual([
      `${t.devScopes}: reports:read`,
      `${t.devScopes}: reports:read`,
      `${t.devScopes}: reports:read, feedback:enter`,
    ]);
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('dashboard as the region manager', () => {
  it("signs in, keeps the token off the URL and shows the region's trend, totals and children", async () => {
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

    const q = `node=esimerkki&from=${period.from}&to=${period.to}`;
    const api = await report<{ series: Cell[]; total: Cell }>(`/api/reports/nps?${q}&granularity=month`);
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
    expect(rows).toHaveLength(12);
    const last = api.series[api.series.length - 1]!;
    expect(rows[11]).toContain(nps(last.nps));

    // Children: the four service areas with the API's figures.
    const children = await report<{ children: ({ node: string; name: { fi: string } } & Cell)[] }>(`/api/reports/children?${q}`);
    const childRows = await rowTexts(page, '#children tbody tr');
    expect(childRows).toHaveLength(config.org.children('esimerkki').length);
    children.children.forEach((c, i) => {
      expect(childRows[i]).toContain(c.name.fi);
      expect(childRows[i]).toContain(c.suppressed ? fi.suppressed : nps(c.nps));
    });

    // Statements and the channel mix are there, each with a table.
    expect(await page.locator('#statements .stmts li').count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator('#channels .bars li').count()).toBeGreaterThanOrEqual(3);
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

  it('shows the period picker\'s weeks for a unit, with suppressed weeks as "alle 5 vastausta"', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, 'region-manager');
    const to = helsinkiDate(stack.clock.now());
    const from = helsinkiDate(new Date(stack.clock.now().getTime() - 56 * 86400_000));
    await page.selectOption('#f-node', 'rantala-ta');
    await page.fill('#f-from', from);
    await page.fill('#f-to', to);
    await page.selectOption('#f-gran', 'week');
    await page.click('#filters button[type="submit"]');
    await page.waitForURL(/granularity=week/);
    await loaded(page);
    expect(page.url()).toContain(`from=${from}`);

    const api = await report<{ series: Cell[] }>(`/api/reports/nps?node=rantala-ta&from=${from}&to=${to}&granularity=week`);
    const suppressed = api.series.filter((c) => c.suppressed).length;
    expect(suppressed).toBeGreaterThan(0);
    await page.click('#trend summary');
    const rows = await rowTexts(page, '#trend tbody tr');
    expect(rows).toHaveLength(api.series.length);
    expect(rows.filter((r) => r.includes(fi.suppressed))).toHaveLength(suppressed);
    expect(rows[0]).toMatch(/^vk \d+\/\d{4}/);
    expect(await page.locator('#trend svg text.sup').count()).toBe(suppressed);
    expect(await page.textContent('#trend .legend')).toContain(fi.suppressedNote);
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
    await page.goto(`${stack.url}/admin?lang=fi&node=rantala-ta&from=${period.from}&to=${period.to}&granularity=month`);
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
    await page.fill('#f-from', '2026-03-01');
    await page.fill('#f-to', '2026-02-01');
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
      let authorize: URLSearchParams | undefined;
      let tokenBody: URLSearchParams | undefined;
      const staffToken = await stack.auth.issue(['reports:read'], ['sosiaali'], 'sosiaali-manager');
      // Only its e-mail is read, for "signed in as"; the API never sees the ID token.
      const idToken = `${['{"alg":"none"}', '{"email":"sari.esimerkki@example.fi"}'].map((p) => Buffer.from(p).toString('base64url')).join('.')}.`;
      await context.route(`${authUrl}/oauth2/authorize?*`, async (route) => {
        authorize = new URL(route.request().url()).searchParams;
        await route.fulfill({
          status: 302,
          headers: { location: `${authorize.get('redirect_uri')}?code=the-code&state=${authorize.get('state')}` },
        });
      });
      await context.route(`${authUrl}/oauth2/token`, async (route) => {
        tokenBody = new URLSearchParams(route.request().postData() ?? '');
        await route.fulfill({
          status: 200,
          headers: { 'content-type': 'application/json', 'access-control-allow-origin': stack.url },
          body: JSON.stringify({
            access_token: staffToken,
            id_token: idToken,
            refresh_token: 'refresh',
            token_type: 'Bearer',
            expires_in: 3600,
          }),
        });
      });

      await page.goto(`${stack.url}/admin?lang=fi&granularity=week`);
      expect(await page.isVisible('#signin-button')).toBe(true);
      expect(await page.isHidden('#signin-link')).toBe(true);
      await Promise.all([page.waitForURL(/code=the-code/), page.click('#signin-button')]);
      await loaded(page);

      expect(authorize!.get('response_type')).toBe('code');
      expect(authorize!.get('client_id')).toBe('staff-client-id');
      expect(authorize!.get('redirect_uri')).toBe(`${stack.url}/admin`);
      expect(authorize!.get('scope')).toBe('openid palaute/reports:read');
      expect(authorize!.get('code_challenge_method')).toBe('S256');
      expect(tokenBody!.get('grant_type')).toBe('authorization_code');
      expect(tokenBody!.get('code')).toBe('the-code');
      expect(tokenBody!.get('client_id')).toBe('staff-client-id');
      expect(tokenBody!.get('redirect_uri')).toBe(`${stack.url}/admin`);
      const verifier = tokenBody!.get('code_verifier')!;
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(createHash('sha256').update(verifier).digest('base64url')).toBe(authorize!.get('code_challenge'));

      // Signed in: the code is off the URL, the query from before sign-in is back, the reports load.
      expect(page.url()).toBe(`${stack.url}/admin?lang=fi&granularity=week`);
      expect(await page.textContent('#node-name')).toBe('Sosiaalipalvelut');
      expect(await page.inputValue('#f-gran')).toBe('week');
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
      await page.goto(`${stack.url}/admin?lang=sv&granularity=day`);
      await page.waitForURL(`${other}/admin?lang=sv&granularity=day`);
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
    // The embedded config: texts, the tree's ids and names, the scale, sign-in and default period only.
    const json = /<script type="application\/json" id="dash-config">(.*?)<\/script>/s.exec(body)![1]!;
    const embedded = JSON.parse(json) as { tree: object[] };
    expect(Object.keys(embedded).sort()).toEqual(['defaults', 'lang', 'scale', 'signIn', 'text', 'tree']);
    expect(new Set(embedded.tree.flatMap((n) => Object.keys(n)))).toEqual(new Set(['id', 'parentId', 'kind', 'name']));
    expect(Buffer.byteLength(DASHBOARD_SCRIPT)).toBeLessThan(40_000);
  });
});
