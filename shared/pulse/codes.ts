/**
 * One-time answer codes and the sealed sheet of a round. A code is 12 characters of an alphabet
 * without look-alikes (60 random bits): typed from a slip or read from its QR code. Only its SHA-256
 * is stored, as the key of the code's item. The sheet keeps the codes for reprinting, sealed with
 * AES-256-GCM under a key derived from a 256-bit sheet token that only the round's creator received
 * (in `sheetUrl`); the table holds the token's hash, never the token.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for each other on paper (no 0/O, 1/I/L, 5/S, 8/B). */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY234679';
/** Characters of a code. */
export const CODE_LENGTH = 12;
/** What a code looks like after `normalizeCode`. */
export const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** A fresh random code. */
export function newCode(): string {
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** A code as typed (lower case, spaces or dashes between groups) in its one canonical form, or undefined. */
export function normalizeCode(raw: string): string | undefined {
  const c = raw.replace(/[\s-]/g, '').toUpperCase();
  return CODE_PATTERN.test(c) ? c : undefined;
}

/** A code in groups of four, as printed. */
export const groupedCode = (code: string): string => code.match(/.{1,4}/g)!.join(' ');

/** The stored key of a code: its SHA-256, hex. */
export const codeHash = (code: string): string => createHash('sha256').update(`pulse-code:${code}`).digest('hex');

/** A fresh sheet token (256 bits, base64url). */
export const newSheetToken = (): string => randomBytes(32).toString('base64url');

/** The stored key of a sheet token. */
export const sheetHash = (token: string): string => createHash('sha256').update(`pulse-sheet:${token}`).digest('hex');

const sheetKey = (token: string) => Buffer.from(hkdfSync('sha256', token, 'palaute-pulse-sheet', 'codes', 32));

/** The codes sealed under the token's key. */
export interface SealedCodes {
  iv: string;
  tag: string;
  ciphertext: string;
}

/** Seals a round's codes for its sheet. */
export function sealCodes(token: string, codes: readonly string[]): SealedCodes {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sheetKey(token), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(codes), 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

/** Opens the sheet's codes, or undefined when the token does not open them. */
export function openCodes(token: string, sealed: SealedCodes): string[] | undefined {
  try {
    const d = createDecipheriv('aes-256-gcm', sheetKey(token), Buffer.from(sealed.iv, 'base64'));
    d.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const text = Buffer.concat([d.update(Buffer.from(sealed.ciphertext, 'base64')), d.final()]).toString('utf8');
    return JSON.parse(text) as string[];
  } catch {
    return undefined;
  }
}
