import { SECURITY_HEADERS, type HttpResult } from './http.ts';

/**
 * The pages' Content-Security-Policy: inline styles only, no scripts, posts only to ourselves, and
 * framed only by `frameAncestors` (CSP source list; never, by default).
 */
export function pageCsp(frameAncestors = "'none'"): string {
  return `default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors ${frameAncestors}; base-uri 'none'`;
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
