/**
 * Pulse rounds over HTTP against the local stack (dynalite through the real SDK, the real handlers):
 * the issue's acceptance — a round of 12 codes shows nothing with 4 answers, figures without text
 * with 5 and the redacted text with 8; a used or unknown code gets a friendly page in its language
 * and stores nothing; and a scan of the pulse table finds no code, no IP, no user agent and no time
 * finer than a day in any answer item. Also the round's validation (fields named), access by org
 * node, the response rate, the roll-up to the service and the printable sheet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { roundListSchema, roundResultsSchema } from '#shared/pulse/index.ts';
import { postJson, scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';
import { answer, fullAnswer, openRound, supervisorToken } from '../support/pulse-http.ts';

const TODAY = '2026-11-10';
let stack: LocalStack;
let token: string;

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set(`${TODAY}T09:00:00.000Z`);
  token = await supervisorToken(stack);
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const results = async (id: string, t = token) => {
  const res = await fetch(`${stack.url}/api/pulse/rounds/${id}/results?lang=fi`, { headers: { authorization: `Bearer ${t}` } });
  expect(res.status).toBe(200);
  return roundResultsSchema.parse(await res.json());
};

describe('a round of 12 codes (the acceptance)', () => {
  // The thresholds are the whole promise of anonymity: each step must show exactly what it may.
  it('shows nothing with 4 answers, figures but no text with 5, and the redacted text with 8', async () => {
    const round = await openRound(stack, token, { opensOn: TODAY, closesOn: '2026-11-20' });
    expect(round.codes).toHaveLength(12);
    expect(new Set(round.codes).size).toBe(12);
    const texts = [
      'Kiire on kova.',
      'Hyvä tiimi.',
      'Soittakaa: matti.meikalainen@example.fi',
      'Lisää taukoja.',
      'Kiitos.',
      'Perehdytys.',
      'Hyvä.',
      'Ok.',
    ];
    for (let i = 0; i < 4; i++) expect((await answer(stack, round.codes[i]!, fullAnswer(4, texts[i]))).status).toBe(303);
    const four = await results(round.id);
    expect(four).toMatchObject({ answers: 4, codes: 12, responseRate: 0.333, suppressed: true });
    expect(four.statements).toBeUndefined();
    expect(four.texts).toBeUndefined();
    expect(four.index).toBeUndefined();

    expect((await answer(stack, round.codes[4]!, fullAnswer(2, texts[4]))).status).toBe(303);
    const five = await results(round.id);
    expect(five).toMatchObject({ answers: 5, suppressed: false });
    expect(five.statements).toHaveLength(5);
    expect(five.statements![0]).toMatchObject({ id: 'workload', n: 5, mean: 3.6, shareAgree: 0.8 });
    // Distributions come with the text threshold, as the figures' finer detail.
    expect(five.statements![0]).not.toHaveProperty('counts');
    expect(five.texts).toBeUndefined();

    for (let i = 5; i < 8; i++) expect((await answer(stack, round.codes[i]!, fullAnswer(5, texts[i]))).status).toBe(303);
    const eight = await results(round.id);
    expect(eight).toMatchObject({ answers: 8, responseRate: 0.667, suppressed: false });
    expect(eight.statements![0]).toMatchObject({ n: 8, counts: [0, 1, 0, 4, 3] });
    expect(eight.texts).toHaveLength(8);
    expect(eight.texts!.join('\n')).not.toContain('matti.meikalainen@example.fi');
    expect(eight.texts).toContain('Soittakaa: [sähköposti]');
  });
});

describe('codes', () => {
  // A code answers once; a second try must neither store nor count anything, and must say why kindly.
  it('refuses a used code with a friendly page in the chosen language and stores nothing', async () => {
    const round = await openRound(stack, token, { opensOn: TODAY, closesOn: '2026-11-20', staffCount: 6 });
    const code = round.codes[0]!;
    expect((await answer(stack, code, fullAnswer(3))).status).toBe(303);
    const before = await snapshot(stack);
    const again = await answer(stack, code, fullAnswer(5), 'sv');
    expect(again.status).toBe(410);
    const page = await again.text();
    expect(page).toContain('<html lang="sv"');
    expect(page).toContain('Koden har redan använts');
    const form = await fetch(`${stack.url}/p/${code}?lang=en`);
    expect(form.status).toBe(410);
    expect(await form.text()).toContain('This code has been used');
    expect(await snapshot(stack)).toBe(before);
    expect((await results(round.id)).answers).toBe(1);
  });

  // A typo or a guessed code must not reach any round, and the page must help the person on.
  it('refuses an unknown code with a friendly page in its language and stores nothing', async () => {
    const before = await snapshot(stack);
    for (const [lang, words] of [
      ['fi', 'Koodia ei löydy'],
      ['sv', 'Koden hittas inte'],
      ['en', 'Code not found'],
    ] as const) {
      const res = await answer(stack, 'ACDEFGHJKMNP', fullAnswer(3), lang);
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(text).toContain(`<html lang="${lang}"`);
      expect(text).toContain(words);
    }
    expect((await fetch(`${stack.url}/p/not-a-code`)).status).toBe(404);
    expect(await snapshot(stack)).toBe(before);
  });

  // Codes are typed from paper: lower case and the printed spaces must work.
  it('opens the form from a code typed in lower case with spaces', async () => {
    const round = await openRound(stack, token, { opensOn: TODAY, closesOn: '2026-11-20', staffCount: 5 });
    const typed = round.codes[0]!.toLowerCase()
      .replace(/(.{4})/g, '$1 ')
      .trim();
    const res = await fetch(`${stack.url}/p/${encodeURIComponent(typed)}?lang=fi`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="workload"');
    expect(html).toContain('Työyhteisön pulssikysely');
  });

  // A bad value names its field and keeps what was given; nothing is stored or spent.
  it('answers a bad value with the form again and spends nothing', async () => {
    const round = await openRound(stack, token, { opensOn: TODAY, closesOn: '2026-11-20', staffCount: 5 });
    const before = await snapshot(stack);
    const res = await answer(stack, round.codes[0]!, { workload: '9', text: 'kept' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="#workload-0"');
    expect(html).toContain('>kept</textarea>');
    expect(await snapshot(stack)).toBe(before);
    expect((await answer(stack, round.codes[0]!, {})).status).toBe(400);
    expect((await answer(stack, round.codes[0]!, { team: '4' })).status).toBe(303);
  });
});

describe('what is stored (scan of the pulse table)', () => {
  // Anonymity by construction: an answer item must hold nothing that could lead back to a code or a person.
  it('keeps no code, no IP, no user agent and no time finer than a day in any answer item', async () => {
    const round = await openRound(stack, token, { opensOn: TODAY, closesOn: '2026-11-20', staffCount: 5 });
    await fetch(`${stack.url}/p/${round.codes[0]}?lang=fi`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'SecretBrowser/1.0', 'x-forwarded-for': '203.0.113.7' },
      body: new URLSearchParams(fullAnswer(4, 'Hyvä työpaikka.')).toString(),
      redirect: 'manual',
    });
    const items = await scanAll(stack, 'pulse');
    const answers = items.filter((i) => String(i.pk).startsWith('ANSWER#'));
    expect(answers.length).toBeGreaterThan(10);
    const allCodes = items.filter((i) => String(i.pk).startsWith('CODE#'));
    const text = JSON.stringify(answers);
    for (const c of round.codes) expect(JSON.stringify(items)).not.toContain(c);
    for (const c of allCodes) expect(text).not.toContain(String(c.pk).slice(5));
    expect(text).not.toContain('203.0.113.7');
    expect(text).not.toContain('SecretBrowser');
    for (const a of answers) {
      expect(Object.keys(a).sort()).toEqual(expect.arrayContaining(['date', 'id', 'pk', 'roundId', 'sk', 'surveyId', 'values', 'version']));
      expect(Object.keys(a).every((k) => ['date', 'id', 'pk', 'roundId', 'sk', 'surveyId', 'values', 'version', 'text'].includes(k))).toBe(
        true,
      );
      expect(a.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // No instant anywhere in the item: nothing with a time of day.
      expect(JSON.stringify(a)).not.toMatch(/\d{2}:\d{2}/);
    }
    // The code items learn only that they were used: no day, no answer id.
    for (const c of allCodes)
      expect(Object.keys(c).sort()).toEqual(c.used ? ['expiresAt', 'pk', 'roundId', 'sk', 'used'] : ['expiresAt', 'pk', 'roundId', 'sk']);
  });
});

describe('opening rounds', () => {
  // Bad input must name the field and change nothing.
  it('names each bad field and stores nothing', async () => {
    const before = await snapshot(stack);
    const post = (body: unknown) => postJson(stack, '/api/pulse/rounds', body, { authorization: `Bearer ${token}` });
    const cases: [unknown, number, string][] = [
      [{ nodeId: 'keskusta-ta', surveyId: 'tyoyhteiso-pulssi', opensOn: TODAY, closesOn: '2026-11-20', staffCount: 0 }, 400, 'staffCount'],
      [{ nodeId: 'keskusta-ta', surveyId: 'tyoyhteiso-pulssi', opensOn: TODAY, closesOn: '2026-11-20', staffCount: 3 }, 400, 'staffCount'],
      [{ nodeId: 'keskusta-ta', surveyId: 'tyoyhteiso-pulssi', opensOn: TODAY, closesOn: '2026-11-01', staffCount: 10 }, 400, 'closesOn'],
      [
        { nodeId: 'keskusta-ta', surveyId: 'tyoyhteiso-pulssi', opensOn: '2026-02-30', closesOn: '2026-11-20', staffCount: 10 },
        400,
        'opensOn',
      ],
      [{ nodeId: 'keskusta-ta', surveyId: 'nope', opensOn: TODAY, closesOn: '2026-11-20', staffCount: 10 }, 404, 'surveyId'],
      [
        { nodeId: 'keskusta-ta', surveyId: 'tyoyhteiso-pulssi', opensOn: TODAY, closesOn: '2026-11-20', staffCount: 10, email: 'x' },
        400,
        'email',
      ],
      [{ nodeId: 'rantala-ta', surveyId: 'tyoyhteiso-pulssi', opensOn: TODAY, closesOn: '2026-11-20', staffCount: 10 }, 403, 'nodeId'],
    ];
    for (const [body, status, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const err = (await res.json()) as { error: { issues: { path: string }[] } };
      expect(err.error.issues.map((i) => i.path)).toContain(field);
    }
    // A round is for a work unit: a service's supervisor opens one per unit.
    const service = await stack.auth.issue(['pulse:write'], ['terveysasemat']);
    const res = await postJson(
      stack,
      '/api/pulse/rounds',
      { nodeId: 'terveysasemat', surveyId: 'tyoyhteiso-pulssi', opensOn: TODAY, closesOn: '2026-11-20', staffCount: 10 },
      { authorization: `Bearer ${service}` },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('nodeId');
    expect(await snapshot(stack)).toBe(before);
  });

  // The scopes are checked before the handler, as API Gateway does.
  it('needs pulse:write to open and pulse:read to read', async () => {
    const reader = await stack.auth.issue(['pulse:read'], ['keskusta-ta']);
    const res = await postJson(stack, '/api/pulse/rounds', {}, { authorization: `Bearer ${reader}` });
    expect(res.status).toBe(403);
    const writer = await stack.auth.issue(['pulse:write'], ['keskusta-ta']);
    expect((await fetch(`${stack.url}/api/pulse/rounds?node=keskusta-ta`, { headers: { authorization: `Bearer ${writer}` } })).status).toBe(
      403,
    );
  });
});

describe('reading', () => {
  // A service sees its units' rounds combined, from shown rounds only; another unit's supervisor sees none of it.
  it('lists the rounds under a node with the shown ones combined, and refuses nodes outside the token', async () => {
    const service = await stack.auth.issue(['pulse:read'], ['terveysasemat']);
    const res = await fetch(`${stack.url}/api/pulse/rounds?node=terveysasemat`, { headers: { authorization: `Bearer ${service}` } });
    expect(res.status).toBe(200);
    const list = roundListSchema.parse(await res.json());
    expect(list.rounds.length).toBeGreaterThanOrEqual(5);
    const combined = list.combined.find((c) => c.surveyId === 'tyoyhteiso-pulssi')!;
    const shown = list.rounds.filter((r) => !r.suppressed);
    expect(combined.roundsShown).toBe(shown.length);
    expect(combined.answers).toBe(shown.reduce((s, r) => s + r.answers, 0));
    const other = await stack.auth.issue(['pulse:read'], ['rantala-ta']);
    expect((await fetch(`${stack.url}/api/pulse/rounds?node=keskusta-ta`, { headers: { authorization: `Bearer ${other}` } })).status).toBe(
      403,
    );
    const list2 = await fetch(`${stack.url}/api/pulse/rounds/${list.rounds[0]!.id}/results`, {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(list2.status).toBe(403);
  });

  // The sheet is the supervisor's way to hand codes out; its token is the only key to it.
  it('serves the printable sheet with a QR code per code, and nothing for a wrong token', async () => {
    const round = await openRound(stack, token, { opensOn: TODAY, closesOn: '2026-11-20', staffCount: 6 });
    const res = await fetch(`${stack.url}${round.sheetUrl}?lang=en`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<svg /g)).toHaveLength(6);
    expect(html).toContain('@page{size:A4');
    expect(html).toContain(round.codes[0]!.slice(0, 4));
    const wrong = round.sheetUrl.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(`${stack.url}${wrong}`)).status).toBe(404);
  });
});
