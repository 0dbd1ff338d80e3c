/**
 * Signing in and out of a staff page (the managers' dashboard, the case workbench). The page has the
 * markup this module shows and hides: `#app`, `#who-line`, `#signin`, `#signin-msg`, `#signin-link`,
 * `#signin-button`. The access token lives in sessionStorage only (this tab, gone when it closes):
 * the local stack's sign-in hands it over in the URL fragment (`#token=`), Cognito's hosted UI with
 * an authorization code the script exchanges with PKCE. Either way it is taken off the URL at once.
 */
import { fill, STAFF_CONFIG_ID, type SignInText, type StaffPageConfig } from '../staff-page.ts';
import { byId } from './dom.ts';

// The part of the page's config every staff page has, so each page's script signs in through this module.
const cfg = JSON.parse(document.getElementById(STAFF_CONFIG_ID)!.textContent!) as StaffPageConfig;
const T = cfg.text;
const L = cfg.lang;

/** What the sign-in box may say. */
export type SignInMessage = Exclude<keyof SignInText, 'signedInAs'>;

const TOKEN = 'palaute.token';
const REFRESH = 'palaute.refresh';
const PKCE = 'palaute.pkce';
const WHO = 'palaute.who';

/** Where Cognito returns; it compares redirect_uri exactly with the client's callback URL. */
export const redirectUri = (cfg.signIn.kind === 'cognito' && cfg.signIn.redirectUri) || location.origin + location.pathname;

/** The access token of this tab, if any. */
export const storedToken = () => sessionStorage.getItem(TOKEN);
/** Who is signed in, as the sign-in told (an e-mail from Cognito's ID token), if it did. */
export const storedWho = () => sessionStorage.getItem(WHO);

/** The claims of a JWT, unverified: the page only shows them, the API verifies the token. */
export function claims(token: string): Record<string, unknown> | undefined {
  try {
    const b64 = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

async function tokenRequest(body: Record<string, string>): Promise<boolean> {
  if (cfg.signIn.kind !== 'cognito') return false;
  const res = await fetch(`${cfg.signIn.authUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: cfg.signIn.clientId, ...body }),
  }).catch(() => undefined);
  if (!res?.ok) return false;
  const j = (await res.json()) as { access_token?: string; refresh_token?: string; id_token?: string };
  if (!j.access_token) return false;
  sessionStorage.setItem(TOKEN, j.access_token);
  // The access token names no person; the ID token's e-mail is only shown, never sent anywhere.
  const email = j.id_token ? claims(j.id_token)?.email : undefined;
  if (typeof email === 'string') sessionStorage.setItem(WHO, email);
  if (j.refresh_token) sessionStorage.setItem(REFRESH, j.refresh_token);
  return true;
}

async function startCognito(): Promise<void> {
  if (cfg.signIn.kind !== 'cognito') return;
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state, back: location.search }));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.signIn.clientId,
    redirect_uri: redirectUri,
    scope: cfg.signIn.scope,
    state,
    code_challenge_method: 'S256',
    code_challenge: challenge,
  });
  location.assign(`${cfg.signIn.authUrl}/oauth2/authorize?${q.toString()}`);
}

/** Takes a token from the sign-in redirect; returns a message key when signing in failed. */
export async function takeRedirect(): Promise<SignInMessage | undefined> {
  const frag = new URLSearchParams(location.hash.slice(1));
  const t = frag.get('token');
  // Only the local stack's sign-in hands a token over in the fragment. Elsewhere a `#token=` link
  // would sign the visitor in as whoever made the link (a login CSRF), so it is dropped unread.
  if (t && cfg.signIn.kind !== 'dev') history.replaceState(null, '', location.pathname + location.search);
  if (t && cfg.signIn.kind === 'dev') {
    sessionStorage.setItem(TOKEN, t);
    sessionStorage.removeItem(REFRESH);
    sessionStorage.removeItem(WHO);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const q = new URLSearchParams(location.search);
  const code = q.get('code');
  if (cfg.signIn.kind === 'cognito' && (code || q.get('error'))) {
    const saved = JSON.parse(sessionStorage.getItem(PKCE) ?? 'null') as { verifier: string; state: string; back: string } | null;
    sessionStorage.removeItem(PKCE);
    history.replaceState(null, '', location.pathname + (saved?.back ?? ''));
    if (!code || !saved || q.get('state') !== saved.state) return 'signInFailed';
    const ok = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: saved.verifier });
    if (!ok) return 'signInFailed';
  }
  return undefined;
}

/** Gets a new access token with the refresh token, if Cognito gave one; false when there is none. */
export async function refresh(): Promise<boolean> {
  const r = sessionStorage.getItem(REFRESH);
  return r ? tokenRequest({ grant_type: 'refresh_token', refresh_token: r }) : false;
}

/** Forgets the tokens; with Cognito, also ends its session there. */
export function signOut(): void {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(REFRESH);
  sessionStorage.removeItem(WHO);
  if (cfg.signIn.kind === 'cognito') {
    location.assign(
      `${cfg.signIn.authUrl}/logout?${new URLSearchParams({ client_id: cfg.signIn.clientId, logout_uri: redirectUri }).toString()}`,
    );
  } else showSignIn('signedOut');
}

/** Hides the report and offers sign-in, saying why when `message` is given. */
export function showSignIn(message?: SignInMessage): void {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(WHO);
  byId('app').hidden = true;
  byId('who-line').hidden = true;
  byId('signin').hidden = false;
  byId('signin-msg').textContent = message ? T[message] : T.signInLead;
  const link = byId<HTMLAnchorElement>('signin-link');
  const button = byId<HTMLButtonElement>('signin-button');
  link.hidden = cfg.signIn.kind !== 'dev';
  button.hidden = cfg.signIn.kind !== 'cognito';
  if (cfg.signIn.kind === 'none') byId('signin-msg').textContent = T.notConfigured;
  // `page` brings the user back to the staff page they came from (the server accepts only those).
  if (cfg.signIn.kind === 'dev')
    link.href = `${cfg.signIn.url}?${new URLSearchParams({ lang: L, back: location.search, page: location.pathname }).toString()}`;
  button.onclick = () => void startCognito();
  if (message) byId('signin-msg').focus();
}

/**
 * Starts a staff page: moves to the registered callback's origin when opened at another (the PKCE
 * verifier and the token live in that origin's storage), takes the token from the sign-in redirect,
 * refreshes an expired one once, checks it carries the scope the page `needs`, then shows the app and
 * who is signed in. Returns the token's claims (unverified: the API verifies), or undefined when it
 * offered sign-in instead.
 */
export async function startSignedIn(needs?: string): Promise<Record<string, unknown> | undefined> {
  if (cfg.signIn.kind === 'cognito' && new URL(redirectUri).origin !== location.origin) {
    location.replace(redirectUri + location.search);
    return undefined;
  }
  const failed = await takeRedirect();
  const token = storedToken();
  const c = token ? claims(token) : undefined;
  if (!token || !c || failed) {
    showSignIn(failed);
    return undefined;
  }
  if (typeof c.exp === 'number' && c.exp * 1000 < Date.now() && !(await refresh())) {
    showSignIn('expired');
    return undefined;
  }
  // A token from another staff page's sign-in (same tab, same storage) may lack this page's scope:
  // sign in again for it (Cognito's session makes that a redirect, not a password prompt).
  const granted = typeof c.scope === 'string' ? c.scope.split(' ') : [];
  if (needs && !granted.some((s) => s.endsWith(`/${needs}`))) {
    showSignIn();
    return undefined;
  }
  const who = storedWho() ?? (typeof c.username === 'string' ? c.username : String(c.sub ?? ''));
  byId('who').textContent = fill(T.signedInAs, { name: who });
  byId('signin').hidden = true;
  byId('app').hidden = false;
  byId('who-line').hidden = false;
  byId('signout').addEventListener('click', signOut);
  return c;
}
