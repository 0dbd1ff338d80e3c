/**
 * The contact section of the HTML forms over real HTTP: the web/QR form and the SMS link's form post
 * `contact=yes`, `contactName`, `contactPhone`, `contactEmail`, `contactConsent=yes`; a good request is
 * stored encrypted and the thank-you page promises contact within `region.handling.deadlineDays.contact`
 * days; a bad one shows the form again naming the form field (`contactPhone`), the entries kept and
 * nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import type { DynamoContactVault } from '#shared/contacts/index.ts';
import { UI } from '#shared/feedback/ui-text.ts';
import { stackVault } from '../support/stack-vault.ts';
import { scanAll, snapshot, startTestStack, postForm } from '../../support/local-stack.ts';
import { devToken, helsinkiWinter, intake, linkOf, mobile, outbox, runRelease, visit, visitIds } from '../../support/sms.ts';

let stack: LocalStack;
let vault: DynamoContactVault;
beforeAll(async () => {
  stack = await startTestStack();
  vault = stackVault(stack);
});
afterAll(() => stack?.close());

const post = (path: string, fields: Record<string, string>) => postForm(stack, path, fields);

const CONTACT = { contact: 'yes', contactName: 'Liisa Virtanen', contactPhone: '040 765 4321', contactEmail: '', contactConsent: 'yes' };

describe('the web form', () => {
  it('shows the optional contact section with labelled fields, in each language', async () => {
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const page = await (await fetch(`${stack.url}/f/keskusta-ta?lang=${lang}`)).text();
      expect(page).toContain(`<legend>${UI[lang].contactLegend}</legend>`);
      for (const name of ['contact', 'contactName', 'contactPhone', 'contactEmail', 'contactConsent']) {
        expect(page).toContain(`id="${name}" name="${name}"`);
        expect(page).toMatch(new RegExp(`<label( class="label")? for="${name}">`));
      }
      expect(Buffer.byteLength(page)).toBeLessThanOrEqual(30 * 1024);
    }
  });

  it('stores a contact request encrypted and promises contact on the thank-you page', async () => {
    const r = await post('/f/keskusta-ta', { lang: 'en', ch: 'qr', idem: 'form-contact-1', nps: '2', text: 'Call me.', ...CONTACT });
    expect(r.status).toBe(303);
    const location = r.headers.get('location')!;
    expect(location).toBe('/f/keskusta-ta/thanks?lang=en&ch=qr&contact=yes');
    const answer = (await scanAll(stack, 'feedback')).find((i) => i.text === 'Call me.')!;
    expect(answer).toMatchObject({ channel: 'qr', contactRequested: true });
    expect(await vault.read(answer.id as string)).toEqual({ name: 'Liisa Virtanen', phone: '+358407654321' });
    const thanks = await (await fetch(stack.url + location)).text();
    expect(thanks).toContain(UI.en.nextContact(14));
    expect(thanks).not.toContain(UI.en.nextNoReply);
    expect(thanks).toContain('href="/f/keskusta-ta/thanks?lang=fi&amp;ch=qr&amp;contact=yes"');
  });

  it('without a contact request the thank-you page says feedback is not answered individually', async () => {
    const r = await post('/f/keskusta-ta', { lang: 'en', idem: 'form-contact-2', nps: '8' });
    expect(r.headers.get('location')).toBe('/f/keskusta-ta/thanks?lang=en');
    expect(await (await fetch(stack.url + r.headers.get('location')!)).text()).toContain(UI.en.nextNoReply);
  });

  it.each<[string, Record<string, string>, string, string]>([
    ['an invalid phone', { ...CONTACT, contactPhone: '040 12' }, 'contactPhone', UI.fi.errContactPhone],
    ['no phone or e-mail', { ...CONTACT, contactPhone: '' }, 'contactPhone', UI.fi.errContactMissing],
    ['no consent', { ...CONTACT, contactConsent: '' }, 'contactConsent', UI.fi.errContactConsent],
    [
      'details left without ticking the box and without consent',
      { contactPhone: '040 765 4321' },
      'contactConsent',
      UI.fi.errContactConsent,
    ],
    ['a name over 200 characters', { ...CONTACT, contactName: 'x'.repeat(201) }, 'contactName', UI.fi.errContactLength],
    ['an invalid e-mail', { ...CONTACT, contactPhone: '', contactEmail: 'liisa@' }, 'contactEmail', UI.fi.errContactEmail],
    ['an e-mail over 200 characters', { ...CONTACT, contactEmail: `${'a'.repeat(200)}@b.fi` }, 'contactEmail', UI.fi.errContactLength],
    ['a phone over 200 characters', { ...CONTACT, contactPhone: '0'.repeat(201) }, 'contactPhone', UI.fi.errContactLength],
  ])('%s → 400, the form again naming %s, entries kept, nothing stored', async (_, fields, field, message) => {
    const before = await snapshot(stack);
    const r = await post('/f/keskusta-ta', { lang: 'fi', idem: `bad-${field}-${Math.random()}`, nps: '5', ...fields });
    expect(r.status).toBe(400);
    const page = await r.text();
    expect(page).toContain(`<a href="#${field}">${message}</a>`);
    expect(page).toContain(`<p class="err" id="${field}-error">${message}</p>`);
    expect(page).toContain(`aria-describedby="${field}-error"`);
    if (fields.contactPhone) expect(page).toContain(`value="${fields.contactPhone}"`);
    expect(page).toMatch(/name="nps" value="5" checked/);
    expect(await snapshot(stack)).toBe(before);
  });
});

describe("the SMS link's form", () => {
  it('takes a contact request and its thank-you page promises contact', async () => {
    stack.clock.set('2027-01-12T15:00:00+02:00');
    const token = await devToken(stack, ['visits:write']);
    const [visitId] = await visitIds('contact-form', 1, true);
    await intake(stack, token, [
      visit({ visitId: visitId!, phone: mobile(4_000_001), visitedAt: helsinkiWinter('2027-01-12', '10:00'), age: 40 }),
    ]);
    stack.clock.set('2027-01-13T12:05:00+02:00');
    await runRelease(stack);
    const link = new URL(linkOf((await outbox(stack)).at(-1)!));
    const form = await (await fetch(`${stack.url}${link.pathname}`)).text();
    expect(form).toContain('name="contactPhone"');
    // A bad number: the form again naming the field, nothing stored, and the link still answers.
    const before = await snapshot(stack);
    const bad = await post(`${link.pathname}?lang=fi`, { lang: 'fi', nps: '3', text: 'Soittakaa.', ...CONTACT, contactPhone: '040 12' });
    expect(bad.status).toBe(400);
    const again = await bad.text();
    expect(again).toContain(`<a href="#contactPhone">${UI.fi.errContactPhone}</a>`);
    expect(again).toContain('value="040 12"');
    expect(await snapshot(stack)).toBe(before);
    const r = await post(`${link.pathname}?lang=fi`, { lang: 'fi', nps: '3', text: 'Soittakaa.', ...CONTACT });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`${link.pathname}/thanks?lang=fi&contact=yes`);
    const answer = (await scanAll(stack, 'feedback')).find((i) => i.text === 'Soittakaa.')!;
    expect(answer).toMatchObject({ channel: 'sms', contactRequested: true });
    expect(await vault.read(answer.id as string)).toEqual({ name: 'Liisa Virtanen', phone: '+358407654321' });
    expect(await (await fetch(stack.url + r.headers.get('location')!)).text()).toContain(UI.fi.nextContact(14));
  });
});
