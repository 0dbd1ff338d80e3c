/**
 * The contact request's rules: the schema (consent, lengths, unknown fields) and `validContact`
 * (phone per libphonenumber-js in any country, e-mail syntax, at least one of the two), each problem
 * naming its field, and the normalised form that is encrypted.
 */
import { describe, expect, it } from 'vitest';
import { contactInputSchema, normalisePhone, validContact } from '#shared/contacts/index.ts';
import { ValidationError } from '#shared/platform/errors.ts';
import { toIssues } from '#shared/platform/validation.ts';

async function issuesOf(f: () => Promise<unknown>): Promise<{ path: string; message: string }[]> {
  try {
    await f();
  } catch (e) {
    if (e instanceof ValidationError) return [...e.issues];
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('normalisePhone', () => {
  it.each([
    ['040 123 4567', '+358401234567'],
    ['040-1234567', '+358401234567'],
    ['09 1234 5678', '+358912345678'],
    ['+358 40 123 4567', '+358401234567'],
    ['+46 70 123 45 67', '+46701234567'],
    ['+1 (212) 555-0100', '+12125550100'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('accepts %s as %s', async (raw, e164) => {
    expect(await normalisePhone(raw)).toBe(e164);
  });

  it.each(['123', '+358 12 345', '+1 212 055 0100', '+49 1234', 'soita 040 123 4567', '040 123 4567 tai 050 1', 'abc', '+'])(
    'refuses %s',
    async (raw) => {
      expect(await normalisePhone(raw)).toBeUndefined();
    },
  );
});

describe('contactInputSchema', () => {
  it('needs consent exactly true', () => {
    for (const consent of [false, 'true', 1, undefined]) {
      const r = contactInputSchema.safeParse({ phone: '0401234567', consent });
      expect(r.success).toBe(false);
      expect(toIssues(r.error!).map((i) => i.path)).toEqual(['consent']);
    }
  });

  it('refuses a field over 200 characters and unknown fields, naming them', () => {
    const r = contactInputSchema.safeParse({ name: 'x'.repeat(201), email: `${'a'.repeat(196)}@b.fi`, consent: true, address: 'x' });
    expect(
      toIssues(r.error!)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['address', 'email', 'name']);
    expect(contactInputSchema.safeParse({ name: 'x'.repeat(200), phone: '0401234567', consent: true }).success).toBe(true);
  });
});

describe('validContact', () => {
  it('normalises: phone to E.164, e-mail domain to lower case, blanks dropped', async () => {
    expect(
      await validContact({ name: '  Maija Meikäläinen ', phone: '040 123 4567', email: ' Maija.M@Example.FI ', consent: true }),
    ).toEqual({
      name: 'Maija Meikäläinen',
      phone: '+358401234567',
      email: 'Maija.M@example.fi',
    });
    expect(await validContact({ name: ' ', phone: '', email: 'a@b.fi', consent: true })).toEqual({ email: 'a@b.fi' });
  });

  it('needs a phone or an e-mail, naming the contact request', async () => {
    expect(await issuesOf(() => validContact({ name: 'Maija', consent: true }))).toEqual([
      { path: 'contact', message: expect.stringMatching(/phone number or an e-mail/) },
    ]);
    expect((await issuesOf(() => validContact({ phone: '  ', email: '', consent: true }))).map((i) => i.path)).toEqual(['contact']);
  });

  it('names each bad field, under the prefix given, without repeating the value', async () => {
    const issues = await issuesOf(() => validContact({ phone: '040 12', email: 'maija@', consent: true }));
    expect(issues.map((i) => i.path)).toEqual(['contact.phone', 'contact.email']);
    expect(JSON.stringify(issues)).not.toMatch(/040 12|maija@/);
    expect((await issuesOf(() => validContact({ email: 'not an address', consent: true }, 'c'))).map((i) => i.path)).toEqual(['c.email']);
  });
});
