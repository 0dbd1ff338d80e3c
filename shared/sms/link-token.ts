import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/** Random bits in a link token: docs/domain.md#sms-rules asks for at least 64; 96 keeps guessing hopeless at any scale. */
export const TOKEN_BYTES = 12;

/** A new unguessable, URL-safe link token (16 characters of base64url for 96 random bits). */
export function newLinkToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** The form a token is stored under, so a leaked table never yields working links. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Whether a string has the shape of a link token (checked before any lookup). */
export function isTokenShaped(s: string): boolean {
  return /^[A-Za-z0-9_-]{16}$/.test(s);
}

/**
 * The key that seals what a link row must remember about the person (the keyed hash of the number,
 * for opt-out from the survey page). It is derived from the token itself, which is never stored:
 * whoever reads the tables, even with the deployment's keys, cannot open it or join it to anything.
 */
function linkKey(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, 'palaute-link', 'person', 32));
}

/** A person hash and the key version it was made under, as a link remembers them. */
export interface SealedPerson {
  personHash: string;
  keyVersion: number;
}

/**
 * Seals a person hash and its key version under the token's key (AES-256-GCM, random IV):
 * `iv.ciphertext.tag`, base64url. The version is inside the seal, so the table shows no key version
 * for a link either, while the survey page can refuse a link whose version was retired.
 */
export function sealPerson(token: string, person: SealedPerson): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', linkKey(token), iv);
  const body = Buffer.concat([c.update(`${person.keyVersion}.${person.personHash}`, 'utf8'), c.final()]);
  return [iv, body, c.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

/**
 * Opens what `sealPerson` sealed with the same token; throws if the token or the text is not the
 * sealing one. A seal from before key versions holds the hash alone (base64url has no `.`): version 1.
 */
export function openPerson(token: string, sealed: string): SealedPerson {
  const [iv, body, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !body || !tag) throw new Error('not a sealed person hash');
  const d = createDecipheriv('aes-256-gcm', linkKey(token), iv);
  d.setAuthTag(tag);
  const text = Buffer.concat([d.update(body), d.final()]).toString('utf8');
  const dot = text.indexOf('.');
  if (dot < 0) return { personHash: text, keyVersion: 1 };
  return { personHash: text.slice(dot + 1), keyVersion: Number(text.slice(0, dot)) };
}

/**
 * The idempotency key of the answer given through a link: derived from the token, never from the
 * token's hash, so the idempotency row cannot be found from the link row (whose key is the hash).
 */
export function answerKeyOf(token: string): string {
  return `sms-link-${createHash('sha256').update(`answer\u0000${token}`).digest('base64url')}`;
}
