/**
 * A stand-in for Cognito's hosted UI in a Playwright browser context, for the staff pages' sign-in
 * tests: `/oauth2/authorize` returns at once to the redirect URI with a code and the state, and
 * `/oauth2/token` answers with `accessToken` (CORS-allowed for `origin`). What the page sent is kept.
 */
import type { BrowserContext } from 'playwright-core';

/** The requests the page made to the stand-in. */
export interface StandInCognito {
  /** The query of the authorize request. */
  authorize?: URLSearchParams;
  /** The form body of the token request. */
  token?: URLSearchParams;
}

/** Routes `authUrl`'s authorize and token endpoints in `context`; the code is always `the-code`. */
export async function standInCognito(
  context: BrowserContext,
  authUrl: string,
  origin: string,
  tokens: { access_token: string; id_token?: string; refresh_token?: string },
): Promise<StandInCognito> {
  const seen: StandInCognito = {};
  await context.route(`${authUrl}/oauth2/authorize?*`, async (route) => {
    const q = new URL(route.request().url()).searchParams;
    seen.authorize = q;
    await route.fulfill({ status: 302, headers: { location: `${q.get('redirect_uri')}?code=the-code&state=${q.get('state')}` } });
  });
  await context.route(`${authUrl}/oauth2/token`, async (route) => {
    seen.token = new URLSearchParams(route.request().postData() ?? '');
    await route.fulfill({
      status: 200,
      headers: { 'content-type': 'application/json', 'access-control-allow-origin': origin },
      body: JSON.stringify({ ...tokens, token_type: 'Bearer', expires_in: 3600 }),
    });
  });
  return seen;
}
