/**
 * Finders of the identifiers redaction replaces: Finnish personal identity codes, phone numbers,
 * e-mail addresses, IBANs and street addresses. Each returns `[start, end)` spans of the original text;
 * `redaction.ts` resolves overlaps and writes the placeholders. Recall comes first: a shape that is
 * probably an identifier is redacted, and the checks only keep clean text (dates, times, years) out.
 */

/** The kinds of identifier replaced by a placeholder (names are kept and marked, see `names.ts`). */
export const IDENTIFIER_KINDS = ['hetu', 'phone', 'email', 'iban', 'address'] as const;

/** One identifier kind. */
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** A found identifier: `[start, end)` into the text it was found in. */
export interface IdentifierSpan {
  start: number;
  end: number;
  kind: IdentifierKind;
}

/**
 * What the phone library says of one candidate (`libphonenumber-js`, loaded beside the function as the
 * contacts feature's sidecar): `valid` a number in use, `possible` the right length for its country,
 * `mobile` a valid mobile number, undefined none of these.
 */
export type PhoneVerdict = 'mobile' | 'valid' | 'possible' | undefined;

/** Asks the phone library about one candidate; absent, the digit-count rules alone decide. */
export type PhoneJudge = (candidate: string) => PhoneVerdict;

/** The check characters of the identity code, indexed by the nine digits mod 31. */
const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
/** The century of each century sign; the 2023 reform added Y X W V U (1900s) and B C D E F (2000s). */
const CENTURY: Record<string, number> = { '+': 1800, '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900 };
for (const c of 'ABCDEF') CENTURY[c] = 2000;

/** The shape of an identity code: DDMMYY, century sign, three digits, check character (any letter or digit). */
const HETU = /(?<![\p{L}\p{N}])(\d{2})(\d{2})(\d{2})([-+ABCDEFYXWVU])(\d{3})([0-9A-Z])(?![\p{L}\p{N}])/giu;

/** The check character an identity code with this date part and individual number must have. */
export function hetuCheckChar(ddmmyy: string, individual: string): string {
  return HETU_CHECK[Number(ddmmyy + individual) % 31]!;
}

function validDate(day: number, month: number, year: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Identity codes with a real date, whatever their check character: a mistyped check character still
 * identifies the person. A code whose date cannot exist is not one (nothing to protect, and it keeps
 * order or reference numbers of that shape readable).
 */
export function findHetus(text: string): IdentifierSpan[] {
  const out: IdentifierSpan[] = [];
  for (const m of text.matchAll(HETU)) {
    const year = CENTURY[m[4]!.toUpperCase()]! + Number(m[3]);
    if (validDate(Number(m[1]), Number(m[2]), year)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'hetu' });
  }
  return out;
}

/** An e-mail address, also written with `(at)` or `[at]` as people do to dodge harvesters. */
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+ ?(?:@|\(at\)|\[at\]) ?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu;

/** E-mail addresses. */
export function findEmails(text: string): IdentifierSpan[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind: 'email' as const }));
}

/** Country code, check digits, then groups of four (as printed) or a run. */
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\p{L}\p{N}])/giu;
/** IBAN lengths of the countries Finnish county customers most often bank in. */
const IBAN_LENGTH: Record<string, number> = { FI: 18, SE: 24, NO: 15, DK: 18, EE: 20, DE: 22, GB: 22, AX: 18 };

function ibanChecksumOk(iban: string): boolean {
  const moved = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of moved) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

/** IBANs: a valid checksum, or the right length for a known country (a mistyped account still identifies). */
export function findIbans(text: string): IdentifierSpan[] {
  const out: IdentifierSpan[] = [];
  for (const m of text.matchAll(IBAN)) {
    const compact = m[0].replace(/ /g, '').toUpperCase();
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) continue;
    if (ibanChecksumOk(compact) || IBAN_LENGTH[compact.slice(0, 2)] === compact.length) {
      out.push({ start: m.index, end: m.index + m[0].length, kind: 'iban' });
    }
  }
  return out;
}

/** Digit groups joined by single spaces or hyphens (or a slash), with an optional `+`, `00` or `(0xx)`. */
const PHONE = /(?<![\p{L}\p{N}+/.,:])\+?\(?\d[\d()]*(?:(?: ?[-–/] ?| )\(?\d[\d()]*)*(?![\p{L}\p{N}]|[.,]\d)/gu;
/** The same with dots between the groups, only after `+` or a leading 0 (else dates would match). */
const DOTTED_PHONE = /(?<![\p{L}\p{N}+.])(?:\+\d{1,3}|0\d{1,3})(?:\.\d{2,4}){2,4}(?![\p{L}\p{N}])/gu;

/** The digit-count rule of a candidate when no library is at hand. */
function phoneByShape(candidate: string, digits: number): boolean {
  if (/^\+|^00/.test(candidate)) return digits >= 8 && digits <= 15;
  return /^\(?0/.test(candidate) && digits >= 7 && digits <= 12;
}

/** The most digits a number can have (E.164: 15) and a little for a written trunk 0 or `00`. */
const MAX_PHONE_DIGITS = 17;

const digitCount = (s: string) => s.replace(/\D/g, '').length;
/** The characters of a run the library looks at from each start: a number as written is shorter (`+358 (0)40 123 45 67`). */
const WINDOW = 32;

/**
 * Phone numbers: Finnish national numbers (a leading 0, `040 123 4567`, `(09) 1234 5678`, `040-1234567`)
 * and international ones (`+46 70 123 45 67`, `00358 …`). A candidate with `+`, `00` or a leading 0
 * is redacted when the library calls it possible, or without the library by its digit count; one
 * without (`401234567`) only when the library says it is a valid mobile number, since years, ranges
 * and counts look the same. A run of several numbers (`040 123 4567 / 050 765 4321`) is cut after the
 * longest prefix of whole digit groups the library accepts and the rest looked at again; a prefixed
 * run it accepts no part of is redacted whole (recall first).
 */
export function findPhones(text: string, judge?: PhoneJudge): IdentifierSpan[] {
  const out: IdentifierSpan[] = [];
  const push = (start: number, length: number) => out.push({ start, end: start + length, kind: 'phone' });
  /** The phone numbers of one candidate run; returns where the rest to look at starts, or undefined when done. */
  const one = (start: number, candidate: string): number | undefined => {
    const lead = /^[\s\-–/.]+/.exec(candidate)?.[0].length ?? 0;
    if (lead) return lead;
    // Counted in the window only: a long run is walked group by group, and each step stays short.
    const digits = candidate.length <= WINDOW ? digitCount(candidate) : Math.max(digitCount(candidate.slice(0, WINDOW)), 16);
    if (digits < 7) return undefined;
    if (!/^(?:\+|00|\(?0)/.test(candidate)) {
      if (judge && digits <= 12 && judge(candidate) === 'mobile') {
        push(start, candidate.length);
        return undefined;
      }
      // A figure before a number ("vuonna 2023 040 123 4567"): look again from the next digit group.
      return /[ \-–/.]+/.exec(candidate)?.index;
    }
    if (judge) {
      // The longest prefix of whole groups, of at most a number's digits, that the library calls
      // valid, else the longest it calls possible; the rest may hold another number.
      const window = candidate.slice(0, WINDOW);
      const cuts = [...window.matchAll(/[ \-–/.]+/g)].map((m) => m.index);
      const ends = [...cuts, ...(window.length === candidate.length ? [candidate.length] : [])]
        .filter((end) => {
          const n = digitCount(candidate.slice(0, end));
          return n >= 7 && n <= MAX_PHONE_DIGITS;
        })
        .reverse();
      const verdicts = ends.map((end) => judge(candidate.slice(0, end)));
      const valid = verdicts.findIndex((v) => v === 'valid' || v === 'mobile');
      const at = valid >= 0 ? valid : verdicts.indexOf('possible');
      if (at >= 0) {
        push(start, ends[at]!);
        return ends[at];
      }
    }
    if (phoneByShape(candidate, digits) || digits > 15) push(start, candidate.length);
    return undefined;
  };
  const consider = (start: number, candidate: string) => {
    for (let at: number | undefined = 0; at !== undefined && candidate.length > 0; ) {
      candidate = candidate.slice(at);
      start += at;
      at = one(start, candidate);
    }
  };
  for (const m of text.matchAll(PHONE)) consider(m.index, m[0].replace(/[\s\-–/]+$/, ''));
  for (const m of text.matchAll(DOTTED_PHONE)) consider(m.index, m[0]);
  return out;
}

/** Endings of Finnish, Swedish and English street names (`Mannerheimintie`, `Storgatan`, `Åkervägen`). */
const STREET_ENDINGS =
  'tie|katu|kuja|polku|väylä|kaari|rinne|aukio|tori|ranta|raitti|puistikko|kierto|kaarre|mäki|piha|portti|tanhua|ahde|penger|gatan|gata|vägen|väg|stigen|gränd|torget|allén|backen|kajen|gången|esplanaden';
/** A street name, the house number, an optional staircase letter and flat (`5 B 12`, `3 as. 4`, `7 lgh 1102`), an optional postcode and town. */
const ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}])\\p{L}[\\p{L}-]+(?:${STREET_ENDINGS})(?: |\\u00a0)\\d{1,4}(?: ?(?:[A-H]|[a-h](?= ?\\d))(?!\\p{L}))?(?: ?(?:as\\.?|asunto|lgh\\.?|bst\\.?)? ?\\d{1,4}(?![\\p{N}:]))?(?:,? \\d{5}(?: \\p{Lu}\\p{Ll}+)?)?(?![\\p{L}\\p{N}])`,
  'gu',
);
/** English order: number first, then a capitalised street name and its kind. */
const ADDRESS_EN = /(?<![\p{L}\p{N}])\d{1,4}[A-Za-z]? (?:\p{Lu}\p{Ll}+ ){1,2}(?:Street|Road|Avenue|Lane|Drive|Way)(?![\p{L}])/gu;

/** Street addresses: a Finnish or Swedish street word and a house number, or an English `12 Baker Street`. */
export function findAddresses(text: string): IdentifierSpan[] {
  return [...text.matchAll(ADDRESS), ...text.matchAll(ADDRESS_EN)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    kind: 'address' as const,
  }));
}
