/**
 * The one-time SMS survey link over real HTTP: after a release, the link from the outbox opens the
 * survey in the visit's language with an opt-out link; the answer is stored once as channel `sms`
 * for the visit's unit and language; a used, unknown or expired link gets a friendly page in the
 * right language; invalid input re-renders the form and leaves the link open; opt-out through the
 * link keeps the number from later invitations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import type { Lang } from '#shared/platform/i18n.ts';
import { UI } from '#shared/feedback/ui-text.ts';
import { scanAll, startTestStack } from '../../support/local-stack.ts';
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
  type VisitInput,
} from '../../support/sms.ts';

const VISIT_DAY = '2027-01-12';
const RELEASE_NOW = '2027-01-13T12:05:00+02:00';

let stack: LocalStack;
let token: string;

/** The people of this file: one sampled visit each, with its recorded language and unit. */
const people = {
  fi: { lang: 'fi', unitId: 'keskusta-ta' },
  sv: { lang: 'sv', unitId: 'fysioterapia' },
  en: { lang: 'en', unitId: 'laboratorio' },
  unknownLang: { lang: 'so', unitId: 'kotihoito-ita' },
  twice: { lang: 'sv', unitId: 'keskusta-ta' },
  concurrent: { lang: 'fi', unitId: 'keskusta-ta' },
  invalid: { lang: 'en', unitId: 'fysioterapia' },
  optOut: { lang: 'fi', unitId: 'rantala-ta' },
  expires: { lang: 'sv', unitId: 'metsakyla-ta' },
  expiresAnswer: { lang: 'fi', unitId: 'metsakyla-ta' },
} as const;
type Person = keyof typeof people;
const visits = {} as Record<Person, VisitInput>;
const links = {} as Record<Person, string>;

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set('2027-01-12T15:00:00+02:00');
  token = await devToken(stack, ['visits:write']);
  const names = Object.keys(people) as Person[];
  const ids = await visitIds('link', names.length, true);
  names.forEach((name, i) => {
    visits[name] = visit({
      visitId: ids[i]!,
      phone: mobile(3_000_000 + i),
      visitedAt: helsinkiWinter(VISIT_DAY, '10:00'),
      lang: people[name].lang,
      unitId: people[name].unitId,
      age: 52,
    });
  });
  expect((await intake(stack, token, Object.values(visits))).scheduled).toBe(names.length);
  await setClock(stack, RELEASE_NOW);
  await runRelease(stack);
  const sent = await outbox(stack);
  for (const name of names) links[name] = linkOf(sent.find((e) => e.to === e164(visits[name].phone))!);
});
afterAll(() => stack?.close());

const tokenOf = (link: string) => new URL(link).pathname.split('/')[2]!;
const get = (url: string) => fetch(url, { redirect: 'manual' });
const postForm = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
const smsAnswers = async () => (await scanAll(stack, 'feedback')).filter((i) => i.channel === 'sms');
const htmlLang = (page: string) => /<html[^>]*\slang="([a-z]{2})"/.exec(page)?.[1];

describe('opening the link', () => {
  it.each([
    ['fi', 'fi'],
    ['sv', 'sv'],
    ['en', 'en'],
    ['unknownLang', 'en'],
  ] as const)("shows the survey in the visit's language (%s → %s), with the opt-out link", async (person, lang) => {
    const link = links[person];
    const r = await get(link);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const page = await r.text();
    expect(htmlLang(page)).toBe(lang);
    expect(page).toContain(`/s/${tokenOf(link)}/opt-out?lang=${lang}`);
    expect(page).toContain(UI[lang as Lang].optOutLink);
    expect(page).toMatch(/<form[^>]*method="post"/i);
    expect(page).toContain(`action="/s/${tokenOf(link)}?lang=${lang}"`);
  });

  it('names the unit in the page language, so the person knows which visit is meant', async () => {
    const page = await (await get(links.sv)).text();
    expect(page).toContain('Fysioterapi');
  });

  it('follows ?lang= when the person switches language', async () => {
    const page = await (await get(`${links.fi}?lang=en`)).text();
    expect(htmlLang(page)).toBe('en');
  });

  it('puts only an opaque 16-character token in the SMS link: no unit, visit or number', () => {
    for (const name of Object.keys(people) as Person[]) {
      expect(links[name]).toMatch(new RegExp(`^${stack.url}/s/[A-Za-z0-9_-]{16}$`));
    }
  });
});

describe('answering', () => {
  it("stores the answer as channel sms for the visit's unit and language and redirects 303 to the thanks page", async () => {
    const before = (await smsAnswers()).length;
    const r = await postForm(links.sv, 'nps=9');
    expect(r.status).toBe(303);
    const location = r.headers.get('location')!;
    expect(new URL(location, stack.url).pathname).toBe(`/s/${tokenOf(links.sv)}/thanks`);
    const answers = await smsAnswers();
    expect(answers).toHaveLength(before + 1);
    const stored = answers.find((a) => a.unitId === 'fysioterapia')!;
    expect(stored).toMatchObject({ channel: 'sms', unitId: 'fysioterapia', lang: 'sv', answers: { nps: 9 }, ageGroup: '50-64' });
    // The answer knows nothing of the person: no number, hash or visit id.
    const flat = JSON.stringify(stored);
    expect(flat).not.toContain(visits.sv.phone.slice(1));
    expect(flat).not.toContain(visits.sv.visitId);
    const thanks = await get(new URL(location, stack.url).href);
    expect(thanks.status).toBe(200);
    expect(htmlLang(await thanks.text())).toBe('sv');
  });

  it("shows a used link as a friendly 410 page in the visit's language", async () => {
    const r = await get(links.sv);
    expect(r.status).toBe(410);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await r.text();
    expect(htmlLang(page)).toBe('sv');
    expect(page).toContain(UI.sv.linkUsedTitle);
    expect(page).not.toMatch(/<form[^>]*method="post"/i);
  });

  it('does not store a second answer when the used link is posted again', async () => {
    const before = (await smsAnswers()).length;
    const r = await postForm(links.sv, 'nps=2');
    expect(r.status).toBe(410);
    expect(await r.text()).toContain(UI.sv.linkUsedTitle);
    expect(await smsAnswers()).toHaveLength(before);
  });

  it('stores one answer when the same form is posted twice, as a double click does', async () => {
    const before = (await smsAnswers()).length;
    const first = await postForm(links.twice, 'nps=7');
    const second = await postForm(links.twice, 'nps=7');
    expect(first.status).toBe(303);
    expect([303, 410]).toContain(second.status);
    expect(await smsAnswers()).toHaveLength(before + 1);
  });

  it('stores one answer when two different answers race on the same link', async () => {
    const before = (await smsAnswers()).length;
    const statuses = (await Promise.all([postForm(links.concurrent, 'nps=10'), postForm(links.concurrent, 'nps=0')]))
      .map((r) => r.status)
      .sort();
    expect(statuses[0]).toBe(303);
    expect(await smsAnswers()).toHaveLength(before + 1);
    expect((await get(links.concurrent)).status).toBe(410);
  });

  it('re-renders the form with 400 on invalid input (nps=11) and leaves the link open', async () => {
    const before = (await smsAnswers()).length;
    const r = await postForm(links.invalid, 'nps=11');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await r.text();
    expect(htmlLang(page)).toBe('en');
    expect(page).toContain(UI.en.errNps);
    expect(page).toMatch(/<form[^>]*method="post"/i);
    expect(await smsAnswers()).toHaveLength(before);
    // Still open: it shows the form and takes a valid answer.
    expect((await get(links.invalid)).status).toBe(200);
    expect((await postForm(links.invalid, 'nps=8')).status).toBe(303);
    expect(await smsAnswers()).toHaveLength(before + 1);
  });
});

describe('a link that does not exist', () => {
  it.each([
    ['a well-formed unknown token', 'AAAAAAAAAAAAAAAA'],
    ['a malformed token', 'nope'],
    ['a token with a character outside base64url', 'AAAAAAAAAAAAAAA%21'],
  ])('shows %s as a friendly 404 page, never an error dump', async (_name, t) => {
    const r = await get(`${stack.url}/s/${t}`);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await r.text();
    expect(htmlLang(page)).toBe('fi');
    expect(page).toContain(UI.fi.linkNotFoundTitle);
    expect(page).not.toMatch(/Error|stack|at \//);
  });

  it('shows the not-found page in the language asked for', async () => {
    const page = await (await get(`${stack.url}/s/AAAAAAAAAAAAAAAA?lang=sv`)).text();
    expect(htmlLang(page)).toBe('sv');
    expect(page).toContain(UI.sv.linkNotFoundTitle);
  });

  it('answers a post to an unknown link with 404 and stores nothing', async () => {
    const before = (await scanAll(stack, 'feedback')).length;
    const r = await postForm(`${stack.url}/s/AAAAAAAAAAAAAAAA`, 'nps=9');
    expect(r.status).toBe(404);
    expect(await scanAll(stack, 'feedback')).toHaveLength(before);
  });
});

describe('opting out through the link', () => {
  it('shows a confirmation page first, so a link preview or crawler cannot opt a person out by GET', async () => {
    const r = await get(`${links.optOut}/opt-out?lang=fi`);
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain(UI.fi.optOutTitle);
    expect(page).toMatch(/<form[^>]*method="post"/i);
    // The next visit of this number would still be invited: GET changed nothing.
    const id = (await visitIds('link-after-get', 1, true))[0]!;
    const probe = await intake(stack, token, [
      visit({ visitId: id, phone: `${visits.optOut.phone}`, visitedAt: helsinkiWinter('2027-01-13', '10:00'), unitId: 'rantala-ta' }),
    ]);
    // Cooldown applies (the number was invited for today), not opt-out.
    expect(probe.excluded).toEqual({ cooldown: 1 });
  });

  it('adds the number to the opt-out list on POST, so a later visit is excluded as opted_out', async () => {
    const r = await postForm(`${links.optOut}/opt-out?lang=fi`, '');
    expect(r.status).toBe(200);
    expect(await r.text()).toContain(UI.fi.optOutDoneTitle);
    const id = (await visitIds('link-after-optout', 1, true))[0]!;
    const later = await intake(stack, token, [
      visit({ visitId: id, phone: visits.optOut.phone, visitedAt: helsinkiWinter('2027-01-13', '11:00'), unitId: 'keskusta-ta' }),
    ]);
    expect(later.excluded).toEqual({ opted_out: 1 });
    // The opt-out is kept on the keyed hash: no item holds the number.
    expect(JSON.stringify(await scanAll(stack, 'sms'))).not.toContain(visits.optOut.phone.slice(1));
  });
});

describe('an expired link', () => {
  it("shows a friendly 410 page in the visit's language once the 7-day lifetime has passed", async () => {
    await setClock(stack, '2027-01-20T12:06:00+02:00');
    const r = await get(links.expires);
    expect(r.status).toBe(410);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await r.text();
    expect(htmlLang(page)).toBe('sv');
    expect(page).toContain(UI.sv.linkExpiredTitle);
    expect(page).not.toMatch(/<form[^>]*method="post"/i);
  });

  it('refuses an answer to an expired link and stores nothing', async () => {
    const before = (await scanAll(stack, 'feedback')).length;
    const r = await postForm(links.expiresAnswer, 'nps=9');
    expect(r.status).toBe(410);
    expect(await r.text()).toContain(UI.fi.linkExpiredTitle);
    expect(await scanAll(stack, 'feedback')).toHaveLength(before);
  });

  it('still says "used" rather than "expired" for a link answered before it expired', async () => {
    const r = await get(links.sv);
    expect(r.status).toBe(410);
    expect(await r.text()).toContain(UI.sv.linkUsedTitle);
  });
});
