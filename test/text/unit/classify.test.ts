/**
 * The offline classifier (shared/text/classify.ts): language detection, themes through inflection and
 * compounds, negation, the NPS prior, `mixed`, and the contract every caller relies on (at least one
 * theme, in THEME_IDS order, `other` alone when nothing fits).
 */
import { describe, expect, it } from 'vitest';
import { classifyComment, detectLanguage, loadClassifier, offlineClassifier, THEME_IDS } from '#shared/text/index.ts';
import { buildEvalSet, evalSetJson, EVAL_SET_FILE } from '../../../bench/text/eval-set.ts';
import { readFileSync } from 'node:fs';

const themes = (text: string, lang: 'fi' | 'sv' | 'en' = 'fi') => classifyComment({ text, lang }).themes;
const sentiment = (text: string, nps?: number, lang: 'fi' | 'sv' | 'en' = 'fi') =>
  classifyComment({ text, lang, ...(nps === undefined ? {} : { nps }) }).sentiment;

describe('detectLanguage', () => {
  it.each([
    ['Odotin tosi kauan ja lääkäri oli kiireinen', 'fi'],
    ['Jag fick vänta länge men personalen var trevlig', 'sv'],
    ['The nurse was very kind and the doctor listened', 'en'],
  ] as const)('%s → %s', (text, lang) => {
    expect(detectLanguage(text, 'fi')).toBe(lang);
    expect(detectLanguage(text, lang === 'fi' ? 'sv' : 'fi')).toBe(lang);
  });

  it("keeps the answer's language when the words say too little", () => {
    expect(detectLanguage('OK!', 'sv')).toBe('sv');
    expect(detectLanguage('10/10', 'en')).toBe('en');
  });
});

describe('themes', () => {
  it('finds them through inflection and inside compound words', () => {
    expect(themes('Ajanvarauksen kanssa oli ongelmia')).toContain('booking');
    expect(themes('Lääkäriajan varaaminen netissä')).toEqual(expect.arrayContaining(['booking', 'digital_services']));
    expect(themes('Puhelinpalveluun ei päässyt')).toContain('phone_service');
    expect(themes('Jonotusaika oli pitkä')).toContain('waiting');
    expect(themes('Asiakasmaksu tuntui kalliilta')).toContain('costs');
    expect(themes('Odotushuone oli siisti')).toEqual(['premises']);
  });

  it('works in Swedish and English', () => {
    expect(themes('Tidsbokningen var krånglig och telefonkön lång', 'sv')).toEqual(['booking', 'phone_service', 'waiting']);
    expect(themes('The receptionist was rude and parking is expensive', 'en')).toEqual(['encounter', 'premises', 'costs']);
  });

  it('ignores placeholders: a redacted phone number is no phone-service theme', () => {
    expect(themes('numeroni [puhelin], kiitos hyvästä hoidosta')).toEqual(['care_quality']);
  });

  it('is other alone when nothing fits, and in THEME_IDS order without duplicates', () => {
    expect(themes('Ihan jees')).toEqual(['other']);
    const many = themes('Maksu, jono, puhelin, ajanvaraus, tilat ja ystävällinen hoitaja: puhelin ja jono taas');
    expect(many).toEqual(THEME_IDS.filter((t) => many.includes(t)));
    expect(new Set(many).size).toBe(many.length);
  });
});

describe('sentiment', () => {
  it('reads praise and criticism', () => {
    expect(sentiment('Ystävällinen ja ammattitaitoinen hoitaja, kiitos!')).toBe('positive');
    expect(sentiment('Töykeä vastaanotto ja huono palvelu')).toBe('negative');
    expect(sentiment('Personalen var otrevlig', undefined, 'sv')).toBe('negative');
    expect(sentiment('Great care, thank you', undefined, 'en')).toBe('positive');
  });

  it('flips under negation', () => {
    expect(sentiment('Lääkäri ei ollut ystävällinen')).toBe('negative');
    expect(sentiment('Ei tarvinnut odottaa yhtään')).toBe('positive');
    expect(sentiment('Nettiajanvaraus ei toiminut')).toBe('negative');
    expect(sentiment('Det var inte bra', undefined, 'sv')).toBe('negative');
    expect(sentiment("The staff weren't friendly", undefined, 'en')).toBe('negative');
    expect(sentiment('Not bad at all', undefined, 'en')).toBe('positive');
  });

  it('counts a negation that denies no word of the lexicons as a complaint, unless it denies something special', () => {
    expect(sentiment('Ingen uppföljning efter operationen', undefined, 'sv')).toBe('negative');
    expect(sentiment('No service in English', undefined, 'en')).toBe('negative');
    expect(sentiment('Ei mitään erityistä', 8)).toBe('neutral');
    expect(sentiment('Inget särskilt att säga', 8, 'sv')).toBe('neutral');
    expect(sentiment('Ei valittamista')).toBe('positive');
  });

  it('is mixed when praise and criticism meet', () => {
    expect(sentiment('Hoitaja oli ihana mutta jonotin puhelimessa tunnin ja se oli turhauttavaa')).toBe('mixed');
    expect(sentiment('Nice staff but a terrible wait', undefined, 'en')).toBe('mixed');
  });

  it('takes the NPS as a prior: it decides a comment without evaluative words and tips a weak one', () => {
    expect(sentiment('Kävin laboratoriossa')).toBe('neutral');
    expect(sentiment('Kävin laboratoriossa', 10)).toBe('positive');
    expect(sentiment('Kävin laboratoriossa', 2)).toBe('negative');
    expect(sentiment('Ihan ok', 8)).toBe('neutral');
    expect(sentiment('Ihan ok', 10)).toBe('positive');
    expect(sentiment('Huono palvelu', 10)).toBe('negative');
  });
});

describe('the classifier ports', () => {
  it('the loader and the offline port give what classifyComment gives', async () => {
    const input = { text: 'Odotin kaksi tuntia', lang: 'fi' as const, nps: 3 };
    expect(await offlineClassifier.classify(input)).toEqual(classifyComment(input));
    expect((await loadClassifier())(input)).toEqual(classifyComment(input));
  });
});

describe('the evaluation set', () => {
  it('is what bench/text/eval-set.ts builds (regenerate with `npx tsx bench/text/eval-set.ts --write`)', () => {
    expect(readFileSync(EVAL_SET_FILE, 'utf8')).toBe(evalSetJson(buildEvalSet()));
  });

  it('has at least 300 comments in three languages, 320 held out, every span on its text', () => {
    const set = buildEvalSet();
    expect(set.length).toBeGreaterThanOrEqual(300);
    expect(new Set(set.map((i) => i.lang))).toEqual(new Set(['fi', 'sv', 'en']));
    // Alternate comments of each language are held out; the extra dev comments come after them.
    expect(set.filter((i) => i.split === 'heldout').length).toBe(320);
    for (const item of set)
      for (const s of item.spans) expect(item.text.slice(s.start, s.end).trim()).toBe(item.text.slice(s.start, s.end));
  });
});
