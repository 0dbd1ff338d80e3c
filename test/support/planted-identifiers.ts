/**
 * Generators of realistic identifiers to plant in free text: Finnish identity codes (every century
 * sign, some with a wrong check character), Finnish and international phone numbers as people type
 * them, e-mail addresses, Finnish IBANs and street addresses. Used by the redaction scan test and the
 * text bench's evaluation set. Deterministic for a given random source.
 */
import { seededRandom } from '#local/seeded-random.ts';
import { hetuCheckChar } from '#shared/text/index.ts';

/** A random source returning [0, 1), e.g. `seeded(42)`. */
export type Random = () => number;

/** A seeded random source (local/seeded-random.ts), so generated sets are the same on every run. */
export const seeded: (seed: number) => Random = seededRandom;

/** One of `items`. */
export const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
/** An integer in [lo, hi]. */
export const int = (rnd: Random, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
const digits = (rnd: Random, n: number) => Array.from({ length: n }, () => int(rnd, 0, 9)).join('');
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The century signs of each century (the 2023 reform added Y X W V U and B C D E F). */
const SIGNS: Record<number, string[]> = { 1800: ['+'], 1900: ['-', 'Y', 'X', 'W', 'V', 'U'], 2000: ['A', 'B', 'C', 'D', 'E', 'F'] };

/** A personal identity code with a real date; `wrongCheck` gives it a check character that is not its own. */
export function hetu(rnd: Random, opts: { wrongCheck?: boolean; century?: 1800 | 1900 | 2000 } = {}): string {
  const century = opts.century ?? pick(rnd, [1900, 1900, 1900, 2000, 2000, 1800] as const);
  const year = century === 1800 ? int(rnd, 80, 99) : century === 2000 ? int(rnd, 0, 23) : int(rnd, 20, 99);
  const month = int(rnd, 1, 12);
  const day = int(rnd, 1, new Date(Date.UTC(century + year, month, 0)).getUTCDate());
  const ddmmyy = `${pad(day)}${pad(month)}${pad(year)}`;
  const individual = pad(int(rnd, 2, 899), 3);
  const right = hetuCheckChar(ddmmyy, individual);
  const check = opts.wrongCheck
    ? pick(
        rnd,
        [...'0123456789ABCDEFHJKLMNPRSTUVWXY'].filter((c) => c !== right),
      )
    : right;
  return `${ddmmyy}${pick(rnd, SIGNS[century]!)}${individual}${check}`;
}

/** A phone number in one of the ways people write them: Finnish mobile and landline, and international. */
export function phone(rnd: Random): string {
  const mobile = pick(rnd, ['40', '41', '44', '45', '46', '50']);
  const a = digits(rnd, 3);
  const b = digits(rnd, 4);
  const formats = [
    () => `0${mobile} ${a} ${b}`,
    () => `0${mobile}${a}${b}`,
    () => `0${mobile}-${a} ${b}`,
    () => `0${mobile}-${a}${b}`,
    () => `0${mobile} ${a} ${b.slice(0, 2)} ${b.slice(2)}`,
    () => `+358 ${mobile} ${a} ${b}`,
    () => `+358${mobile}${a}${b}`,
    () => `+358-${mobile}-${a}${b}`,
    () => `(09) ${digits(rnd, 4)} ${digits(rnd, 3)}`,
    () => `09 ${digits(rnd, 3)} ${digits(rnd, 4)}`,
    () => `+46 70 ${digits(rnd, 3)} ${digits(rnd, 2)} ${digits(rnd, 2)}`,
    () => `+47 4${digits(rnd, 2)} ${digits(rnd, 2)} ${digits(rnd, 3)}`,
    () => `+372 5${digits(rnd, 3)} ${digits(rnd, 4)}`,
    () => `+49 151 ${digits(rnd, 8)}`,
    () => `+44 7700 900${digits(rnd, 3)}`,
    () => `00358 ${mobile} ${a} ${b}`,
  ];
  return pick(rnd, formats)();
}

const LOCAL = [
  'liisa.virtanen',
  'mikko77',
  'pirkko.m',
  'j.korhonen',
  'anna-maria',
  'erik.lindholm',
  'sarah_k',
  'tuomas.heinonen',
  'maija',
  'kalle.s',
];
const DOMAINS = ['example.fi', 'esimerkki.fi', 'posti.example.com', 'example.se', 'mail.example.org'];

/** An e-mail address. */
export function email(rnd: Random): string {
  return `${pick(rnd, LOCAL)}${rnd() < 0.3 ? int(rnd, 1, 99) : ''}@${pick(rnd, DOMAINS)}`;
}

/** A Finnish IBAN with a valid checksum, printed in groups of four or run together. */
export function iban(rnd: Random): string {
  const bban = digits(rnd, 14);
  const numeric = `${bban}151800`; // FI = 15 18, check digits 00
  let rest = 0;
  for (const d of numeric) rest = (rest * 10 + Number(d)) % 97;
  const compact = `FI${pad(98 - rest)}${bban}`;
  return rnd() < 0.7 ? compact.replace(/(.{4})/g, '$1 ').trim() : compact;
}

const FI_STREETS = [
  'Mannerheimintie',
  'Hämeenkatu',
  'Koivukuja',
  'Kirkkokatu',
  'Rautatienkatu',
  'Puistotie',
  'Männikkötie',
  'Rantapolku',
  'Kauppakatu',
  'Myllymäentie',
];
const SV_STREETS = ['Storgatan', 'Kyrkogatan', 'Strandvägen', 'Skolgränd', 'Åkervägen', 'Sjötullsgatan', 'Handelsesplanaden'];

/** A street address: a Finnish or Swedish street, a number, sometimes a staircase and flat, sometimes a postcode and town. */
export function address(rnd: Random, swedish = false): string {
  const street = pick(rnd, swedish ? SV_STREETS : FI_STREETS);
  const n = int(rnd, 1, 120);
  const flat = pick(rnd, [
    '',
    '',
    ` ${pick(rnd, ['A', 'B', 'C'])} ${int(rnd, 1, 40)}`,
    ` ${pick(rnd, ['A', 'B'])}`,
    ` as ${int(rnd, 1, 30)}`,
  ]);
  const town =
    rnd() < 0.3
      ? `, ${pad(int(rnd, 0, 999) * 10, 5)} ${pick(rnd, swedish ? ['Vasa', 'Borgå', 'Ekenäs'] : ['Helsinki', 'Tampere', 'Oulu'])}`
      : '';
  return `${street} ${n}${flat}${town}`;
}
