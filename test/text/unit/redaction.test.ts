/**
 * Redaction at intake (shared/text/redaction.ts): every identifier kind is replaced by its placeholder
 * in the answer's language, clean text around it stays, person names are marked and masked, and the
 * allow-list keeps the org tree's and places' names readable.
 */
import { describe, expect, it } from 'vitest';
import { loadPhoneKind } from '#shared/contacts/index.ts';
import region from '../../../config/region.json' with { type: 'json' };
import { parseConfig } from '#shared/config.ts';
import { allowListFrom, allowListOf, findSpans, hetuCheckChar, maskNames, type PhoneJudge, redactText } from '#shared/text/index.ts';

const phones: PhoneJudge = await loadPhoneKind();
const allow = allowListOf(parseConfig().org);
const fi = (text: string) => redactText(text, { lang: 'fi', allow, phones }).text;

/** A valid identity code of a date and individual number, with its century sign. */
const code = (ddmmyy: string, sign: string, nnn: string) => `${ddmmyy}${sign}${nnn}${hetuCheckChar(ddmmyy, nnn)}`;

describe('identity codes', () => {
  it.each(['+', '-', 'A', 'B', 'C', 'D', 'E', 'F', 'Y', 'X', 'W', 'V', 'U'])('are redacted with the century sign %s', (sign) => {
    const hetu = code('150105', sign, '123');
    expect(fi(`Hetuni on ${hetu}, kiitos.`)).toBe('Hetuni on [hetu], kiitos.');
  });

  it('are redacted with a wrong check character when shape and date are right', () => {
    const right = hetuCheckChar('131052', '308');
    const wrong = right === 'T' ? 'U' : 'T';
    expect(right).toBe('T');
    expect(fi(`Koodi 131052-308${wrong} ja 131052-308T`)).toBe('Koodi [hetu] ja [hetu]');
  });

  it('are redacted in lower case and in every language', () => {
    expect(redactText('personnummer 010190a123b', { lang: 'sv' }).text).toBe('personnummer [personbeteckning]');
    expect(redactText('ID 010190-123B', { lang: 'en' }).text).toBe('ID [personal id]');
  });

  it('are not redacted when the date cannot exist (a reference number of the same shape stays)', () => {
    expect(fi('Tilaus 310299-123A ja 320190-123B')).toBe('Tilaus 310299-123A ja 320190-123B');
    expect(fi('29.2. syntynyt 290200A123C')).toBe('29.2. syntynyt [hetu]');
    expect(fi('290201A123C')).toBe('290201A123C');
  });
});

describe('phone numbers', () => {
  it.each([
    '040 123 4567',
    '0401234567',
    '040-123 4567',
    '050 987 65 43',
    '(09) 1234 5678',
    '09 123 4567',
    '+358 40 123 4567',
    '+358401234567',
    '+358-40-1234567',
    '00358 40 123 4567',
    '+46 70 123 45 67',
    '+44 20 7946 0958',
    '+1 (212) 555-0100',
    '040.123.4567',
  ])('%s is redacted', (number) => {
    expect(fi(`Soittakaa ${number} iltaisin`)).toBe('Soittakaa [puhelin] iltaisin');
  });

  it('are each redacted when several stand in one run, or a figure stands before one', () => {
    expect(fi('numerot 040 123 4567 / 050 765 4321 kiitos')).toBe('numerot [puhelin] / [puhelin] kiitos');
    expect(fi('040 123 4567 040 765 4321')).toBe('[puhelin] [puhelin]');
    expect(fi('vuonna 2023 040 123 4567')).toBe('vuonna 2023 [puhelin]');
    expect(redactText('vuonna 2023 040 123 4567', { lang: 'fi' }).text).toBe('vuonna 2023 [puhelin]');
  });

  it('are redacted without the phone library too, by their digits', () => {
    expect(redactText('numero 040 123 4567 ja +46 70 123 45 67', { lang: 'fi' }).text).toBe('numero [puhelin] ja [puhelin]');
  });

  it('leave dates, times, years, ranges and counts alone', () => {
    const clean = 'Kävin 15.11.2026 klo 14.30, vuosina 2019-2023 kolme kertaa, jonossa 45 min, maksoin 32,50 €.';
    expect(fi(clean)).toBe(clean);
  });

  it('carry their placeholder in the answer language', () => {
    expect(redactText('ring 040 123 4567', { lang: 'sv', phones }).text).toBe('ring [telefon]');
    expect(redactText('call 040 123 4567', { lang: 'en', phones }).text).toBe('call [phone]');
  });
});

describe('e-mail addresses and IBANs', () => {
  it('redacts e-mail addresses, also written with (at)', () => {
    expect(fi('Sähköposti liisa.virtanen@example.fi tai liisa(at)example.fi.')).toBe('Sähköposti [sähköposti] tai [sähköposti].');
    expect(redactText('e-post anna@example.se', { lang: 'sv' }).text).toBe('e-post [e-post]');
  });

  it('redacts IBANs in groups or run together, and a mistyped one of the right length', () => {
    expect(fi('Tili FI21 1234 5600 0007 85 palautukselle')).toBe('Tili [tilinumero] palautukselle');
    expect(fi('tili FI2112345600000785.')).toBe('tili [tilinumero].');
    expect(fi('tili FI2112345600000786')).toBe('tili [tilinumero]');
    expect(redactText('konto SE45 5000 0000 0583 9825 7466', { lang: 'sv' }).text).toBe('konto [kontonummer]');
  });
});

describe('street addresses', () => {
  it.each([
    ['Asun Mannerheimintie 5 B 12, kiitos', 'Asun [osoite], kiitos'],
    ['Kirjeet Koivukuja 3 as 4, 00100 Helsinki.', 'Kirjeet [osoite].'],
    ['osoite hämeenkatu 22 A', 'osoite [osoite]'],
  ])('%s', (text, redacted) => {
    expect(fi(text)).toBe(redacted);
  });

  it('redacts Swedish and English ones in their language', () => {
    expect(redactText('Jag bor på Storgatan 3 i Vasa', { lang: 'sv' }).text).toBe('Jag bor på [adress] i Vasa');
    expect(redactText('I live at 12 Baker Street now', { lang: 'en' }).text).toBe('I live at [address] now');
  });

  it('leaves street words without a number and numbers without a street alone', () => {
    const clean = 'Mannerheimintiellä oli ruuhkaa, odotin 3 tuntia ja tie 5 kilometriä.';
    expect(fi(clean)).toBe(clean);
  });
});

describe('person names', () => {
  const names = (text: string, lang: 'fi' | 'sv' | 'en' = 'fi') => {
    const r = redactText(text, { lang, allow });
    return r.names.map((n) => r.text.slice(n.start, n.end));
  };

  it('marks first names, inflected ones, surnames after them and names after a title', () => {
    expect(names('Kiitos hoitaja Liisalle ja lääkäri Virtaselle! Mikolle myös.')).toEqual(['Liisalle', 'Virtaselle', 'Mikolle']);
    expect(names('Liisa Virtanen oli ihana, samoin Hertta Rantanen.')).toEqual(['Liisa Virtanen', 'Hertta Rantanen']);
    expect(names('Tack till sjuksköterskan Anna Andersson', 'sv')).toEqual(['Anna Andersson']);
    expect(names('Dr Okafor was great, nurse Priya too.', 'en')).toEqual(['Okafor', 'Priya']);
  });

  it('keeps names that are words unmarked where they are words', () => {
    expect(names('Anna palautetta. Toivo oli hyvä lääkäri ja usko palasi.')).toEqual([]);
    expect(names('Lääkäri Toivo oli hyvä.')).toEqual(['Toivo']);
  });

  it('keeps the org tree and place names readable (the allow-list)', () => {
    expect(names('Keskustan terveysasemalla ja Rantalan neuvolassa, sitten Lahdessa ja Salossa.')).toEqual([]);
    const own = allowListFrom(parseConfig().org, ['Virtanen']);
    expect(redactText('lääkäri Virtanen', { lang: 'fi', allow: own }).names).toEqual([]);
  });

  it("adds the region's own place names from region.redaction.placeNames, and refuses a bad one naming the field", () => {
    const withPlaces = structuredClone(region) as typeof region & { region: { redaction?: { placeNames: string[] } } };
    withPlaces.region.redaction = { placeNames: ['Hertta'] };
    const own = allowListOf(parseConfig(withPlaces).org);
    expect(redactText('lääkäri Hertta', { lang: 'fi', allow: own }).names).toEqual([]);
    expect(redactText('lääkäri Hertta', { lang: 'fi', allow }).names).toHaveLength(1);
    withPlaces.region.redaction = { placeNames: ['x'] };
    expect(() => parseConfig(withPlaces)).toThrow('region.redaction.placeNames[0]: must be at least 2 characters');
  });

  it('keeps names in the stored text and masks them when it leaves the unit', () => {
    const r = redactText('Kiitos hoitaja Liisa Virtanen, soita 040 123 4567', { lang: 'fi', allow, phones });
    expect(r.text).toBe('Kiitos hoitaja Liisa Virtanen, soita [puhelin]');
    expect(maskNames(r, 'fi')).toBe('Kiitos hoitaja [nimi], soita [puhelin]');
    expect(maskNames(r, 'sv')).toBe('Kiitos hoitaja [namn], soita [puhelin]');
    expect(maskNames({ text: 'no names', names: [] }, 'en')).toBe('no names');
  });
});

describe('findSpans', () => {
  it('gives each kind once, in order, without overlaps', () => {
    const text = 'liisa@example.fi 040 123 4567 010190-123B FI21 1234 5600 0007 85 Storgatan 3 Liisa';
    expect(findSpans(text, { lang: 'fi', phones }).map((s) => s.kind)).toEqual(['email', 'phone', 'hetu', 'iban', 'address', 'name']);
  });
});
