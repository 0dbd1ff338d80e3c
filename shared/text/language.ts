/**
 * Language of a comment (fi / sv / en) by counting frequent function words and a few letter shapes:
 * people answer the Finnish form in Swedish or English, and the lexicons and stemmer must follow the
 * text, not the form. Too little evidence keeps the answer's language.
 */
import type { Lang } from '../platform/index.ts';

const STOPWORDS: Record<Lang, ReadonlySet<string>> = {
  fi: new Set(
    'ja on ei oli se että mutta kun niin myös ole olisi ollut olla en et emme eivät tosi todella vähän ihan aika hyvin kiitos mä mua mulle mun meni sai sain saatu kanssa jo vielä vain koska tai jos kuin mitä mikä kaikki sitten nyt tämä tää siellä täällä heti liian erittäin kyllä ku oon oli olin oltiin tuli tuntui piti pitää voisi'.split(
      ' ',
    ),
  ),
  sv: new Set(
    'och är inte att det en ett var jag på med för som men mycket bra tack av till vi har hade blev fick kunde skulle om så den de du man min mitt mig vara väldigt när efter också bara från inget ingen här där nu då kan lite alla'.split(
      ' ',
    ),
  ),
  en: new Set(
    'the and is was not to i my very with for but it of they thanks thank good a an at on in this that were have had be been me we you could would should so too really no just from when after there their'.split(
      ' ',
    ),
  ),
};

/** The language the words of `text` point to, or `fallback` (the answer's language) when they do not. */
export function detectLanguage(text: string, fallback: Lang): Lang {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const score: Record<Lang, number> = { fi: 0, sv: 0, en: 0 };
  for (const w of words) {
    for (const lang of ['fi', 'sv', 'en'] as const) if (STOPWORDS[lang].has(w)) score[lang] += 1;
    if (/(aa|ää|ii|uu|yy|öö|oo)|(ssa|ssä|sta|stä|lla|llä|lle)$/.test(w)) score.fi += 0.5;
    if (/å/.test(w)) score.sv += 1;
    if (/(tion|ing|ed|ly)$/.test(w) && !/ä|ö/.test(w)) score.en += 0.3;
  }
  const best = (['fi', 'sv', 'en'] as const).reduce((a, b) => (score[b] > score[a] ? b : a), fallback);
  return score[best] >= 1 && score[best] > score[fallback] ? best : fallback;
}
