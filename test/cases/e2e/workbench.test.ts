/**
 * The case workbench (`/admin/cases`) in Chromium against the local stack and the real cases API:
 * sign-in through `/dev/signin` returning to the workbench, and through Cognito (a stand-in
 * authorization server) for the cases scopes, and again when the tab's token lacks them; a unit's queue with its counts (new,
 * overdue, escalated) as the API states them, the filters and "show more" with the cursor; a case
 * opened from the queue, its contact revealed (the history records it), marked contacted, a note
 * added and closed, each as the API then states it; the note demanded before an uncontacted contact
 * case closes; 410 once the contact was erased; a conflict showing the newer version; the whole path
 * by keyboard only; a web answer opened as a case by the minute job and handled to closed; the
 * issue's first acceptance item end to end (a patient's comment and contact request sent from the
 * public form in Chromium, the case opened by the minute job, found after the demo sign-in, its
 * contact revealed and recorded, contacted, closed, and erased by the nightly job once
 * `contactRetentionDays` have passed: 410 `contact_deleted` from the API and on the page); axe-core
 * (WCAG 2.1 A/AA) and no sideways scrolling at 390 × 844 and 1280 × 800.
 */
import { createHash } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import type { Case } from '#shared/cases/case.ts';
import { caseDetailSchema, caseListSchema } from '#shared/cases/contracts.ts';
import { DynamoCaseStore } from '#shared/cases/dynamo-case-store.ts';
import { WORKBENCH_TEXT } from '#shared/cases/workbench-text.ts';
import { loadConfig } from '#shared/config.ts';
import { handlingOf } from '#shared/platform/handling-settings.ts';
import { WORKBENCH_AUTH_ENV } from '#shared/manifest.ts';
import { fill } from '#shared/platform/staff-page.ts';
import { launchChromium, wcagViolations } from '../../support/browser.ts';
import { postJson, startTestStack } from '../../support/local-stack.ts';
import { standInCognito } from '../../support/stand-in-cognito.ts';
import { caseOf } from '../support/fixtures.ts';

const fi = WORKBENCH_TEXT.fi;
const config = loadConfig();
/** Today on the stack's clock. */
const NOW = '2026-06-15T09:00:00.000Z';
const CASE_SCOPES = ['cases:read', 'cases:write', 'contacts:read'];
const CONTACT = { name: 'Maija Meikäläinen', phone: '+358401234567', email: 'maija@example.fi' };

let stack: LocalStack;
let browser: Browser;
let store: DynamoCaseStore;
let unitToken: string;
let serviceToken: string;

const kase = caseOf;

// keskusta-ta: a new text case, a contact request past due and escalated, a fresh contact request,
// one whose contact was erased (closed); rantala-ta: 27 text cases, more than a page.
const textCase = kase('keskusta-ta', '2026-06-10T10:00:00.000Z', { text: 'Lääkäri kuunteli hyvin, kiitos.', answers: { nps: 9 } });
const overdueContact = {
  ...kase('keskusta-ta', '2026-05-20T10:00:00.000Z', { contactRequested: true, text: 'Odotin vastaanotolle puolitoista tuntia.' }),
  escalated: true,
};
const freshContact = kase('keskusta-ta', '2026-06-12T08:00:00.000Z', { contactRequested: true, text: 'Laskussa on virhe.' });
const erased: Case = {
  ...kase('keskusta-ta', '2026-03-02T10:00:00.000Z', { contactRequested: true, text: 'Soittakaa minulle.' }),
  status: 'closed',
  contacted: true,
  closedAt: '2026-03-05T10:00:00.000Z',
  contactDeletedAt: '2026-04-05T01:15:00.000Z',
};
const rantala = Array.from({ length: 27 }, (_, i) =>
  kase('rantala-ta', new Date(Date.parse('2026-06-01T06:00:00.000Z') + i * 3_600_000).toISOString(), { text: `Palaute numero ${i + 1}` }),
);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  stack.clock.set(NOW);
  store = new DynamoCaseStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.cases);
  for (const c of [textCase, overdueContact, freshContact, erased, ...rantala]) await store.create(c);
  await stack.contacts.put(overdueContact.feedbackId, CONTACT);
  await stack.contacts.put(freshContact.feedbackId, { phone: '+358501112223' });
  unitToken = await stack.auth.issue(CASE_SCOPES, ['keskusta-ta'], 'unit-case-handler');
  serviceToken = await stack.auth.issue(CASE_SCOPES, ['terveysasemat'], 'service-case-handler');
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** A case or a queue page straight from the API, to compare the page with. */
async function api<T>(path: string, token = unitToken): Promise<T> {
  const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}
const apiCase = async (id: string) => caseDetailSchema.parse(await api(`/api/cases/${id}`));

/** A fresh browser context (its own sessionStorage) of the given size, in Finnish locale. */
async function newPage(width = 1280, height = 800): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'fi-FI' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && errors.push(m.text()));
  return { context, page, errors };
}

/**
 * Waits until the view is drawn: the status line says it is done (not "loading" in any of the page's
 * languages: a Swedish page says "Laddar…"), or an error or sign-in shows.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    (loading) =>
      !loading.includes(document.getElementById('status')!.textContent ?? '') ||
      document.getElementById('error')!.textContent !== '' ||
      !document.getElementById('signin')!.hidden,
    Object.values(WORKBENCH_TEXT).map((t): string => t.loading),
  );
}

/** Opens the workbench signed in with `token` (handed over in the fragment, as the demo sign-in does). */
async function open(page: Page, query: string, token = unitToken): Promise<void> {
  await page.goto(`${stack.url}/admin/cases?${query}#token=${token}`);
  await page.waitForSelector('#app:not([hidden])');
  await settled(page);
}

const texts = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => els.map((e) => (e as HTMLElement).textContent.replace(/\s+/g, ' ').trim()));
const countsOf = async (page: Page) =>
  Object.fromEntries((await texts(page, '#counts > div')).map((t) => [t.replace(/[\d\s]+$/, '').trim(), t.replace(/^\D+/, '')]));
const historyActions = (c: { history: { action: string }[] }) => c.history.map((e) => e.action);

describe('sign-in', () => {
  it("offers sign-in and returns to the workbench with its view after the unit's case handler signs in", async () => {
    const { context, page, errors } = await newPage();
    await page.goto(`${stack.url}/admin/cases?lang=fi&status=new`);
    await page.waitForSelector('#signin:not([hidden])');
    expect(await page.isHidden('#app')).toBe(true);
    await Promise.all([page.waitForURL(/\/dev\/signin/), page.click('#signin-link')]);
    expect(new URL(page.url()).searchParams.get('page')).toBe('/admin/cases');
    await Promise.all([
      page.waitForURL(/\/admin\/cases\?/),
      page.click('form:has(input[name="user"][value="unit-case-handler"]) button[type="submit"]'),
    ]);
    await page.waitForSelector('#app:not([hidden])');
    await settled(page);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/admin/cases');
    expect(url.hash).toBe('');
    expect(url.searchParams.get('status')).toBe('new');
    expect(await page.inputValue('#f-status')).toBe('new');
    // The picker offers the handler's own unit only; the API decides what they see.
    expect(await page.$$eval('#f-node option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['keskusta-ta']);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('sign-in for this page', () => {
  it("asks to sign in again when the tab's token (e.g. the dashboard's) lacks cases:read", async () => {
    const { context, page, errors } = await newPage();
    const reportsOnly = await stack.auth.issue(['reports:read'], ['keskusta-ta'], 'manager');
    await page.goto(`${stack.url}/admin/cases?lang=fi&node=keskusta-ta#token=${reportsOnly}`);
    await page.waitForSelector('#signin:not([hidden])');
    expect(await page.isHidden('#app')).toBe(true);
    expect(await page.textContent('#signin-msg')).toBe(fi.signInLead);
    expect(await page.evaluate(() => sessionStorage.getItem('palaute.token'))).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs in through Cognito (authorization code + PKCE) for the cases scopes, returning to the workbench', async () => {
    const authUrl = 'https://auth.palaute.test';
    const env = { [WORKBENCH_AUTH_ENV.authUrl]: authUrl, [WORKBENCH_AUTH_ENV.clientId]: 'staff-client-id' };
    Object.assign(process.env, env);
    try {
      const { context, page, errors } = await newPage();
      const seen = await standInCognito(context, authUrl, stack.url, { access_token: unitToken });
      await page.goto(`${stack.url}/admin/cases?lang=fi&node=keskusta-ta&escalated=true`);
      expect(await page.isHidden('#signin-link')).toBe(true);
      await Promise.all([page.waitForURL(/code=the-code/), page.click('#signin-button')]);
      await page.waitForSelector('#app:not([hidden])');
      await settled(page);
      expect(seen.authorize!.get('scope')).toBe('openid palaute/cases:read palaute/cases:write palaute/contacts:read');
      expect(seen.authorize!.get('redirect_uri')).toBe(`${stack.url}/admin/cases`);
      expect(seen.token!.get('redirect_uri')).toBe(`${stack.url}/admin/cases`);
      const verifier = seen.token!.get('code_verifier')!;
      expect(createHash('sha256').update(verifier).digest('base64url')).toBe(seen.authorize!.get('code_challenge'));
      // Signed in: the code is off the URL and the view from before sign-in is back.
      expect(page.url()).toBe(`${stack.url}/admin/cases?lang=fi&node=keskusta-ta&escalated=true`);
      expect(await page.$$eval('#queue li[data-case]', (ls) => ls.map((l) => l.getAttribute('data-case')))).toEqual([overdueContact.id]);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  });
});

describe('the queue', () => {
  it('lists the unit’s cases newest first with the counts the API gives', async () => {
    const { context, page, errors } = await newPage();
    await open(page, 'lang=fi&node=keskusta-ta');
    const list = caseListSchema.parse(await api('/api/cases?node=keskusta-ta'));
    expect(await page.$$eval('#queue li[data-case]', (ls) => ls.map((l) => l.getAttribute('data-case')))).toEqual(
      list.cases.map((c) => c.id),
    );
    expect(list.cases.map((c) => c.id)).toEqual([freshContact.id, textCase.id, overdueContact.id, erased.id]);
    const counts = await countsOf(page);
    const n = async (q: string) => String(caseListSchema.parse(await api(`/api/cases?node=keskusta-ta&${q}&limit=100`)).cases.length);
    expect(counts).toEqual({
      [fi.countNew]: await n('status=new'),
      [fi.countOverdue]: await n('overdue=true'),
      [fi.countEscalated]: await n('escalated=true'),
    });
    expect(counts).toEqual({ [fi.countNew]: '3', [fi.countOverdue]: '1', [fi.countEscalated]: '1' });
    const overdueItem = await texts(page, `#queue li[data-case="${overdueContact.id}"] .flag`);
    expect(overdueItem).toEqual([fi.flagOverdue, fi.flagEscalated, fi.flagContact]);
    expect(await page.textContent('#status')).toBe(fill(fi.loaded, { count: 4, node: `${fi.unit} Keskustan terveysasema` }));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('narrows with the filters and keeps them in the URL', async () => {
    const { context, page } = await newPage();
    await open(page, 'lang=fi&node=keskusta-ta');
    await page.check('#f-contactRequested');
    await page.selectOption('#f-status', 'new');
    await page.click('#filters button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll('#queue li[data-case]').length === 2);
    expect(new URL(page.url()).searchParams.get('contactRequested')).toBe('true');
    expect(await page.$$eval('#queue li[data-case]', (ls) => ls.map((l) => l.getAttribute('data-case')))).toEqual([
      freshContact.id,
      overdueContact.id,
    ]);
    await page.uncheck('#f-contactRequested');
    await page.selectOption('#f-status', '');
    await page.check('#f-overdue');
    await page.click('#filters button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll('#queue li[data-case]').length === 1);
    await page.fill('#f-from', '2026-06-01');
    await page.uncheck('#f-overdue');
    await page.click('#filters button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll('#queue li[data-case]').length === 2);
    expect(await page.$$eval('#queue li[data-case]', (ls) => ls.map((l) => l.getAttribute('data-case')))).toEqual([
      freshContact.id,
      textCase.id,
    ]);
    // Back returns to the previous filters.
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('#queue li[data-case]').length === 1);
    expect(await page.isChecked('#f-overdue')).toBe(true);
    await context.close();
  });

  it("pages a service's queue with the cursor: show more appends the next page and moves focus to it", async () => {
    const { context, page } = await newPage();
    await open(page, 'lang=fi&node=rantala-ta', serviceToken);
    // The picker offers the service and every unit under it.
    const units = config.org.children('terveysasemat').map((n) => n.id);
    expect(units).toEqual(expect.arrayContaining(['keskusta-ta', 'rantala-ta']));
    expect(await page.$$eval('#f-node option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['terveysasemat', ...units]);
    expect(await page.locator('#queue li[data-case]').count()).toBe(25);
    expect(await page.textContent('#status')).toContain(fill(fi.loadedMore, { count: 25, node: `${fi.unit} Rantalan terveysasema` }));
    await page.click('#more');
    await page.waitForFunction(() => document.querySelectorAll('#queue li[data-case]').length === 27);
    expect(await page.isHidden('#more')).toBe(true);
    const ids = await page.$$eval('#queue li[data-case]', (ls) => ls.map((l) => l.getAttribute('data-case')));
    expect(ids).toEqual([...rantala].reverse().map((c) => c.id));
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-case'))).toBe(ids[25]);
    await context.close();
  });
});

describe('a case', () => {
  it('opens from the queue, reveals the contact (recorded), is marked contacted, gets a note and closes', async () => {
    const { context, page, errors } = await newPage();
    await open(page, 'lang=fi&node=keskusta-ta');
    await page.click(`#queue li[data-case="${overdueContact.id}"] a`);
    await page.waitForSelector('#case-view:not([hidden]) #case-status');
    expect(new URL(page.url()).searchParams.get('case')).toBe(overdueContact.id);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('case-h');
    expect(await page.textContent('blockquote')).toBe('Odotin vastaanotolle puolitoista tuntia.');
    // Nothing of the contact is on the page before the click.
    expect(await page.content()).not.toContain(CONTACT.phone);
    expect(await texts(page, '.actions button')).toEqual([fi.to_in_progress, fi.to_contacted, fi.to_closed]);

    await page.click('#show-contact');
    await page.waitForSelector('#contact-out dl');
    expect(await texts(page, '#contact-out dd')).toEqual([CONTACT.name, CONTACT.phone, CONTACT.email]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contact-out');
    let c = await apiCase(overdueContact.id);
    expect(historyActions(c)).toEqual(['created', 'contact_viewed']);
    expect(c.history[1]).toMatchObject({ actor: 'unit-case-handler' });
    // The read is a change of the case: the page shows the version after it, so the next change is not a conflict.
    expect(c.version).toBe(2);
    expect((await texts(page, '.history li'))[0]).toContain(fi.action_contact_viewed);

    await page.click('.actions button[data-status="contacted"]');
    await page.waitForFunction(
      (s) => document.getElementById('case-status')?.textContent === s,
      fill(fi.currentStatus, { status: fi.status_contacted }),
    );
    expect(await page.textContent('#status')).toBe(fi.saved);
    c = await apiCase(overdueContact.id);
    expect(c).toMatchObject({ status: 'contacted', version: 3 });
    // The revealed details stay shown while the case stays open.
    expect(await texts(page, '#contact-out dd')).toEqual([CONTACT.name, CONTACT.phone, CONTACT.email]);

    await page.fill('#note', 'Soitettu, asia selvitetty.');
    await page.click('#note-form button[type="submit"]');
    await page.waitForSelector('.notes li');
    expect(await texts(page, '.notes li')).toEqual([expect.stringContaining('Soitettu, asia selvitetty.')]);
    c = await apiCase(overdueContact.id);
    expect(c.notes).toEqual([{ at: expect.any(String), author: 'unit-case-handler', text: 'Soitettu, asia selvitetty.' }]);

    await page.fill('#assignee', 'Hoitaja Virtanen');
    await page.click('#assignee-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('.facts')?.textContent?.includes('Hoitaja Virtanen'));
    expect((await apiCase(overdueContact.id)).assignee).toBe('Hoitaja Virtanen');

    await page.click('.actions button[data-status="closed"]');
    await page.waitForFunction(
      (s) => document.getElementById('case-status')?.textContent === s,
      fill(fi.currentStatus, { status: fi.status_closed }),
    );
    expect(await texts(page, '.actions button')).toEqual([fi.reopen]);
    c = await apiCase(overdueContact.id);
    expect(c).toMatchObject({ status: 'closed', version: 6, assignee: 'Hoitaja Virtanen' });
    expect(historyActions(c)).toEqual(['created', 'contact_viewed', 'status_changed', 'note_added', 'assigned', 'status_changed']);
    expect(await page.locator('.history li').count()).toBe(c.history.length);

    // Back to the queue: focus returns to the case just handled.
    await page.click('#back');
    await page.waitForSelector('#queue-view:not([hidden]) li[data-case]');
    await page.waitForFunction((id) => document.activeElement?.closest('li')?.getAttribute('data-case') === id, overdueContact.id);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('demands a note before closing a contact request that was never contacted, then closes with it', async () => {
    const { context, page } = await newPage();
    await open(page, `lang=fi&node=keskusta-ta&case=${freshContact.id}`);
    await page.waitForSelector('#case-status');
    await page.click('.actions button[data-status="closed"]');
    await page.waitForSelector('#note-needed:not([hidden])');
    expect(await page.textContent('#note-needed')).toBe(fi.noteRequired);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('note');
    expect(await page.getAttribute('#note', 'aria-invalid')).toBe('true');
    expect((await apiCase(freshContact.id)).version).toBe(1);
    await page.fill('#note', 'Numero ei vastaa, kolme yritystä.');
    await page.click('.actions button[data-status="closed"]');
    await page.waitForFunction(
      (s) => document.getElementById('case-status')?.textContent === s,
      fill(fi.currentStatus, { status: fi.status_closed }),
    );
    const c = await apiCase(freshContact.id);
    expect(c).toMatchObject({ status: 'closed', version: 2 });
    expect(c.notes.map((n) => n.text)).toEqual(['Numero ei vastaa, kolme yritystä.']);
    await context.close();
  });

  it('says the contact details were deleted (410) after the retention period', async () => {
    const { context, page } = await newPage();
    await open(page, `lang=fi&node=keskusta-ta&case=${erased.id}`);
    await page.click('#show-contact');
    await page.waitForFunction((t) => document.getElementById('contact-out')?.textContent === t, fi.contactDeleted);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contact-out');
    await context.close();
  });

  it('shows the newer version when someone else changed the case meanwhile', async () => {
    const { context, page } = await newPage();
    await open(page, `lang=fi&node=keskusta-ta&case=${textCase.id}`);
    await page.waitForSelector('#case-status');
    const res = await fetch(`${stack.url}/api/cases/${textCase.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${serviceToken}`, 'content-type': 'application/json', 'if-match': '1' },
      body: JSON.stringify({ assignee: 'Toinen käsittelijä' }),
    });
    expect(res.status).toBe(200);
    await page.click('.actions button[data-status="in_progress"]');
    await page.waitForFunction((t) => document.getElementById('error')?.textContent?.includes(t), fi.conflict);
    expect(await page.textContent('.facts')).toContain('Toinen käsittelijä');
    expect(await apiCase(textCase.id)).toMatchObject({ status: 'new', version: 2 });
    await context.close();
  });
});

describe('keyboard only', () => {
  /** Presses Tab until the focused element matches `selector` (at most 60 times). */
  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  it('filters, opens a case, reveals the contact, changes the status, adds a note and goes back without a mouse', async () => {
    const c0 = kase('keskusta-ta', '2026-06-14T07:00:00.000Z', { contactRequested: true, text: 'Näppäimistöllä käsiteltävä.' });
    await store.create(c0);
    await stack.contacts.put(c0.feedbackId, { email: 'kbd@example.fi' });
    const { context, page } = await newPage(390, 844);
    await open(page, 'lang=fi&node=keskusta-ta');
    await tabTo(page, '#f-contactRequested');
    await page.keyboard.press('Space');
    await tabTo(page, '#filters button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'queue-h');
    await tabTo(page, `#queue li[data-case="${c0.id}"] a`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'case-h');
    await tabTo(page, '#show-contact');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'contact-out');
    expect(await texts(page, '#contact-out dd')).toEqual(['kbd@example.fi']);
    await tabTo(page, '.actions button[data-status="in_progress"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'case-status');
    await tabTo(page, '#note');
    await page.keyboard.type('Otettu työn alle.');
    await tabTo(page, '#note-form button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'note' && document.querySelectorAll('.notes li').length === 1);
    const c = await apiCase(c0.id);
    expect(c).toMatchObject({ status: 'in_progress', version: 4 });
    expect(historyActions(c)).toEqual(['created', 'contact_viewed', 'status_changed', 'note_added']);
    // Back to the queue through the link at the top of the case.
    await page.focus('#case-h');
    await tabTo(page, '#back');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.activeElement?.closest('li')?.getAttribute('data-case') === id, c0.id);
    await context.close();
  });
});

describe('accessibility and small screens', () => {
  const sizes = [
    [390, 844],
    [1280, 800],
  ] as const;
  it.each(sizes)('passes axe and needs no sideways scrolling at %i × %i: sign-in, queue, case with contact', async (w, h) => {
    const { context, page } = await newPage(w, h);
    const noSideways = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    await page.goto(`${stack.url}/admin/cases?lang=sv`);
    await page.waitForSelector('#signin:not([hidden])');
    expect(await wcagViolations(page)).toEqual([]);
    for (const lang of ['fi', 'sv'] as const) {
      await open(page, `lang=${lang}&node=terveysasemat`, serviceToken);
      expect(await page.locator('#queue li[data-case]').count()).toBe(25);
      expect(await wcagViolations(page)).toEqual([]);
      expect(await noSideways()).toBe(true);
    }
    await open(page, `lang=fi&node=keskusta-ta&case=${overdueContact.id}`);
    await page.click('#show-contact');
    await page.waitForSelector('#contact-out dl');
    // A change draws the case again: the status message and the new buttons pass too.
    await page.click('.actions button >> nth=0');
    await page.waitForFunction((t) => document.getElementById('status')?.textContent === t, fi.saved);
    expect(await wcagViolations(page)).toEqual([]);
    expect(await noSideways()).toBe(true);
    await context.close();
  });
});

describe('from an answer to a closed case, then the contact erased after the retention period', () => {
  it('opens the case of a web answer sent as JSON and handles it to closed', async () => {
    const { context, page, errors } = await newPage();
    // A patient answers on the web form's JSON route; the minute job opens the case.
    const res = await postJson(stack, '/api/feedback', {
      unitId: 'keskusta-ta',
      channel: 'web',
      lang: 'fi',
      answers: { nps: 1 },
      text: 'Kukaan ei vastannut puhelimeen koko aamuna.',
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    await stack.scheduler.run('openCases');
    await open(page, 'lang=fi&node=keskusta-ta&status=new');
    await page.click(`#queue li[data-case="${id}"] a`);
    await page.waitForFunction(
      (t) => document.querySelector('blockquote')?.textContent === t,
      'Kukaan ei vastannut puhelimeen koko aamuna.',
    );
    await page.click('.actions button[data-status="in_progress"]');
    await page.waitForFunction(
      (s) => document.getElementById('case-status')?.textContent === s,
      fill(fi.currentStatus, { status: fi.status_in_progress }),
    );
    await page.fill('#note', 'Puhelinvuorot tarkistettu.');
    await page.click('#note-form button[type="submit"]');
    await page.waitForSelector('.notes li');
    await page.click('.actions button[data-status="closed"]');
    await page.waitForFunction(
      (s) => document.getElementById('case-status')?.textContent === s,
      fill(fi.currentStatus, { status: fi.status_closed }),
    );
    expect(historyActions(await apiCase(id))).toEqual(['created', 'status_changed', 'note_added', 'status_changed']);
    expect(errors).toEqual([]);
    await context.close();
  });

  // The issue's first acceptance item, through the real parts only: the public form in Chromium, the
  // minute job, the demo sign-in, the workbench, the nightly purge and the contact route's 410.
  it("a patient's contact request from the web form is revealed, contacted, closed and, after the retention period, erased (410)", async () => {
    const comment = 'Haluaisin keskustella hoidostani, soittakaa minulle.';
    const given = { name: 'Aino Potilas', phone: '040 765 4321', email: 'aino.potilas@example.fi' };
    const patient = await newPage(390, 844);
    const handler = await newPage();
    try {
      // The patient: the web form, a comment and the contact section with consent.
      await patient.page.goto(`${stack.url}/f/keskusta-ta?lang=fi`);
      await patient.page.check('input[name="nps"][value="3"]');
      await patient.page.fill('textarea[name="text"]', comment);
      await patient.page.check('#contact');
      await patient.page.fill('#contactName', given.name);
      await patient.page.fill('#contactPhone', given.phone);
      await patient.page.fill('#contactEmail', given.email);
      await patient.page.check('#contactConsent');
      await Promise.all([patient.page.waitForURL(/\/thanks\?lang=fi&contact=yes$/), patient.page.click('button[type="submit"]')]);
      expect(patient.errors).toEqual([]);

      // The minute job opens the case.
      await stack.scheduler.run('openCases');

      // The unit's handler signs in through the demo sign-in and finds the case in the contact requests.
      const { page, errors } = handler;
      await page.goto(`${stack.url}/admin/cases?lang=fi&node=keskusta-ta&contactRequested=true&status=new`);
      await page.waitForSelector('#signin:not([hidden])');
      await Promise.all([page.waitForURL(/\/dev\/signin/), page.click('#signin-link')]);
      await Promise.all([
        page.waitForURL(/\/admin\/cases\?/),
        page.click('form:has(input[name="user"][value="unit-case-handler"]) button[type="submit"]'),
      ]);
      await page.waitForSelector('#app:not([hidden])');
      await settled(page);
      const card = page.locator('#queue li[data-case]', { hasText: comment });
      expect(await card.count()).toBe(1);
      const id = (await card.getAttribute('data-case'))!;
      expect(await card.locator('.flag').allTextContents()).toEqual([fi.flagContact]);
      await card.locator('a').click();
      await page.waitForFunction((t) => document.querySelector('blockquote')?.textContent === t, comment);
      expect(await apiCase(id)).toMatchObject({ contactRequested: true, status: 'new', unitId: 'keskusta-ta', channel: 'web', nps: 3 });
      // Nothing of the contact is on the page before the click.
      expect(await page.content()).not.toContain(given.email);

      // Reveals the contact (the phone as the form normalised it); the history records who read it.
      await page.click('#show-contact');
      await page.waitForSelector('#contact-out dl');
      expect(await texts(page, '#contact-out dd')).toEqual([given.name, '+358407654321', given.email]);
      let c = await apiCase(id);
      expect(historyActions(c)).toEqual(['created', 'contact_viewed']);
      expect(c.history[1]).toMatchObject({ actor: 'unit-case-handler' });
      expect((await texts(page, '.history li'))[0]).toContain(fi.action_contact_viewed);

      // Marks it contacted, then closes it (no note needed once contacted).
      await page.click('.actions button[data-status="contacted"]');
      await page.waitForFunction(
        (s) => document.getElementById('case-status')?.textContent === s,
        fill(fi.currentStatus, { status: fi.status_contacted }),
      );
      await page.click('.actions button[data-status="closed"]');
      await page.waitForFunction(
        (s) => document.getElementById('case-status')?.textContent === s,
        fill(fi.currentStatus, { status: fi.status_closed }),
      );
      c = await apiCase(id);
      expect(c).toMatchObject({ status: 'closed' });
      expect(historyActions(c)).toEqual(['created', 'contact_viewed', 'status_changed', 'status_changed']);
      expect(c.history.slice(2)).toEqual([
        expect.objectContaining({ from: 'new', to: 'contacted' }),
        expect.objectContaining({ from: 'contacted', to: 'closed' }),
      ]);

      // The contact request handled earlier in this file (the accessibility runs reopened it) closes today too.
      const before = await apiCase(overdueContact.id);
      const closing = await fetch(`${stack.url}/api/cases/${overdueContact.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${unitToken}`, 'content-type': 'application/json', 'if-match': String(before.version) },
        body: JSON.stringify({ status: 'closed' }),
      });
      expect(closing.status).toBe(200);

      // The day before the retention ends nothing goes; past it the nightly job erases the three
      // contact requests closed today: the patient's, this one and the one closed with a note above.
      const retention = handlingOf(config.org).contactRetentionDays;
      const daysLater = (n: number) => new Date(Date.parse(NOW) + n * 86_400_000).toISOString();
      stack.clock.set(daysLater(retention - 1));
      expect(await stack.scheduler.run('purgeContacts')).toMatchObject({ erased: 0 });
      expect((await fetch(`${stack.url}/api/cases/${id}/contact`, { headers: { authorization: `Bearer ${unitToken}` } })).status).toBe(200);
      stack.clock.set(daysLater(retention + 1));
      expect(await stack.scheduler.run('purgeContacts')).toMatchObject({ erased: 3 });
      const left = await stack.contacts.ids();
      for (const gone of [id, overdueContact.feedbackId, freshContact.feedbackId]) expect(left).not.toContain(gone);

      const gone = await fetch(`${stack.url}/api/cases/${id}/contact`, { headers: { authorization: `Bearer ${unitToken}` } });
      expect(gone.status).toBe(410);
      expect(await gone.json()).toMatchObject({ error: { code: 'contact_deleted' } });
      expect(historyActions(await apiCase(id)).at(-1)).toBe('contact_deleted');
      for (const caseId of [id, overdueContact.id]) {
        await open(page, `lang=fi&node=keskusta-ta&case=${caseId}`);
        await page.click('#show-contact');
        await page.waitForFunction((t) => document.getElementById('contact-out')?.textContent === t, fi.contactDeleted);
        expect((await texts(page, '.history li'))[0]).toContain(fi.action_contact_deleted);
      }
      expect(await page.content()).not.toContain(CONTACT.phone);
      expect(errors).toEqual([]);
    } finally {
      stack.clock.set(NOW);
      await patient.context.close();
      await handler.context.close();
    }
  });
});
