/**
 * The HTML form over real HTTP (no browser): content types, the 303 after a post, the QR channel,
 * base64 form bodies as API Gateway delivers them, re-rendering on error, and double submits.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { CHAR_COUNT_BUNDLE } from '#shared/feedback/browser/char-count.generated.ts';
import { scanAll, snapshot, startTestStack, postForm as postFormTo } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const postForm = (path: string, fields: Record<string, string>) => postFormTo(stack, path, fields);

describe('GET /f/{unitId}', () => {
  it('serves the form as UTF-8 HTML with field names equal to question ids', async () => {
    const r = await fetch(`${stack.url}/f/keskusta-ta`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await r.text();
    expect(page).toContain('<html lang="fi">');
    for (const id of ['nps', 'smooth', 'help', 'safe', 'useful', 'info', 'together', 'respect', 'text', 'role'])
      expect(page).toContain(`name="${id}"`);
    expect(page).toContain('Keskustan terveysasema');
    // One script only, the character counter, inline and pinned by its hash: nothing else may run.
    // Answering needs no script at all (test/feedback/e2e, without JavaScript).
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.map((m) => m[1])).toEqual(['']);
    expect(scripts[0]![2] === CHAR_COUNT_BUNDLE, 'the inline script is the counter bundle').toBe(true);
    const hash = createHash('sha256').update(CHAR_COUNT_BUNDLE).digest('base64');
    const csp = r.headers.get('content-security-policy')!.split('; ');
    expect(csp.filter((d) => d.startsWith('script-src'))).toEqual([`script-src 'sha256-${hash}'`]);
    expect(csp).toContain("default-src 'none'");
  });
  it('keeps ?ch=qr in the form and the language links', async () => {
    const page = await (await fetch(`${stack.url}/f/keskusta-ta?lang=en&ch=qr`)).text();
    expect(page).toContain('<input type="hidden" name="ch" value="qr">');
    expect(page).toContain('href="?lang=sv&amp;ch=qr"');
  });
  it('answers an unknown unit with a friendly 404 page in the asked language', async () => {
    const r = await fetch(`${stack.url}/f/nope?lang=en`);
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('This unit was not found');
  });
});

describe('POST /f/{unitId}', () => {
  it('stores the answer and redirects 303 to the thank-you page in the same language and channel', async () => {
    const r = await postForm('/f/rantala-ta', {
      lang: 'sv',
      ch: 'qr',
      idem: 'form-test-1',
      nps: '7',
      smooth: '5',
      help: 'cant_say',
      text: 'Hej',
      role: 'client',
    });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/f/rantala-ta/thanks?lang=sv&ch=qr');
    const item = (await scanAll(stack, 'feedback')).find((i) => i.unitId === 'rantala-ta' && i.text === 'Hej');
    expect(item).toMatchObject({ channel: 'qr', lang: 'sv', answers: { nps: 7, smooth: 5, help: 'cant_say' }, role: 'client' });
    const thanks = await fetch(`${stack.url}/f/rantala-ta/thanks?lang=sv&ch=qr`);
    expect(await thanks.text()).toContain('Tack för din respons!');
  });
  it('records the web channel when no ch is given and ignores an unknown ch', async () => {
    await postForm('/f/laboratorio', { lang: 'fi', ch: 'sms', idem: 'form-test-2', nps: '3' });
    const item = (await scanAll(stack, 'feedback')).find((i) => i.unitId === 'laboratorio');
    expect(item).toMatchObject({ channel: 'web', answers: { nps: 3 } });
  });
  it.each(['kiosk', 'paper', 'oral'])('records ch=%s as web: a link cannot claim a channel that needs a credential', async (ch) => {
    const idem = `form-claim-${ch}`;
    const r = await postForm('/f/laboratorio', { lang: 'fi', ch, idem, nps: '6', assisted: 'true' });
    // An unknown field (assisted) is not a question of the survey; the form ignores it like any other.
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/f/laboratorio/thanks?lang=fi');
    const mine = (await scanAll(stack, 'feedback')).filter((i) => i.unitId === 'laboratorio' && (i.answers as { nps?: number }).nps === 6);
    expect(mine.length).toBeGreaterThan(0);
    for (const item of mine) expect(item).toMatchObject({ channel: 'web', assisted: false });
  });
  it('stores one answer when the same form is sent twice (double click, back and resend)', async () => {
    const before = (await scanAll(stack, 'feedback')).length;
    const fields = { lang: 'fi', idem: 'form-test-3', nps: '10' };
    expect((await postForm('/f/kuvantaminen', fields)).status).toBe(303);
    expect((await postForm('/f/kuvantaminen', fields)).status).toBe(303);
    expect((await scanAll(stack, 'feedback')).length).toBe(before + 1);
  });
  it.each([
    ['NPS 11', { nps: '11', text: 'Pidän tästä' }, 'nps', 'Valitse luku väliltä 0–10.'],
    ['a statement answered 6', { smooth: '6', text: 'Pidän tästä' }, 'smooth', 'Valitse vaihtoehto 1–5'],
    ['text over 4,000 characters', { nps: '8', text: 'x'.repeat(4001) }, 'text', 'Kirjoita enintään 4000 merkkiä.'],
    ['nothing answered', { role: 'relative' }, 'nps', 'Vastaa vähintään yhteen kysymykseen'],
  ])('re-renders the form (400) for %s with the answers kept and nothing stored', async (_name, fields, anchorField, message) => {
    const before = await snapshot(stack);
    const r = await postForm('/f/keskusta-ta', { lang: 'fi', idem: `bad-${anchorField}`, ...fields });
    expect(r.status).toBe(400);
    const page = await r.text();
    expect(page).toContain('class="error-summary"');
    expect(page).toContain(message);
    expect(page).toMatch(new RegExp(`href="#${anchorField === 'text' ? 'text' : `${anchorField}-0`}"`));
    if ('text' in fields && fields.text.length < 100) expect(page).toContain(`>${fields.text}</textarea>`);
    if ('role' in fields) expect(page).toContain('value="relative" checked');
    expect(await snapshot(stack)).toBe(before);
  });
  it("accepts 4,000 Finnish characters, which URL-encoded exceed the JSON API's 16 KB", async () => {
    const text = 'ä'.repeat(4000);
    expect((await postForm('/f/keskusta-ta', { lang: 'fi', idem: 'form-long', text })).status).toBe(303);
  });
  it('refuses a JSON body with 415 and stores nothing', async () => {
    const before = await snapshot(stack);
    const r = await fetch(`${stack.url}/f/keskusta-ta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"nps":9}',
    });
    expect(r.status).toBe(415);
    expect(await snapshot(stack)).toBe(before);
  });
  it('answers a post to an unknown unit with the 404 page', async () => {
    expect((await postForm('/f/nope', { nps: '9' })).status).toBe(404);
  });
});
