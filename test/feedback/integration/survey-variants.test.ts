/**
 * Survey variants over real HTTP against the local stack (real dynalite): the children's and the
 * relatives' surveys chosen with `?survey=`, the easy-read switch, and a service's own statements.
 * Each variant renders in fi/sv/en, stores its answers with its survey id and version, and refuses
 * answers that are not its own with the field named and nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { postJson, scanAll, snapshot, startTestStack, postForm as postFormTo } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const postForm = (path: string, fields: Record<string, string>) => postFormTo(stack, path, fields);
const page = async (path: string) => {
  const r = await fetch(stack.url + path);
  return { status: r.status, body: await r.text() };
};

const CHILD_TEXTS = { fi: 'Minua kuunneltiin.', sv: 'De lyssnade på mig.', en: 'They listened to me.' };
const RELATIVE_TEXTS = {
  fi: 'Läheiseni saama palvelu sujui hyvin.',
  sv: 'Tjänsten min närstående fick fungerade smidigt.',
  en: 'The service my close person received went smoothly.',
};

describe('GET /f/{unitId}?survey=', () => {
  it('shows the children’s form in fi, sv and en: its own statements, a face with words on every point, no NPS, no contact', async () => {
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const { status, body } = await page(`/f/keskusta-ta?survey=thl-lapset&lang=${lang}`);
      expect(status).toBe(200);
      expect(body).toContain(`<html lang="${lang}">`);
      expect(body).toContain(CHILD_TEXTS[lang]);
      expect(body).toContain('<input type="hidden" name="surveyId" value="thl-lapset">');
      expect(body).not.toContain('name="nps"');
      expect(body).not.toContain('name="contact"');
      // Five faces per statement, each drawn from a symbol and followed by its words.
      expect(body.match(/<use href="#face[1-5]"\/><\/svg>[^<]+<\/span>/g)).toHaveLength(5 * 5);
      // The language links keep the variant.
      expect(body).toContain(`?lang=${lang === 'fi' ? 'sv' : 'fi'}&amp;survey=thl-lapset`);
    }
  });
  it('shows the relatives’ form in fi, sv and en with the role question and their wording', async () => {
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const { status, body } = await page(`/f/kotihoito-ita?survey=thl-laheiset&lang=${lang}`);
      expect(status).toBe(200);
      expect(body).toContain(RELATIVE_TEXTS[lang]);
      expect(body).toContain('name="role"');
      expect(body).toContain('name="nps"');
    }
    expect((await page('/f/kotihoito-ita?survey=thl-laheiset&lang=en')).body).toContain('the service your close person received');
  });
  it('keeps the unit’s default survey without ?survey=', async () => {
    const { body } = await page('/f/keskusta-ta');
    expect(body).toContain('name="smooth"');
    expect(body).not.toContain('name="surveyId"');
  });
  it('answers an unknown survey with a 404 page that names the survey parameter', async () => {
    const r = await page('/f/keskusta-ta?survey=nope&lang=en');
    expect(r.status).toBe(404);
    expect(r.body).toContain('(survey=nope)');
  });
});

describe('easy-read (?easy=1)', () => {
  it('shows the Finnish easy-read texts with a link to them from the standard form', async () => {
    const standard = await page('/f/keskusta-ta');
    expect(standard.body).toContain('href="?lang=fi&amp;easy=1"');
    const easy = await page('/f/keskusta-ta?easy=1');
    expect(easy.body).toContain('Asiointi oli helppoa.');
    expect(easy.body).toContain('<input type="hidden" name="easy" value="1">');
    expect(easy.body).toContain('name="smooth"');
  });
  it('keeps the standard texts in Swedish and English, which have no easy-read set, and offers no switch', async () => {
    const sv = await page('/f/keskusta-ta?easy=1&lang=sv');
    expect(sv.body).toContain('Det var lätt att sköta ärendet.');
    expect(sv.body).not.toContain('name="switch"');
  });
  it('switches wording with the answers so far kept, storing nothing', async () => {
    const before = await snapshot(stack);
    const r = await postForm('/f/keskusta-ta', { lang: 'fi', ch: 'web', idem: 'easy-switch-1', smooth: '4', text: 'Hyvä', switch: 'easy' });
    expect(r.status).toBe(200);
    const body = await r.text();
    expect(body).toContain('Asiointi oli helppoa.');
    expect(body).toMatch(/id="smooth-3" name="smooth" value="4" checked/);
    expect(body).toContain('>Hyvä</textarea>');
    expect(await snapshot(stack)).toBe(before);
  });
});

/** Sends a form that must be stored (303) and returns the stored answers that match. */
async function sendStored(unitId: string, fields: Record<string, string>, match: (item: Record<string, unknown>) => boolean) {
  const r = await postForm(`/f/${unitId}`, { ch: 'web', ...fields });
  expect(r.status).toBe(303);
  return { location: r.headers.get('location'), item: (await scanAll(stack, 'feedback')).find((i) => i.unitId === unitId && match(i)) };
}

describe('POST of each variant', () => {
  it('stores a child’s answer from the form with the survey id and version', async () => {
    const fields = { lang: 'sv', idem: 'child-1', surveyId: 'thl-lapset', c_listened: '5', c_safe: 'cant_say' };
    const { location, item } = await sendStored('keskusta-ta', fields, (i) => i.surveyId === 'thl-lapset' && i.lang === 'sv');
    expect(location).toBe('/f/keskusta-ta/thanks?lang=sv&survey=thl-lapset');
    expect(item).toMatchObject({ surveyVersion: 1, answers: { c_listened: 5, c_safe: 'cant_say' } });
  });
  it('stores a relative’s answer through the JSON API with the survey id, version and role', async () => {
    const r = await postJson(stack, '/api/feedback', {
      unitId: 'kotihoito-ita',
      channel: 'web',
      lang: 'fi',
      surveyId: 'thl-laheiset',
      role: 'relative',
      answers: { nps: 9, rel_help: 4 },
    });
    expect(r.status).toBe(201);
    const { id } = (await r.json()) as { id: string };
    const item = (await scanAll(stack, 'feedback')).find((i) => i.id === id);
    expect(item).toMatchObject({ surveyId: 'thl-laheiset', surveyVersion: 1, role: 'relative', answers: { nps: 9, rel_help: 4 } });
  });
  it('stores an easy-read answer as the same survey version as the standard form', async () => {
    const fields = { lang: 'fi', idem: 'easy-1', easy: '1', help: '2' };
    const { item } = await sendStored('rantala-ta', fields, (i) => (i.answers as Record<string, unknown>).help === 2);
    expect(item).toMatchObject({ surveyId: 'thl-aikuiset', surveyVersion: 1 });
  });
  it('asks a service’s own statement after the national ones at its units, and stores it like them', async () => {
    const { body } = await page('/f/fysioterapia?lang=en');
    const at = body.indexOf('I got exercises I can do at home.');
    expect(at).toBeGreaterThan(body.indexOf('I was treated with respect.'));
    expect(at).toBeLessThan(body.indexOf('name="text"'));
    expect((await page('/f/keskusta-ta?lang=en')).body).not.toContain('I got exercises');
    const { item } = await sendStored('fysioterapia', { lang: 'en', idem: 'extra-1', kuntoutus_harjoitteet: '5' }, () => true);
    expect(item).toMatchObject({ surveyId: 'thl-aikuiset', surveyVersion: 1, answers: { kuntoutus_harjoitteet: 5 } });
  });
});

describe('bad answers to a variant', () => {
  const child = { unitId: 'keskusta-ta', channel: 'web', lang: 'fi', surveyId: 'thl-lapset' };
  it.each([
    ['a face outside 1–5', { ...child, answers: { c_help: 6 } }, 'answers.c_help'],
    ['the adult NPS', { ...child, answers: { c_help: 3, nps: 9 } }, 'answers.nps'],
    ['an adult statement', { ...child, answers: { smooth: 3 } }, 'answers.smooth'],
    ['the role', { ...child, answers: { c_help: 3 }, role: 'client' }, 'role'],
    ['a contact request', { ...child, answers: { c_help: 3 }, contact: { phone: '040 123 4567', consent: true } }, 'contact'],
    [
      'a service’s statement at another service',
      { ...child, surveyId: 'thl-aikuiset', answers: { kuntoutus_harjoitteet: 3 } },
      'answers.kuntoutus_harjoitteet',
    ],
  ])('refuses %s with 400 naming the field and stores nothing', async (_, body, path) => {
    const before = await snapshot(stack);
    const r = await postJson(stack, '/api/feedback', body);
    expect(r.status).toBe(400);
    const err = (await r.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(err.error.code).toBe('validation_failed');
    expect(err.error.issues.map((i) => i.path)).toContain(path);
    expect(await snapshot(stack)).toBe(before);
  });
  it('refuses an unknown survey id with 404 naming surveyId', async () => {
    const r = await postJson(stack, '/api/feedback', { ...child, surveyId: 'nope', answers: { c_help: 3 } });
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { issues: { path: string }[] } }).error.issues).toEqual([
      { path: 'surveyId', message: 'unknown survey' },
    ]);
  });
  it('shows the child’s form again with a face message when a face value is bad', async () => {
    const r = await postForm('/f/keskusta-ta', { lang: 'fi', ch: 'web', idem: 'child-bad', surveyId: 'thl-lapset', c_help: '9' });
    expect(r.status).toBe(400);
    const body = await r.text();
    expect(body).toContain('Valitse yksi kasvo tai ”En tiedä”.');
    expect(body).toContain('<input type="hidden" name="surveyId" value="thl-lapset">');
  });
});

describe('GET /api/surveys/{surveyId}', () => {
  it('serves the children’s survey with its face scale and the relatives’ survey', async () => {
    const child = (await (await fetch(`${stack.url}/api/surveys/thl-lapset?lang=en`)).json()) as Record<string, unknown>;
    expect(child).toMatchObject({ id: 'thl-lapset', version: 1, audience: 'child', scale: 'faces' });
    const rel = (await (await fetch(`${stack.url}/api/surveys/thl-laheiset?lang=sv`)).json()) as {
      audience: string;
      questions: { id: string }[];
    };
    expect(rel.audience).toBe('relative');
    expect(rel.questions.map((q) => q.id)).toContain('role');
  });
  it('serves the easy-read texts with ?easy=1 and refuses another value of easy, naming it', async () => {
    const easy = (await (await fetch(`${stack.url}/api/surveys/thl-aikuiset?lang=fi&easy=1`)).json()) as {
      easyRead: boolean;
      questions: { id: string; text: string }[];
    };
    expect(easy.easyRead).toBe(true);
    expect(easy.questions.find((q) => q.id === 'smooth')!.text).toBe('Asiointi oli helppoa.');
    const bad = await fetch(`${stack.url}/api/surveys/thl-aikuiset?easy=yes`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('query.easy');
  });
});
