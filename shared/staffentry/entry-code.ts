/**
 * A unit's entry code: made at random from an alphabet without look-alike characters, shown once to
 * the handler who made it, and stored only as its scrypt hash.
 *
 * Why scrypt with a salt per code, not an HMAC under a secret: the code is short (10 characters of 31,
 * about 49 bits) and typed by people, so what protects it if the table ever leaks is the cost of each
 * guess. scrypt makes every guess cost 16 MiB and tens of milliseconds, and the salt makes each code's
 * guesses its own; an HMAC would be free to guess for whoever also has the secret, and would add a
 * secret to deploy and rotate. Online guessing is stopped by the lockout (lockout.ts), not by the hash.
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/** Characters of a code: digits and capitals without 0/O, 1/I/L, which read alike on paper and screens. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** Characters in a code: 31^10 ≈ 8 × 10^14 codes, about 49 bits. */
export const CODE_LENGTH = 10;

/**
 * scrypt's cost: N = 2^14, r = 8, p = 1 (16 MiB per hash, the parameters RFC 7914 gives for
 * interactive logins), a 32-byte key and a 16-byte salt per code.
 */
export const SCRYPT_PARAMS = { N: 2 ** 14, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

/** A stored code: its hash and salt (base64url), never the code itself. */
export interface CodeHash {
  salt: string;
  hash: string;
}

/** A new random code (uniform over the alphabet: `randomInt` has no modulo bias). */
export function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/**
 * A code as typed, in the form it was made: spaces and dashes dropped (people group what they read
 * aloud), upper case (a code written down is read back in any case).
 */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s-]+/g, '').toUpperCase();
}

function derive(code: string, salt: Buffer): Promise<Buffer> {
  const { N, r, p, keyLength } = SCRYPT_PARAMS;
  return new Promise((resolve, reject) =>
    // maxmem above 128 × N × r, node's default limit being exactly that.
    scrypt(code, salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Hashes a new code under a fresh random salt. */
export async function hashCode(code: string): Promise<CodeHash> {
  const salt = randomBytes(SCRYPT_PARAMS.saltLength);
  const hash = await derive(normalizeCode(code), salt);
  return { salt: salt.toString('base64url'), hash: hash.toString('base64url') };
}

/** Whether a typed code is the stored one; compared in constant time. Anything not code-shaped is refused unhashed. */
export async function codeMatches(typed: string, stored: CodeHash): Promise<boolean> {
  const code = normalizeCode(typed);
  if (code.length !== CODE_LENGTH || [...code].some((c) => !CODE_ALPHABET.includes(c))) return false;
  const expected = Buffer.from(stored.hash, 'base64url');
  const given = await derive(code, Buffer.from(stored.salt, 'base64url'));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
