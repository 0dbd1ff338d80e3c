import { createHash } from 'node:crypto';
import { SECURITY_HEADERS, type HttpResult } from './http.ts';

/**
 * The pages' Content-Security-Policy: inline styles only, posts only to ourselves, and framed only by
 * `frameAncestors` (CSP source list; never, by default). No script runs, unless the page passes the
 * CSP hash of its one inline script (`inlineScript`): then exactly that script runs, and nothing else.
 */
export function pageCsp(frameAncestors = "'none'", scriptHash?: string): string {
  const script = scriptHash === undefined ? '' : `; script-src ${scriptHash}`;
  return `default-src 'none'${script}; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors ${frameAncestors}; base-uri 'none'`;
}

/**
 * A page's one inline script with its CSP hash (`'sha256-…'`), checked not to hold `</script`,
 * which would end its element early and let the rest run as markup.
 */
export function inlineScript(code: string): { code: string; hash: string } {
  if (/<\/script/i.test(code)) throw new Error('an inline script must not contain "</script"');
  return { code, hash: `'sha256-${createHash('sha256').update(code).digest('base64')}'` };
}

/** An HTML response with the charset stated, as API Gateway passes headers through unchanged. */
export function htmlResponse(status: number, body: string, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
      'content-security-policy': pageCsp(),
      ...headers,
    },
    body,
  };
}

/** A 303 See Other, the redirect after a successful form post. */
export function seeOther(location: string): HttpResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store', ...SECURITY_HEADERS }, body: '' };
}
