/**
 * Person names in free text. Names are kept (praise of a named nurse is worth passing on) but marked,
 * so everything that leaves the unit masks them. A word is a name when it is a common first name, a
 * surname after a first name or a title ("hoitaja", "lääkäri", "sjuksköterska", "Dr"), or shaped like a
 * Finnish surname mid-sentence; Finnish case endings and consonant gradation are undone first
 * ("Mikolle" → Mikko). Place names and the org tree's names (the allow-list) are never names.
 */
import type { Lang } from '../platform/index.ts';
import { detectLanguage } from './language.ts';

/** A name found in text: `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** Common first names in Finland (Finnish and Swedish speakers) and of English speakers, lower case. */
const FIRST_NAMES =
  'aada aapo aarne aaro aatu aino aija aila aili aimo aki akseli aleksi alisa alma anja anna anne anneli anni anniina antero antti anu ari arja arto atte aulikki auli eemeli eemil eero eetu eija eila eino eeva eevi elias elina elisa ella ellen elli emilia emma erik erkki essi esa eveliina hanna hannele hannu harri heidi heikki heli helena helmi henna henri henrik hilkka hilla hillevi ida iida iina iiris ilkka ilmari ilona inkeri irja irma iida jaakko jaana jani janne jarmo jari jarkko jenna jenni jere jesse joel johanna johannes joni jonna joona joonas jorma jouko jouni juha juhani juho jukka jussi jyrki jari kaarina kai kaija kaisa kalle kari karoliina kati katja kerttu kimmo kirsi kirsti kristiina krista kyösti lasse lauri leena leevi lea liisa lotta maarit maija maire marika marja marjatta marjo marjut markku markus marko martti matias matti merja mervi miia mika mikael mikko milla minna mirja mirjami mirva nea niilo niina niko nina noora oona olavi oliver olli oskari otto paavo pasi paula pauli pauliina pekka pentti perttu petri petteri pia piia pirjo pirkko raija raimo raili reijo riikka riitta risto ritva roope ronja sami samuli sanna sanni sari saara sakari seppo siiri simo sirkka sirpa sofia susanna suvi taina tanja tapani tapio tarja teemu teija tero terhi tiina timo tommi toni topi tuomas tuomo tuula tuulikki tuuli ulla urho vaino veera veikko vesa ville virpi väinö yrjö ' +
  'agneta anders annika astrid axel bengt birgitta björn camilla carl cecilia christer christian daniel ebba elin elsa emil fredrik gunilla gustav göran hans helena henrik ingrid jan johan jonas karin katarina kerstin kristina lars linnea magnus maria marie mats mikael nils oskar patrik peter rasmus sebastian stefan stig sven tomas ulf ulrika viktor william åsa ' +
  'alice andrew anthony ben charlotte chris david emily george grace harry jack james jane jessica john joseph kate laura lucy mark mary michael oliver paul rachel richard robert sarah sophie steven thomas tom';

/** Common Finnish and Swedish surnames not shaped like `-nen` (those are caught by shape). */
const SURNAMES =
  'korhonen virtanen mäkinen nieminen koskinen heikkinen salo lahti laine kallio hämäläinen lehtonen koskela andersson johansson karlsson nilsson eriksson lindberg lindholm lindqvist holmberg smith jones brown';

/**
 * Names that are also common words of a language ("Toivo" hope, "Usko" faith, "Anna" give in
 * Finnish; "Per", "Bo" in Swedish; "Will", "Mark" in English): a name only when capitalised
 * mid-sentence or after a title, never in lower case or at a sentence's start.
 */
const WORD_NAMES: Record<Lang, ReadonlySet<string>> = {
  fi: new Set(
    'aino onni toivo usko rauha lempi tuuli satu ilta valo armas into taimi sulo oiva aamu anna kai lea tapio ella elli pia ida kari sari marja helmi ilona suvi vesa hilla aimo otto lasse salo lahti kallio laine'.split(
      ' ',
    ),
  ),
  sv: new Set('per bo eva stig mats nils hans jan elsa maria'.split(' ')),
  en: new Set('mark will grace rose may bill sue jack tom ben'.split(' ')),
};

/**
 * Words after a name that place a person at a desk ("Sigrid i receptionen", "Kate at reception",
 * "Liisa infossa"): an unknown capitalised word before them, even at a sentence's start, is a name.
 */
const PLACED_AFTER: Record<Lang, RegExp> = {
  fi: /^(respassa|kassalla|infossa|neuvonnassa|ilmoittautumisessa)(_|$)/,
  sv: /^(i|vid|på)_(receptionen|kassan|disken|luckan|infon|mottagningen|avdelningen)(_|$)/,
  en: /^(at|on)_(reception|the_front|the_desk|the_counter|the_ward|the_lab)/,
};

/** Capitalised words that start sentences before a name ("Kiitos Liisa Virtanen"), never a first name before a surname. */
const BEFORE_NAMES = new Set(
  'kiitos erityiskiitos suurkiitos iso isot terveiset terveisiä hei moi tack stort hej hälsningar thanks thank hello dear big special'.split(
    ' ',
  ),
);

/** Titles and roles a name follows, as lower-case prefixes (inflected forms follow: "hoitajalle", "läkaren"). */
const TITLES: Record<Lang, string[]> = {
  fi: 'hoitaj lääkär tohtori kätilö fysioterapeut toimintaterapeut terapeut psykolog sosiaalityöntekij sosiaaliohjaaj ohjaaj virkailij kuraattori hammashoitaj suuhygienist sihteer esihenkilö osastonhoitaj'.split(
    ' ',
  ),
  sv: 'sjuksköterska läkare läkaren doktor tandläkare barnmorska fysioterapeut kurator undersköterska syster skötare receptionist socialarbetare'.split(
    ' ',
  ),
  en: 'nurse doctor physio midwife receptionist therapist dentist surgeon'.split(' '),
};
/** Exact title words (abbreviations) and words that introduce a name ("nimeltä", "heter", "named"). */
const NAME_CUES = new Set('dr tri mr mrs ms miss nimeltä nimeltään heter hette named called'.split(' '));

/** Finnish case and clitic endings, longest first, so the base form can be looked up. */
const FI_ENDINGS = [
  'ineen',
  'llekin',
  'ltakin',
  'kseen',
  'kaan',
  'kään',
  'lle',
  'lla',
  'llä',
  'lta',
  'ltä',
  'ssa',
  'ssä',
  'sta',
  'stä',
  'lla',
  'ksi',
  'kin',
  'han',
  'hän',
  'nsa',
  'nsä',
  'na',
  'nä',
  'ta',
  'tä',
  'in',
  'n',
  'a',
  'ä',
  's',
];

/** Base forms of a name as it appears before an ending: itself, its weak grade, its -kse- stem. */
function nameStems(name: string): string[] {
  const stems = [name];
  const weak = name.replace(/(kk|pp|tt)([aeiouyäö])$/, (_, c: string, v: string) => c[0] + v);
  if (weak !== name) stems.push(weak);
  if (/s$/.test(name)) stems.push(`${name.slice(0, -1)}kse`);
  if (/[^aeiouyäö]$/.test(name)) stems.push(`${name}i`, `${name}e`);
  if (/nen$/.test(name)) stems.push(`${name.slice(0, -3)}se`, `${name.slice(0, -3)}s`);
  return stems;
}

function stemSet(list: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const name of list.split(' ')) for (const s of nameStems(name)) map.set(s, name);
  return map;
}
const FIRST = stemSet(FIRST_NAMES);
const LAST = stemSet(SURNAMES);

/** The forms of a word to look up: itself and, in Finnish (names inflect in any language's text), minus each ending. */
export function baseForms(word: string): string[] {
  const forms = [word];
  const core = word.split(/[:’']/)[0]!;
  if (core !== word) forms.push(core);
  for (const e of FI_ENDINGS) if (core.endsWith(e) && core.length - e.length >= 2) forms.push(core.slice(0, -e.length));
  return forms;
}

function lookup(map: Map<string, string>, word: string): string | undefined {
  for (const f of baseForms(word)) {
    const hit = map.get(f);
    if (hit) return hit;
  }
  return undefined;
}

/** Shaped like a Finnish surname in any case: Virtanen, Virtasen, Virtaselle, Virtaselta. */
const SURNAME_SHAPE = /^\p{Lu}\p{Ll}{2,}(?:nen|sen|selle|sella|sellä|selta|seltä|sesta|sestä|sessa|sessä|seen)$/u;
/** Common capitalised sentence words shaped like a surname ("Ystävällinen", "Kiitos") are let through by position: only mid-sentence counts. */
const WORD = /\p{L}[\p{L}’'-]*(?::\p{L}+)?/gu;

interface Token {
  start: number;
  end: number;
  text: string;
  lower: string;
  cap: boolean;
  sentenceStart: boolean;
  /** Only spaces between this token and the previous one. */
  joined: boolean;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let prevEnd = 0;
  for (const m of text.matchAll(WORD)) {
    const gap = text.slice(prevEnd, m.index);
    const before = text.slice(0, m.index).trimEnd();
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
      lower: m[0].toLowerCase(),
      cap: /^\p{Lu}/u.test(m[0]) && !/^\p{Lu}{2,}$/u.test(m[0]),
      sentenceStart: before === '' || /[.!?…\n:;"”)(-]$/.test(before) || /\[[^\]]*\]$/.test(before),
      joined: out.length > 0 && /^[ \t]+$/.test(gap),
    });
    prevEnd = m.index + m[0].length;
  }
  return out;
}

/** The next three words after token `i`, joined by `_`, as PLACED_AFTER reads them. */
function following(tokens: Token[], i: number): string {
  return tokens
    .slice(i + 1, i + 4)
    .map((t) => t.lower)
    .join('_');
}

function isAllowed(allow: ReadonlySet<string> | undefined, word: string): boolean {
  if (!allow || allow.size === 0) return false;
  return baseForms(word).some((f) => allow.has(f));
}

/**
 * The person names in `text` (merged when adjacent: "Liisa Virtanen" is one span). `allow` holds
 * lower-case words and base forms never taken for names (`allowListFrom` in redaction.ts).
 */
export function findNames(text: string, answerLang: Lang, allow?: ReadonlySet<string>): Span[] {
  const lang = detectLanguage(text, answerLang);
  const wordNames = WORD_NAMES[lang];
  const tokens = tokenize(text);
  const isName: boolean[] = tokens.map(() => false);
  const titles = [...TITLES.fi, ...TITLES[lang === 'fi' ? 'sv' : lang], ...(lang === 'en' ? [] : TITLES.en)];
  tokens.forEach((t, i) => {
    if (isAllowed(allow, t.lower)) return;
    const prev = tokens[i - 1];
    const afterCue =
      prev !== undefined &&
      t.joined &&
      (NAME_CUES.has(prev.lower) || (prev.lower.length >= 2 && titles.some((p) => prev.lower.startsWith(p))));
    const afterName = prev !== undefined && isName[i - 1] === true && t.joined;
    const first = lookup(FIRST, t.lower);
    const wordLike = first !== undefined && wordNames.has(first);
    let name = false;
    if (first && !wordLike && (t.cap || afterCue)) name = true;
    else if (first && wordLike && t.cap && (!t.sentenceStart || afterCue)) name = true;
    else if (first && !wordLike && !t.cap && !t.sentenceStart && t.lower.length >= 4) name = true;
    else if (t.cap && (afterCue || afterName)) name = true;
    else if (t.cap && !t.sentenceStart && (SURNAME_SHAPE.test(t.text.split(':')[0]!) || lookup(LAST, t.lower))) name = true;
    else if (t.cap && !BEFORE_NAMES.has(t.lower) && PLACED_AFTER[lang].test(following(tokens, i))) name = true;
    isName[i] = name;
    // A surname after an unknown capitalised word: that word is the first name ("Hertta Rantanen").
    const surname = t.cap && (SURNAME_SHAPE.test(t.text.split(':')[0]!) || lookup(LAST, t.lower) !== undefined);
    if (
      name &&
      surname &&
      prev &&
      !isName[i - 1] &&
      prev.cap &&
      t.joined &&
      !BEFORE_NAMES.has(prev.lower) &&
      !isAllowed(allow, prev.lower)
    ) {
      if (!titles.some((p) => prev.lower.startsWith(p)) && !NAME_CUES.has(prev.lower)) isName[i - 1] = true;
    }
  });
  const spans: Span[] = [];
  tokens.forEach((t, i) => {
    if (!isName[i]) return;
    const last = spans.at(-1);
    if (last && isName[i - 1] && t.joined) last.end = t.end;
    else spans.push({ start: t.start, end: t.end });
  });
  return spans;
}
