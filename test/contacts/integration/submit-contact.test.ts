/**
 * A contact request over real HTTP on the local stack: `POST /api/feedback` and staff entry store the
 * answer with `contactRequested` and the contact, encrypted, in the contacts table, in one
 * transaction; every bad contact field is a 400 in the documented error shape naming it, with
 * nothing stored, on `POST /api/feedback` and on staff entry; retries with an
 * Idempotency-Key store one contact; and the scan test — the phone and e-mail, as given and
 * normalised, appear in no table but `contacts`, and there not in clear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import type { DynamoContactVault } from '#shared/contacts/index.ts';
import { stackVault } from '../support/stack-vault.ts';
import { postJson, scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
let vault: DynamoContactVault;
beforeAll(async () => {
  stack = await startTestStack();
  vault = stackVault(stack);
});
afterAll(() => stack?.close());

/** The personal data of this file, as given and as normalised. */
const PHONE = '040 765 4321';
const PHONE_E164 = '+358407654321';
const EMAIL = 'Liisa.Virtanen@Example.FI';
const EMAIL_NORMAL = 'Liisa.Virtanen@example.fi';
const NAME = 'Liisa Virtanen';

const answer = { unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 3 }, text: 'Odotin kauan.' };
const contact = { name: NAME, phone: PHONE, email: EMAIL, consent: true };

interface ErrorBody {
  error: { code: string; message: string; issues: { path: string; message: string }[] };
}

/** A paper answer with `contact` entered by a staff member of keskusta-ta. */
async function staffEntry(contact: unknown): Promise<Response> {
  const token = await stack.auth.issue(['feedback:enter'], ['keskusta-ta']);
  return postJson(stack, '/api/feedback/entries', { ...answer, channel: 'paper', contact }, { authorization: `Bearer ${token}` });
}

describe('a contact request', () => {
  it('is stored apart from the answer, encrypted, and the answer says only contactRequested', async () => {
    const r = await postJson(stack, '/api/feedback', { ...answer, contact });
    expect(r.status).toBe(201);
    const { id } = (await r.json()) as { id: string };
    const item = (await scanAll(stack, 'feedback')).find((i) => i.id === id)!;
    expect(item.contactRequested).toBe(true);
    expect(JSON.stringify(item)).not.toMatch(/Liisa|765|4321|example/i);
    const stored = (await scanAll(stack, 'contacts')).find((i) => i.pk === `CONTACT#${id}`)!;
    expect(Object.keys(stored).sort()).toEqual(['ciphertext', 'feedbackId', 'iv', 'keyId', 'pk', 'tag', 'unitId', 'wrappedKey']);
    expect(stored).toMatchObject({ feedbackId: id, unitId: 'keskusta-ta', keyId: 'local/contacts' });
    expect(await vault.read(id)).toEqual({ name: NAME, phone: PHONE_E164, email: EMAIL_NORMAL });
  });

  it('without one, the answer has no contactRequested and no contact item is written', async () => {
    const before = (await scanAll(stack, 'contacts')).length;
    const r = await postJson(stack, '/api/feedback', answer);
    const { id } = (await r.json()) as { id: string };
    expect((await scanAll(stack, 'feedback')).find((i) => i.id === id)).not.toHaveProperty('contactRequested');
    expect(await scanAll(stack, 'contacts')).toHaveLength(before);
    expect(await vault.read(id)).toBeNull();
  });

  it('may come with staff entry', async () => {
    const r = await staffEntry({ phone: '+46 70 123 45 67', consent: true });
    expect(r.status).toBe(201);
    const { id } = (await r.json()) as { id: string };
    expect(await vault.read(id)).toEqual({ phone: '+46701234567' });
  });
});

describe('a bad contact request', () => {
  it.each<[string, unknown, string[]]>([
    ['no phone or e-mail', { name: NAME, consent: true }, ['contact']],
    ['an invalid phone', { phone: '040 12', consent: true }, ['contact.phone']],
    ['text around the phone', { phone: `soita ${PHONE}`, consent: true }, ['contact.phone']],
    ['an invalid e-mail', { email: 'liisa@', consent: true }, ['contact.email']],
    ['no consent', { phone: PHONE }, ['contact.consent']],
    ['consent false', { phone: PHONE, consent: false }, ['contact.consent']],
    ['a name over 200 characters', { name: 'x'.repeat(201), phone: PHONE, consent: true }, ['contact.name']],
    ['a phone over 200 characters', { phone: '0'.repeat(201), consent: true }, ['contact.phone']],
    ['an e-mail over 200 characters', { email: `${'a'.repeat(200)}@b.fi`, consent: true }, ['contact.email']],
    ['an unknown field', { phone: PHONE, consent: true, address: 'x' }, ['contact.address']],
    ['not an object', 'call me', ['contact']],
    ['an array', [PHONE], ['contact']],
    ['null', null, ['contact']],
    ['a phone of the wrong type', { phone: 407654321, consent: true }, ['contact.phone']],
    ['an e-mail of the wrong type', { email: ['liisa@example.fi'], consent: true }, ['contact.email']],
    ['a name of the wrong type', { name: { first: 'Liisa' }, phone: PHONE, consent: true }, ['contact.name']],
    ['consent as a string', { phone: PHONE, consent: 'true' }, ['contact.consent']],
    ['a phone and an e-mail both bad', { phone: '040 12', email: 'liisa@@example.fi', consent: true }, ['contact.phone', 'contact.email']],
  ])('%s → 400 in the documented shape naming the field, nothing stored', async (_, bad, paths) => {
    const before = await snapshot(stack);
    const r = await postJson(stack, '/api/feedback', { ...answer, contact: bad });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await r.json()) as ErrorBody;
    // The README's shape exactly: { error: { code, message, issues: [ { path, message } ] } }.
    expect(body).toEqual({
      error: {
        code: 'validation_failed',
        message: expect.any(String),
        issues: paths.map((path) => ({ path, message: expect.any(String) })),
      },
    });
    // The messages never repeat what was given.
    for (const given of ['765', 'liisa@', 'Liisa']) expect(JSON.stringify(body)).not.toContain(given);
    expect(await snapshot(stack)).toBe(before);
  });

  it('is reported together with a bad answer, nothing stored', async () => {
    const before = await snapshot(stack);
    const r = await postJson(stack, '/api/feedback', { ...answer, answers: { nps: 11 }, contact: { email: 'x', consent: true } });
    expect(r.status).toBe(400);
    expect(((await r.json()) as ErrorBody).error).toEqual({
      code: 'validation_failed',
      message: expect.any(String),
      issues: [
        { path: 'answers.nps', message: expect.any(String) },
        { path: 'contact.email', message: expect.any(String) },
      ],
    });
    expect(await snapshot(stack)).toBe(before);
  });

  it('through staff entry → the same 400 naming the field, nothing stored', async () => {
    const before = await snapshot(stack);
    const r = await staffEntry({ phone: '+46 70 12', consent: true });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({
      error: { code: 'validation_failed', message: expect.any(String), issues: [{ path: 'contact.phone', message: expect.any(String) }] },
    });
    expect(await snapshot(stack)).toBe(before);
  });

  it('with an Idempotency-Key → 400 and the key is not used up: the corrected request is stored once', async () => {
    const key = { 'idempotency-key': 'bad-contact-then-good-0001' };
    const before = await snapshot(stack);
    const bad = await postJson(stack, '/api/feedback', { ...answer, contact: { phone: '040 12', consent: true } }, key);
    expect(bad.status).toBe(400);
    expect(await snapshot(stack)).toBe(before);
    const good = await postJson(stack, '/api/feedback', { ...answer, contact }, key);
    expect(good.status).toBe(201);
    const { id } = (await good.json()) as { id: string };
    expect(await vault.read(id)).toEqual({ name: NAME, phone: PHONE_E164, email: EMAIL_NORMAL });
  });
});

describe('retries with an Idempotency-Key', () => {
  it('store one answer and one contact; the key remembers only that a contact was given', async () => {
    const headers = { 'idempotency-key': 'contact-retry-1' };
    const first = await postJson(stack, '/api/feedback', { ...answer, contact }, headers);
    const { id } = (await first.json()) as { id: string };
    const again = await postJson(stack, '/api/feedback', { ...answer, contact }, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(id);
    // Another contact in a retry is the same request (the hash holds no contact values): the first stands.
    const other = await postJson(stack, '/api/feedback', { ...answer, contact: { phone: '050 555 1234', consent: true } }, headers);
    expect(((await other.json()) as { id: string }).id).toBe(id);
    expect(await vault.read(id)).toEqual({ name: NAME, phone: PHONE_E164, email: EMAIL_NORMAL });
    expect((await scanAll(stack, 'contacts')).filter((i) => i.feedbackId === id)).toHaveLength(1);
    // Dropping the contact is another request.
    expect((await postJson(stack, '/api/feedback', answer, headers)).status).toBe(409);
  });
});

describe('the scan test', () => {
  it('finds the phone and e-mail, as given or normalised, in no table but contacts, and there not in clear', async () => {
    await postJson(stack, '/api/feedback', { ...answer, contact }, { 'idempotency-key': 'scan-1' });
    const forms = [
      PHONE,
      PHONE.replace(/\s/g, ''),
      PHONE_E164,
      PHONE_E164.slice(1),
      '407654321',
      EMAIL,
      EMAIL_NORMAL,
      EMAIL.toLowerCase(),
      NAME,
    ];
    const readings = (item: Record<string, unknown>) => {
      const json = JSON.stringify(item);
      // Binary attributes as bytes: a value stored in clear in one would show in its latin1 reading.
      const bytes = Object.values(item)
        .filter((v): v is Uint8Array => v instanceof Uint8Array)
        .map((v) => Buffer.from(v).toString('latin1'));
      return [json, ...bytes].join('\n').toLowerCase();
    };
    let contactsSeen = 0;
    for (const table of Object.keys(stack.tableNames) as (keyof LocalStack['tableNames'])[]) {
      for (const item of await scanAll(stack, table)) {
        const text = readings(item);
        for (const f of forms) expect(text.includes(f.toLowerCase()), `${f} in ${table}`).toBe(false);
        if (table === 'contacts') contactsSeen++;
      }
    }
    expect(contactsSeen).toBeGreaterThan(0);
  });
});
