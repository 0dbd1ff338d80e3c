/**
 * The device credential's cookie: HttpOnly (no script, not even the app's, can read it), SameSite
 * Strict, sent only to the device routes (`Path=/api/kiosk`), Secure wherever the app is served over
 * HTTPS, and kept for 400 days (Chromium's cap), renewed whenever the app starts.
 */
import { KIOSK_PATHS } from './manifest.ts';

/** The cookie's name. */
export const DEVICE_COOKIE = 'palaute_kiosk';
/** Its path: the device routes' common prefix (`/api/kiosk/answers`, `/api/kiosk/device`), not `/api/kiosks`. */
export const DEVICE_COOKIE_PATH = KIOSK_PATHS.device.slice(0, KIOSK_PATHS.device.lastIndexOf('/'));
/** 400 days in seconds: the longest a browser keeps a cookie. */
export const DEVICE_COOKIE_MAX_AGE = 400 * 86_400;

/** The Set-Cookie value carrying a device credential; Secure when the public origin is HTTPS. */
export function deviceCookie(credential: string, publicBaseUrl: string): string {
  const secure = publicBaseUrl.startsWith('https:') ? '; Secure' : '';
  return `${DEVICE_COOKIE}=${credential}; Path=${DEVICE_COOKIE_PATH}; Max-Age=${DEVICE_COOKIE_MAX_AGE}; HttpOnly; SameSite=Strict${secure}`;
}

/** The device credential from a request's cookies (payload 2.0 `cookies`), if any. */
export function credentialFromCookies(cookies: readonly string[] | undefined): string | undefined {
  for (const c of cookies ?? []) {
    for (const part of c.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === DEVICE_COOKIE) return part.slice(eq + 1).trim();
    }
  }
  return undefined;
}
