import { SECURITY_HEADERS, type HttpResult } from './http.ts';

/** An HTML response with the charset stated, as API Gateway passes headers through unchanged. */
export function htmlResponse(status: number, body: string, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
      // Inline styles only, no scripts, posts only to ourselves, never framed.
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      ...headers,
    },
    body,
  };
}

/** A 303 See Other, the redirect after a successful form post. */
export function seeOther(location: string): HttpResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store', ...SECURITY_HEADERS }, body: '' };
}
