/**
 * A staff entry session: a random id in an HttpOnly cookie, stored server-side only as its SHA-256
 * with the unit, the code it was opened with and its expiry.
 *
 * Why a random id stored server-side, not a signed cookie: it needs no secret to deploy and rotate,
 * a forged cookie is simply an id nobody stored (256 random bits), and the server can end sessions —
 * a new entry code ends every session of the old one, and the local clock expires them in tests as
 * time does on AWS. It costs one GetItem per page, which the entry form's own write dwarfs.
 */
import { createHash, randomBytes } from 'node:crypto';
import { fillPath } from '../platform/index.ts';
import { STAFF_PATHS } from './manifest.ts';

/** How long a session lasts: a working day's shift. */
export const SESSION_HOURS = 8;
/** The session cookie's name. */
export const SESSION_COOKIE = 'palaute_staff';

/** A new session id: 256 random bits, URL-safe. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** The key a session is stored under: the id's SHA-256, so the table alone opens no session. */
export function sessionKey(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/**
 * The Set-Cookie value of a session for one unit: HttpOnly (no script reads it), SameSite=Strict (no
 * other site's page sends it, the first defence against cross-site posts), scoped to the unit's staff
 * pages, for `SESSION_HOURS`, and Secure whenever the public address is https (always on AWS; the
 * local stack serves plain http).
 */
export function sessionCookie(unitId: string, id: string, secure: boolean): string {
  const path = fillPath(STAFF_PATHS.form, { unitId });
  return `${SESSION_COOKIE}=${id}; Path=${path}; Max-Age=${SESSION_HOURS * 3600}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The session id a request's cookies carry, if any (the `cookies` array of payload 2.0, or a Cookie header). */
export function sessionIdOf(cookies: readonly string[] | undefined, header?: string): string | undefined {
  const all = [...(cookies ?? []), ...(header ? header.split(';') : [])];
  for (const c of all) {
    const [name, ...rest] = c.trim().split('=');
    const value = rest.join('=');
    if (name === SESSION_COOKIE && /^[\w-]{43}$/.test(value)) return value;
  }
  return undefined;
}

/**
 * Whether a form post may have come from our own page. With SameSite=Strict the cookie is not sent
 * cross-site anyway; this second check refuses a post the browser marks as not same-origin
 * (`Sec-Fetch-Site`, sent by every current browser) or whose `Origin` is another origin. Our own
 * pages send `Referrer-Policy: no-referrer`, under which browsers send `Origin: null` on our own form
 * posts, so `null` proves nothing either way and `Sec-Fetch-Site` decides. A client that sends
 * neither header (curl) is no browser another site could drive, so it passes.
 */
export function sameOriginPost(headers: Readonly<Record<string, string | undefined>>, publicOrigin: string): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.origin;
  return origin === undefined || origin === 'null' || origin === publicOrigin;
}
