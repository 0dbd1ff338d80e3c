import { createHash, randomBytes } from 'node:crypto';

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
