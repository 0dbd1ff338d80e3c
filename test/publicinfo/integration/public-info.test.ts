/**
 * The privacy notice and accessibility statement over real HTTP on the local stack: each of the six
 * pages in its language (status, content language, caching, the security headers of every page), with
 * the region's text and links, the retentions filled in, what happens to contact details (kept
 * apart and encrypted, read only by the unit's handlers, each read recorded, erased
 * `contactRetentionDays` after the case closes), and links to its other language versions;
 * every public page of every feature — the form and its error and 404 pages, the thank-you page, the
 * SMS survey pages, the public results — with the footer links in its language; and the thank-you
 * pages (web and SMS) saying what happens next, with the complaint and ombudsman links of the config.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import { answerRetentionYears } from '#shared/feedback/settings.ts';
import { UI } from '#shared/feedback/ui-text.ts';
import { handlingOf } from '#shared/platform/handling-settings.ts';
import { escapeHtml } from '#shared/platform/html.ts';
import { LANGS, type Lang } from '#shared/platform/i18n.ts';
import { INFO_TITLES } from '#shared/publicinfo/info-text.ts';
import { loadPublicInfo } from '#shared/public-info-config.ts';
import { INFO_DOCUMENTS, INFO_PATHS } from '#shared/publicinfo/manifest.ts';
import { publicInfoOf } from '#shared/publicinfo/settings.ts';
import { startTestStack } from '../../support/local-stack.ts';
import {
  devToken,
  e164,
  helsinkiWinter,
  intake,
  linkOf,
  mobile,
  outbox,
  runRelease,
  setClock,
  visit,
  visitIds,
} from '../../support/sms.ts';

const config = parseConfig();
/** The documents of config/public-info.json and the links of region.publicInfo. */
const documents = loadPublicInfo();
const { links } = publicInfoOf(config.org);
const RETENTION = { fi: 'vuoden ajan', sv: 'år från den dag', en: 'years from the day' } as const;
/** What the privacy notice must say of contact details, in each language: the days are filled in. */
const CONTACT_NOTICE = {
  fi: {
    apart: 'tallennetaan erilleen palautteesta',
    encrypted: 'salataan',
    readers: 'voivat lukea vain palautteen koskeman yksikön palautteenkäsittelijät',
    recorded: 'Jokainen lukukerta kirjataan',
    erased: (days: number) => `Yhteystiedot poistetaan ${days} päivän kuluttua siitä, kun palautteen käsittely on päättynyt.`,
  },
  sv: {
    apart: 'sparas åtskilda från responsen',
    encrypted: 'krypteras',
    readers: 'kan läsas endast av dem som behandlar respons vid den enhet responsen gäller',
    recorded: 'Varje gång uppgifterna läses antecknas det',
    erased: (days: number) => `Kontaktuppgifterna raderas ${days} dagar efter att behandlingen av responsen har avslutats.`,
  },
  en: {
    apart: 'are stored apart from the feedback',
    encrypted: 'encrypted',
    readers: 'can be read only by the feedback handlers of the unit the feedback concerns',
    recorded: 'Every time they are read, the reader and the time are recorded',
    erased: (days: number) => `Your contact details are deleted ${days} days after the handling of the feedback has ended.`,
  },
} as const;

let stack: LocalStack;
/** An SMS survey link per language, released from the outbox. */
const smsLinks = {} as Record<Lang, string>;

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set('2027-01-12T15:00:00+02:00');
  const token = await devToken(stack, ['visits:write']);
  const ids = await visitIds('info', LANGS.length, true);
  const visits = LANGS.map((lang, i) =>
    visit({ visitId: ids[i]!, phone: mobile(4_000_000 + i), visitedAt: helsinkiWinter('2027-01-12', '10:00'), lang }),
  );
  expect((await intake(stack, token, visits)).scheduled).toBe(LANGS.length);
  await setClock(stack, '2027-01-13T12:05:00+02:00');
  await runRelease(stack);
  const sent = await outbox(stack);
  LANGS.forEach((lang, i) => {
    smsLinks[lang] = new URL(linkOf(sent.find((e) => e.to === e164(visits[i]!.phone))!)).pathname;
  });
});
afterAll(() => stack?.close());

const footerOf = (page: string) => /<footer>(.*?)<\/footer>/s.exec(page)?.[1] ?? '';

/** Expects the page's footer to link both documents in `lang`, under their names in `lang`. */
function expectFooter(page: string, lang: Lang): void {
  const footer = footerOf(page);
  for (const doc of INFO_DOCUMENTS) {
    expect(footer).toMatch(new RegExp(`<a href="${INFO_PATHS[doc][lang]}"[^>]*>${escapeHtml(INFO_TITLES[lang][doc])}</a>`));
  }
}

describe.each(INFO_DOCUMENTS.flatMap((doc) => LANGS.map((lang) => [INFO_PATHS[doc][lang], doc, lang] as const)))(
  'GET %s',
  (path, doc, lang) => {
    let res: Response;
    let page: string;
    beforeAll(async () => {
      res = await fetch(stack.url + path);
      page = await res.text();
    });

    it('is a cacheable HTML page in its language', async () => {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-language')).toBe(lang);
      expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
      expect(page).toContain(`<html lang="${lang}">`);
      expect(page).toContain(`<h1>${escapeHtml(INFO_TITLES[lang][doc])}</h1>`);
      expect(page).not.toMatch(/<script/i);
    });

    // The thank-you page, not the form: the form alone runs a script (its character counter, pinned by hash).
    it('has the same security headers and CSP as the form pages without a script', async () => {
      const form = await fetch(`${stack.url}/f/keskusta-ta/thanks?lang=${lang}`);
      for (const h of [
        'content-security-policy',
        'strict-transport-security',
        'x-content-type-options',
        'referrer-policy',
        'x-frame-options',
      ])
        expect(res.headers.get(h), h).toBe(form.headers.get(h));
    });

    it("shows every section of the region's text and its links", () => {
      const sections = (doc === 'privacy' ? documents.privacyNotice : documents.accessibilityStatement)[lang];
      for (const s of sections) {
        expect(page).toContain(`<h2>${escapeHtml(s.heading)}</h2>`);
        for (const l of s.links ?? []) expect(page).toContain(`<a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a>`);
      }
      expect(page).not.toMatch(/\{\w+\}/);
    });

    it('links its other language versions', () => {
      for (const other of LANGS) expect(page).toContain(`href="${INFO_PATHS[doc][other]}" lang="${other}" hreflang="${other}"`);
      expect(page).toContain(`href="${path}" lang="${lang}" hreflang="${lang}" aria-current="page"`);
    });

    it('has both footer links in its language, its own marked as the current page', () => {
      expectFooter(page, lang);
      expect(footerOf(page)).toContain(`<a href="${path}" aria-current="page">`);
    });

    if (doc === 'privacy')
      it('states the retention of region.retention.answerYears', () => {
        expect(page).toContain(`${answerRetentionYears(config.org)} ${RETENTION[lang]}`);
      });
    if (doc === 'privacy')
      it('says what happens to contact details: kept apart, encrypted, read by the unit’s handlers only (recorded), erased after the case', () => {
        const say = CONTACT_NOTICE[lang];
        for (const part of [say.apart, say.encrypted, say.readers, say.recorded]) expect(page).toContain(part);
        expect(page).toContain(say.erased(handlingOf(config.org).contactRetentionDays));
      });
    else
      it('names the supervisory authority and links its site', () => {
        expect(page).toContain('Traficom');
        expect(page).toContain('href="https://www.saavutettavuusvaatimukset.fi"');
      });
  },
);

describe('the footer on every public page', () => {
  const form = (path: string, body: string) =>
    fetch(stack.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });

  it.each(LANGS)('the form, its error page, the unknown unit and the thank-you page in %s', async (lang) => {
    const pages = [
      await fetch(`${stack.url}/f/keskusta-ta?lang=${lang}&ch=qr`),
      await fetch(`${stack.url}/f/nowhere?lang=${lang}`),
      await form('/f/keskusta-ta', `lang=${lang}&nps=11`),
      await fetch(`${stack.url}/f/keskusta-ta/thanks?lang=${lang}`),
    ];
    expect(pages.map((p) => p.status)).toEqual([200, 404, 400, 200]);
    for (const p of pages) expectFooter(await p.text(), lang);
  });

  it.each(LANGS)('the SMS survey, its opt-out and an unknown link in %s', async (lang) => {
    const pages = [
      await fetch(`${stack.url}${smsLinks[lang]}?lang=${lang}`),
      await fetch(`${stack.url}${smsLinks[lang]}/opt-out?lang=${lang}`),
      await fetch(`${stack.url}/s/AAAAAAAAAAAAAAAA?lang=${lang}`),
    ];
    expect(pages.map((p) => p.status)).toEqual([200, 200, 404]);
    for (const p of pages) expectFooter(await p.text(), lang);
  });

  it.each([
    ['/tulokset', 'fi'],
    ['/resultat', 'sv'],
    ['/results', 'en'],
  ] as const)('the public results %s', async (path, lang) => {
    const r = await fetch(stack.url + path);
    expect(r.status).toBe(200);
    expectFooter(await r.text(), lang);
  });
});

describe('the thank-you pages say what happens next', () => {
  /** Expects the next steps and the config's complaint and ombudsman links in `lang`. */
  function expectNextSteps(page: string, lang: Lang): void {
    const t = UI[lang];
    expect(page).toContain(`<h2>${escapeHtml(t.nextTitle)}</h2>`);
    expect(page).toContain(escapeHtml(`${t.nextRead} ${t.nextNoReply}`));
    expect(page).toContain(escapeHtml(t.rightsBody));
    expect(page).toContain(`<a href="${links.complaint[lang]}">${escapeHtml(t.rightsComplaint)}</a>`);
    expect(page).toContain(`<a href="${links.patientOmbudsman[lang]}">${escapeHtml(t.rightsPatientOmbudsman)}</a>`);
    expect(page).toContain(`<a href="${links.socialOmbudsman[lang]}">${escapeHtml(t.rightsSocialOmbudsman)}</a>`);
  }

  it.each(LANGS)('after sending the web form in %s', async (lang) => {
    const sent = await fetch(`${stack.url}/f/rantala-ta`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `lang=${lang}&idem=info-${lang}&nps=8`,
      redirect: 'manual',
    });
    expect(sent.status).toBe(303);
    const thanks = await fetch(stack.url + sent.headers.get('location')!);
    expect(thanks.status).toBe(200);
    const page = await thanks.text();
    expect(page).toContain(`<html lang="${lang}">`);
    expectNextSteps(page, lang);
  });

  it.each(LANGS)('after answering an SMS survey in %s', async (lang) => {
    const sent = await fetch(`${stack.url}${smsLinks[lang]}?lang=${lang}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'nps=9',
      redirect: 'manual',
    });
    expect(sent.status).toBe(303);
    const thanks = await fetch(stack.url + sent.headers.get('location')!);
    expect(thanks.status).toBe(200);
    const page = await thanks.text();
    expectNextSteps(page, lang);
    expectFooter(page, lang);
  });
});
