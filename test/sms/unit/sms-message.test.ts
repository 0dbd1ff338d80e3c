/**
 * The SMS text and the number it goes to (shared/sms/message.ts, shared/sms/phone.ts): the invitation
 * names the region in the person's language and, with a realistic long link, is GSM-7 in one segment;
 * the SMS language of a visit; Finnish mobile numbers normalised to E.164 and everything else refused
 * with its reason; and the committed phone metadata is exactly what scripts/phone-metadata.mjs makes
 * from the installed libphonenumber-js.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGS, type Lang } from '#shared/platform/i18n.ts';
import { invitationText, smsLang } from '#shared/sms/message.ts';
import { smsSegments } from '#shared/sms/segments.ts';
import { normaliseMobile } from '#shared/sms/phone.ts';
import { newLinkToken } from '#shared/sms/link-token.ts';

const region = JSON.parse(readFileSync('config/region.json', 'utf8')) as { region: { name: Record<Lang, string> } };
/** A realistic long public origin: a county's own domain, spelt out. */
const ORIGIN = 'https://palaute.esimerkkilanhyvinvointialue.fi';
const link = () => `${ORIGIN}/s/${newLinkToken()}`;

describe('invitationText', () => {
  it.each(LANGS)('in %s names the region in that language and carries the link', (lang) => {
    const url = link();
    const text = invitationText(lang, region.region.name[lang], url);
    expect(text).toContain(region.region.name[lang]);
    expect(text).toContain(url);
    // The link is the last thing, so no phone splits it from trailing punctuation.
    expect(text.endsWith(url)).toBe(true);
    for (const other of LANGS.filter((l) => l !== lang)) expect(text).not.toContain(region.region.name[other]);
  });

  it.each(LANGS)('in %s is GSM-7, so no character forces UCS-2 and 70-character segments', (lang) => {
    const text = invitationText(lang, region.region.name[lang], link());
    expect(smsSegments(text).encoding).toBe('GSM-7');
  });

  it.each(LANGS)('in %s fits one segment (≤ 160 GSM-7 characters) with the demo region and a long origin', (lang) => {
    // The alphabet of the token does not change the length: every base64url character is one GSM-7 septet.
    for (const token of ['AAAAAAAAAAAAAAAA', '________________', '----------------', newLinkToken()]) {
      const text = invitationText(lang, region.region.name[lang], `${ORIGIN}/s/${token}`);
      const s = smsSegments(text);
      expect(s, text).toEqual({ characters: text.length, encoding: 'GSM-7', segments: 1 });
      expect(s.characters).toBeLessThanOrEqual(160);
    }
  });
});

describe('smsSegments', () => {
  it('counts 160 GSM-7 characters as one segment and 161 as two', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ characters: 160, encoding: 'GSM-7', segments: 1 });
    expect(smsSegments('a'.repeat(161)).segments).toBe(2);
  });
  it('counts Finnish and Swedish letters ä ö å Ä Ö Å as GSM-7', () => {
    expect(smsSegments('äöåÄÖÅ').encoding).toBe('GSM-7');
  });
  it('switches to UCS-2 for a character outside GSM-7, which would shrink a segment to 70', () => {
    expect(smsSegments('š').encoding).toBe('UCS-2');
    expect(smsSegments('š'.repeat(71)).segments).toBe(2);
  });
});

describe('smsLang', () => {
  it.each([
    ['fi', 'fi'],
    ['FI', 'fi'],
    [' fi ', 'fi'],
    ['sv', 'sv'],
    ['SV', 'sv'],
    ['\tSv\n', 'sv'],
    ['en', 'en'],
    ['EN', 'en'],
    ['se', 'en'],
    ['fi-FI', 'en'],
    ['de', 'en'],
    ['ru', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ])('maps the recorded language %j to %s', (recorded, lang) => {
    expect(smsLang(recorded)).toBe(lang);
  });
});

describe('normaliseMobile', () => {
  it.each([
    ['0401234567', '+358401234567'],
    ['+358 40 123 4567', '+358401234567'],
    ['+358401234567', '+358401234567'],
    ['040 123 4567', '+358401234567'],
    ['050-1234567', '+358501234567'],
    ['0457 1234567', '+3584571234567'],
    ['044 1234567', '+358441234567'],
  ])('accepts the mobile number %j as %s', (raw, e164) => {
    expect(normaliseMobile(raw)).toEqual({ ok: true, e164 });
  });

  it('gives the same E.164 for every way of writing one number, so cooldown and one-a-day see one person', () => {
    const forms = ['0401234567', '040 123 4567', '040-123 4567', '+358 40 123 4567', '+358401234567', '(040) 1234567'];
    expect(new Set(forms.map((f) => JSON.stringify(normaliseMobile(f))))).toEqual(
      new Set([JSON.stringify({ ok: true, e164: '+358401234567' })]),
    );
  });

  it.each(['09 1234567', '09 12345678', '+358 9 1234567', '017 1234567'])('refuses the landline %j as not_mobile', (raw) => {
    expect(normaliseMobile(raw)).toEqual({ ok: false, problem: 'not_mobile' });
  });

  it.each(['123', 'abc', '', '+46701234567', '+46 70 123 45 67', '+1 202 555 0143', '040'])('refuses %j as invalid_phone', (raw) => {
    expect(normaliseMobile(raw)).toEqual({ ok: false, problem: 'invalid_phone' });
  });

  it.each([
    'äiti 0401234569',
    '0401234569 (äiti)',
    'tel:0401234567',
    '0401234567 / 0407654321',
    '040 123 4567 ext',
    '+358 40 123 4567\n'.repeat(2),
  ])('refuses %j: the whole field must be one number', (raw) => {
    expect(normaliseMobile(raw)).toEqual({ ok: false, problem: 'invalid_phone' });
  });

  it('never puts the number in what it returns for a refused number', () => {
    for (const raw of ['09 1234567', '+46701234567', '123']) expect(JSON.stringify(normaliseMobile(raw))).not.toMatch(/\d{3}/);
  });
});

describe('shared/sms/phone-metadata.json', () => {
  it('equals what scripts/phone-metadata.mjs makes from the installed libphonenumber-js (FI and AX only)', () => {
    // The script writes next to itself (../shared/sms/): run an unchanged copy in a temporary tree
    // whose node_modules is this repository's, so the committed file is never touched.
    const root = mkdtempSync(join(tmpdir(), 'palaute-phone-metadata-'));
    try {
      mkdirSync(join(root, 'scripts'));
      mkdirSync(join(root, 'shared', 'sms'), { recursive: true });
      copyFileSync('scripts/phone-metadata.mjs', join(root, 'scripts', 'phone-metadata.mjs'));
      symlinkSync(join(process.cwd(), 'node_modules'), join(root, 'node_modules'), 'dir');
      execFileSync(process.execPath, [join(root, 'scripts', 'phone-metadata.mjs')], { stdio: 'pipe' });
      const fresh = readFileSync(join(root, 'shared', 'sms', 'phone-metadata.json'), 'utf8');
      const committed = readFileSync('shared/sms/phone-metadata.json', 'utf8');
      expect(JSON.parse(committed)).toEqual(JSON.parse(fresh));
      expect(committed).toBe(fresh);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('holds only +358 (Finland and Åland) and the mobile data of both', () => {
    const meta = JSON.parse(readFileSync('shared/sms/phone-metadata.json', 'utf8')) as {
      version: number;
      country_calling_codes: Record<string, string[]>;
      countries: Record<string, unknown>;
    };
    const full = JSON.parse(readFileSync('node_modules/libphonenumber-js/metadata.mobile.json', 'utf8')) as typeof meta;
    expect(meta.country_calling_codes).toEqual({ '358': ['FI', 'AX'] });
    expect(Object.keys(meta.countries).sort()).toEqual(['AX', 'FI']);
    expect(meta.countries.FI).toEqual(full.countries.FI);
    expect(meta.countries.AX).toEqual(full.countries.AX);
    expect(meta.version).toBe(full.version);
  });
});
