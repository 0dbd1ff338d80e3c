/**
 * POST /api/feedback over real HTTP against dynalite: what a valid answer stores, how every kind of
 * bad input is answered (status, error shape, field) with the tables left unchanged, idempotency,
 * and no lost or doubled answers under 1,000 concurrent submissions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { postJson, scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const valid = {
  unitId: 'keskusta-ta',
  channel: 'web',
  lang: 'fi',
  answers: { nps: 9, smooth: 4, help: 'cant_say' },
  text: '  Ystävällinen vastaanotto.  ',
  role: 'client',
};

interface ErrorBody {
  error: { code: string; message: string; issues: { path: string; message: string }[] };
}

describe('a valid answer', () => {
  it('is stored with every field docs/domain.md asks for and nothing identifying', async () => {
    const before = Date.now();
    const r = await postJson(stack, '/api/feedback', valid, { 'user-agent': 'Mozilla/5.0 test', 'x-forwarded-for': '192.0.2.7' });
    expect(r.status).toBe(201);
    const { id } = (await r.json()) as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const item = (await scanAll(stack, 'feedback')).find((i) => i.id === id)!;
    expect(item).toMatchObject({
      id,
      unitId: 'keskusta-ta',
      serviceId: 'terveysasemat',
      serviceAreaId: 'terveys',
      regionId: 'esimerkki',
      surveyId: 'thl-aikuiset',
      surveyVersion: 1,
      channel: 'web',
      assisted: false,
      lang: 'fi',
      answers: { nps: 9, smooth: 4, help: 'cant_say' },
      text: 'Ystävällinen vastaanotto.',
      role: 'client',
      pk: 'UNIT#keskusta-ta',
    });
    // The former byQueue key: cases replace it, so an answer is written to one index fewer.
    expect(item).not.toHaveProperty('queuePk');
    const at = Date.parse(item.submittedAt as string);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(item.date).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date(at)));
    const flat = JSON.stringify(item);
    expect(flat).not.toContain('192.0.2.7');
    expect(flat).not.toContain('Mozilla');
  });

  it.each([
    ['the kiosk channel', { channel: 'kiosk' }, 'channel'],
    ['the paper channel', { channel: 'paper' }, 'channel'],
    ['the oral channel', { channel: 'oral' }, 'channel'],
    ['the sms channel', { channel: 'sms' }, 'channel'],
    ['assisted', { assisted: true }, 'assisted'],
    ['assisted false', { assisted: false }, 'assisted'],
    ['answeredAt', { answeredAt: new Date(Date.now() - 86_400_000).toISOString() }, 'answeredAt'],
  ])('refuses %s without a credential (400 naming the field), storing nothing', async (_n, claim, path) => {
    const before = await snapshot(stack);
    const r = await postJson(stack, '/api/feedback', { unitId: 'fysioterapia', channel: 'web', lang: 'sv', answers: { nps: 8 }, ...claim });
    expect(r.status).toBe(400);
    const e = (await r.json()) as ErrorBody;
    expect(e.error.issues.map((i) => i.path)).toContain(path);
    expect(await snapshot(stack)).toBe(before);
  });
});

const tooLongText = 'a'.repeat(4001);
const cases: [string, () => Promise<Response>, number, string, string][] = [
  ['malformed JSON', () => postJson(stack, '/api/feedback', '{"unitId": "keskusta-ta",'), 400, 'invalid_json', 'body'],
  ['an empty body', () => postJson(stack, '/api/feedback', ''), 400, 'invalid_json', 'body'],
  [
    'a form content type',
    () =>
      fetch(`${stack.url}/api/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'nps=9',
      }),
    415,
    'unsupported_media_type',
    'headers.content-type',
  ],
  [
    'no content type',
    () => fetch(`${stack.url}/api/feedback`, { method: 'POST', body: new Blob([JSON.stringify(valid)]) }),
    415,
    'unsupported_media_type',
    'headers.content-type',
  ],
  ['an unknown unit', () => postJson(stack, '/api/feedback', { ...valid, unitId: 'no-such-unit' }), 404, 'not_found', 'unitId'],
  ['a service id as unit', () => postJson(stack, '/api/feedback', { ...valid, unitId: 'terveysasemat' }), 404, 'not_found', 'unitId'],
  ['an unknown survey', () => postJson(stack, '/api/feedback', { ...valid, surveyId: 'nope' }), 404, 'not_found', 'surveyId'],
  ['NPS 11', () => postJson(stack, '/api/feedback', { ...valid, answers: { nps: 11 } }), 400, 'validation_failed', 'answers.nps'],
  ['NPS -1', () => postJson(stack, '/api/feedback', { ...valid, answers: { nps: -1 } }), 400, 'validation_failed', 'answers.nps'],
  ['NPS 8.5', () => postJson(stack, '/api/feedback', { ...valid, answers: { nps: 8.5 } }), 400, 'validation_failed', 'answers.nps'],
  ['NPS as a string', () => postJson(stack, '/api/feedback', { ...valid, answers: { nps: '9' } }), 400, 'validation_failed', 'answers.nps'],
  [
    'NPS "cant_say"',
    () => postJson(stack, '/api/feedback', { ...valid, answers: { nps: 'cant_say' } }),
    400,
    'validation_failed',
    'answers.nps',
  ],
  [
    'a statement answered 0',
    () => postJson(stack, '/api/feedback', { ...valid, answers: { smooth: 0 } }),
    400,
    'validation_failed',
    'answers.smooth',
  ],
  [
    'a statement answered 6',
    () => postJson(stack, '/api/feedback', { ...valid, answers: { safe: 6 } }),
    400,
    'validation_failed',
    'answers.safe',
  ],
  [
    'an unknown statement id',
    () => postJson(stack, '/api/feedback', { ...valid, answers: { nps: 9, happiness: 4 } }),
    400,
    'validation_failed',
    'answers.happiness',
  ],
  ['answers as an array', () => postJson(stack, '/api/feedback', { ...valid, answers: [9] }), 400, 'validation_failed', 'answers'],
  [
    'a boolean answer',
    () => postJson(stack, '/api/feedback', { ...valid, answers: { nps: true } }),
    400,
    'validation_failed',
    'answers.nps',
  ],
  ['a numeric unit id', () => postJson(stack, '/api/feedback', { ...valid, unitId: 42 }), 400, 'validation_failed', 'unitId'],
  ['a missing unit id', () => postJson(stack, '/api/feedback', { ...valid, unitId: undefined }), 400, 'validation_failed', 'unitId'],
  ['a JSON array body', () => postJson(stack, '/api/feedback', [valid]), 400, 'validation_failed', 'body'],
  ['an unknown channel', () => postJson(stack, '/api/feedback', { ...valid, channel: 'fax' }), 400, 'validation_failed', 'channel'],
  [
    'the sms channel without a link',
    () => postJson(stack, '/api/feedback', { ...valid, channel: 'sms' }),
    400,
    'validation_failed',
    'channel',
  ],
  ['an unknown language', () => postJson(stack, '/api/feedback', { ...valid, lang: 'de' }), 400, 'validation_failed', 'lang'],
  ['an unknown role', () => postJson(stack, '/api/feedback', { ...valid, role: 'nurse' }), 400, 'validation_failed', 'role'],
  ['an unknown top-level field', () => postJson(stack, '/api/feedback', { ...valid, ip: '1.2.3.4' }), 400, 'validation_failed', 'ip'],
  [
    'free text over 4,000 characters',
    () => postJson(stack, '/api/feedback', { ...valid, text: tooLongText }),
    400,
    'validation_failed',
    'text',
  ],
  ['free text as a number', () => postJson(stack, '/api/feedback', { ...valid, text: 5 }), 400, 'validation_failed', 'text'],
  ['nothing answered', () => postJson(stack, '/api/feedback', { ...valid, answers: {}, text: '   ' }), 400, 'validation_failed', 'answers'],
  ['a body over 16 KB', () => postJson(stack, '/api/feedback', { ...valid, text: 'ä'.repeat(8200) }), 400, 'body_too_large', 'body'],
  [
    'a malformed Idempotency-Key',
    () => postJson(stack, '/api/feedback', valid, { 'idempotency-key': 'has space' }),
    400,
    'validation_failed',
    'headers.idempotency-key',
  ],
];

describe('bad input gets a clear answer and changes nothing', () => {
  it.each(cases)('%s → %i %s naming %s', async (_name, send, status, code, path) => {
    const before = await snapshot(stack);
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toContain('application/json');
    const body = (await r.json()) as ErrorBody;
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(Array.isArray(body.error.issues)).toBe(true);
    expect(body.error.issues.map((i) => i.path)).toContain(path);
    expect(await snapshot(stack)).toBe(before);
  });
});

describe('Idempotency-Key', () => {
  it('makes a retry return the same id and store one answer', async () => {
    const key = `retry-${Date.now()}`;
    const before = (await scanAll(stack, 'feedback')).length;
    const a = await postJson(stack, '/api/feedback', valid, { 'idempotency-key': key });
    const b = await postJson(stack, '/api/feedback', valid, { 'idempotency-key': key });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(((await a.json()) as { id: string }).id).toBe(((await b.json()) as { id: string }).id);
    expect((await scanAll(stack, 'feedback')).length).toBe(before + 1);
  });
  it('keeps no copy of the answer in the idempotency row: only hashes, the answer id and its times', async () => {
    const key = `body-${Date.now()}`;
    const r = await postJson(stack, '/api/feedback', valid, { 'idempotency-key': key });
    const { id } = (await r.json()) as { id: string };
    const row = (await scanAll(stack, 'idempotency')).find((i) => i.answerId === id)!;
    expect(Object.keys(row).sort()).toEqual(['answerId', 'expiresAt', 'keyHash', 'pk', 'receivedAt', 'requestHash', 'submittedAt']);
    expect(JSON.stringify(row)).not.toContain('Ystävällinen');
    expect(JSON.stringify(row)).not.toContain(key);
  });
  it('stores one answer when the same key arrives twenty times at once', async () => {
    const key = `burst-${Date.now()}`;
    const before = (await scanAll(stack, 'feedback')).length;
    const rs = await Promise.all(Array.from({ length: 20 }, () => postJson(stack, '/api/feedback', valid, { 'idempotency-key': key })));
    const ids = new Set(await Promise.all(rs.map(async (r) => ((await r.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    expect((await scanAll(stack, 'feedback')).length).toBe(before + 1);
  });
  it('refuses the same key with a different body (409), storing nothing', async () => {
    const key = `conflict-${Date.now()}`;
    await postJson(stack, '/api/feedback', valid, { 'idempotency-key': key });
    const before = await snapshot(stack);
    const r = await postJson(stack, '/api/feedback', { ...valid, answers: { nps: 0 } }, { 'idempotency-key': key });
    expect(r.status).toBe(409);
    expect(((await r.json()) as ErrorBody).error.issues[0]!.path).toBe('headers.idempotency-key');
    expect(await snapshot(stack)).toBe(before);
  });
});

describe('concurrency', () => {
  it('stores exactly 1,000 answers for 1,000 concurrent valid submissions', async () => {
    const before = (await scanAll(stack, 'feedback')).length;
    const units = ['keskusta-ta', 'rantala-ta', 'laboratorio', 'kotihoito-ita'];
    const rs = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        postJson(stack, '/api/feedback', { unitId: units[i % units.length], channel: 'qr', lang: 'fi', answers: { nps: i % 11 } }),
      ),
    );
    expect(rs.map((r) => r.status).every((s) => s === 201)).toBe(true);
    const ids = new Set(await Promise.all(rs.map(async (r) => ((await r.json()) as { id: string }).id)));
    expect(ids.size).toBe(1000);
    const after = await scanAll(stack, 'feedback');
    expect(after.length).toBe(before + 1000);
    expect(after.filter((i) => ids.has(i.id as string)).length).toBe(1000);
  });
});
