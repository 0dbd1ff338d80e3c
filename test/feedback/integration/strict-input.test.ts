/**
 * Input no schema should have to think about is refused before any use case runs, with the field
 * named and nothing stored: prototype keys, NUL and lone surrogates, a charset other than UTF-8.
 * And a corrected form sent twice stores the correction once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

interface ErrorBody {
  error: { code: string; message: string; issues: { path: string; message: string }[] };
}

const post = (path: string, body: string, contentType = 'application/json') =>
  fetch(stack.url + path, { method: 'POST', headers: { 'content-type': contentType }, body, redirect: 'manual' });

describe('POST /api/feedback refuses', () => {
  it.each([
    [
      'answers.__proto__',
      '{"unitId":"keskusta-ta","channel":"web","lang":"fi","answers":{"nps":9,"__proto__":{"x":1}}}',
      'answers.__proto__',
    ],
    [
      'a top-level constructor key',
      '{"unitId":"keskusta-ta","channel":"web","lang":"fi","answers":{"nps":9},"constructor":1}',
      'constructor',
    ],
    [
      'answers.__proto__ written with an escape',
      '{"unitId":"keskusta-ta","channel":"web","lang":"fi","answers":{"nps":9,"\\u005f_proto__":{"x":1}}}',
      'answers.__proto__',
    ],
    ['answers.prototype', '{"unitId":"keskusta-ta","channel":"web","lang":"fi","answers":{"nps":9,"prototype":2}}', 'answers.prototype'],
    [
      'a lone surrogate in the text',
      '{"unitId":"keskusta-ta","channel":"web","lang":"fi","answers":{"nps":9},"text":"hyv\\ud800ä"}',
      'text',
    ],
    ['a NUL in the text', '{"unitId":"keskusta-ta","channel":"web","lang":"fi","answers":{"nps":9},"text":"a\\u0000b"}', 'text'],
  ])('%s with 400 naming the field, storing nothing', async (_what, body, path) => {
    const before = await snapshot(stack);
    const r = await post('/api/feedback', body);
    expect(r.status).toBe(400);
    const e = (await r.json()) as ErrorBody;
    expect(e.error.code).toBe('invalid_body');
    expect(e.error.issues.map((i) => i.path)).toContain(path);
    expect(await snapshot(stack)).toBe(before);
  });

  it.each(['iso-8859-1', 'latin1', 'utf-16', 'windows-1252'])(
    'a body declared as charset=%s with 415, storing nothing',
    async (charset) => {
      const before = await snapshot(stack);
      const r = await post(
        '/api/feedback',
        JSON.stringify({ unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 9 } }),
        `application/json; charset=${charset}`,
      );
      expect(r.status).toBe(415);
      const e = (await r.json()) as ErrorBody;
      expect(e.error.issues).toEqual([{ path: 'headers.content-type', message: `charset must be utf-8, got ${charset}` }]);
      expect(await snapshot(stack)).toBe(before);
    },
  );

  it('nothing when the charset is UTF-8, in any spelling', async () => {
    for (const ct of ['application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/json; charset="utf8"']) {
      const r = await post('/api/feedback', JSON.stringify({ unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 9 } }), ct);
      expect(r.status, ct).toBe(201);
    }
  });
});

describe('the HTML form', () => {
  it('refuses a NUL in a field with 400 naming it, storing nothing', async () => {
    const before = await snapshot(stack);
    const r = await post('/f/keskusta-ta', 'lang=fi&idem=strict-1&nps=9&text=a%00b', 'application/x-www-form-urlencoded');
    expect(r.status).toBe(400);
    expect(((await r.json()) as ErrorBody).error.issues).toEqual([{ path: 'text', message: 'must not contain NUL characters' }]);
    expect(await snapshot(stack)).toBe(before);
  });

  it('refuses a form declared in Latin-1 with 415', async () => {
    const r = await post('/f/keskusta-ta', 'lang=fi&idem=strict-2&nps=9', 'application/x-www-form-urlencoded; charset=ISO-8859-1');
    expect(r.status).toBe(415);
  });

  it('stores a corrected answer once when the corrected page is sent twice (double click)', async () => {
    const form = (fields: Record<string, string>) =>
      post('/f/kuvantaminen', new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
    const before = (await scanAll(stack, 'feedback')).length;
    expect((await form({ lang: 'fi', idem: 'strict-3', nps: '6' })).status).toBe(303);
    // Back, correct the answer, double click: the first answer and the correction, once each.
    const [a, b] = await Promise.all([form({ lang: 'fi', idem: 'strict-3', nps: '9' }), form({ lang: 'fi', idem: 'strict-3', nps: '9' })]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect((await form({ lang: 'fi', idem: 'strict-3', nps: '9' })).status).toBe(303);
    const stored = (await scanAll(stack, 'feedback')).slice();
    expect(stored.length).toBe(before + 2);
    expect(
      stored
        .filter((i) => i.unitId === 'kuvantaminen')
        .map((i) => (i.answers as { nps: number }).nps)
        .sort(),
    ).toEqual([6, 9]);
  });
});
