/**
 * Serves manifest routes over node:http the way API Gateway's HTTP API does: requests become payload
 * 2.0 events (lower-cased headers, cookies array, base64 bodies for non-text types), handler results
 * become responses, unknown routes answer 404 `{"message":"Not Found"}`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RouteSpec } from '#shared/manifest.ts';
import { errorFields } from '#shared/platform/logger.ts';
import { lambdaContext } from './lambda-context.ts';

/** API Gateway's own payload limit for HTTP APIs. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** A Lambda handler as the local stack calls it. */
export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** A route with its compiled matcher and a way to get its handler. */
export interface LocalRoute {
  spec: RouteSpec;
  timeoutSeconds: number;
  load: () => Promise<LambdaHandler>;
}

/** The JWT check API Gateway does for routes with scopes (see local/dev-auth.ts). */
export type Authorizer = (
  authorization: string | undefined,
  scopes: NonNullable<RouteSpec['scopes']>,
) => Promise<{ ok: true; claims: Record<string, string>; scopes: string[] } | { ok: false; status: 401 | 403 }>;

/** Local-only routes (`/dev/...`) served before the manifest routes; returns false when not handled. */
export type DevRoutes = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => Promise<boolean>;

interface Match {
  route: LocalRoute;
  params: Record<string, string>;
}

/** Matches `/f/{unitId}/thanks` against a path; literal segments win over parameters, like API Gateway. */
export function matchRoute(routes: readonly LocalRoute[], method: string, path: string): Match | undefined {
  const segs = path.split('/').slice(1);
  let best: { m: Match; literals: number } | undefined;
  for (const route of routes) {
    if (route.spec.method !== method) continue;
    const pattern = route.spec.path.split('/').slice(1);
    if (pattern.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const ok = pattern.every((p, i) => {
      const s = segs[i]!;
      const param = /^\{(\w+)\}$/.exec(p);
      if (param) {
        if (!s) return false;
        try {
          params[param[1]!] = decodeURIComponent(s);
        } catch {
          return false;
        }
        return true;
      }
      literals += 1;
      return p === s;
    });
    if (ok && (!best || literals > best.literals)) best = { m: { route, params }, literals };
  }
  return best?.m;
}

// API Gateway treats these as text and passes them as-is; every other body arrives base64-encoded.
function isTextType(contentType: string | undefined): boolean {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return (
    t.startsWith('text/') ||
    ['application/json', 'application/xml', 'application/javascript'].includes(t) ||
    t.endsWith('+json') ||
    t.endsWith('+xml')
  );
}

function toEvent(req: IncomingMessage, url: URL, body: Buffer, m: Match): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && k !== 'cookie') headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const cookies = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const now = new Date();
  const routeKey = `${m.route.spec.method} ${m.route.spec.path}`;
  const hasBody = body.length > 0;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(Object.keys(m.params).length ? { pathParameters: m.params } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0]!,
      http: {
        method: req.method!,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(hasBody ? { body: isTextType(headers['content-type']) ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !isTextType(headers['content-type']),
  };
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number | boolean>,
  body: Buffer | string,
  cookies: string[] = [],
): void {
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, String(v));
  if (cookies.length) res.setHeader('set-cookie', cookies);
  res.end(body);
}

const gatewayError = (res: ServerResponse, status: number, message: string) =>
  send(res, status, { 'content-type': 'application/json' }, JSON.stringify({ message }));

/** A node:http request listener that serves the given routes like API Gateway. */
export function apiGatewayListener(routes: readonly LocalRoute[], opts: { authorize?: Authorizer; devRoutes?: DevRoutes } = {}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let context: Context | undefined;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const m = matchRoute(routes, req.method ?? 'GET', url.pathname);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_PAYLOAD_BYTES) return gatewayError(res, 413, 'Request Entity Too Large');
        chunks.push(chunk);
      }
      const body = Buffer.concat(chunks);
      if (opts.devRoutes && (await opts.devRoutes(req, res, url, body))) return;
      if (!m) return gatewayError(res, 404, 'Not Found');
      const event = toEvent(req, url, body, m);
      if (m.route.spec.scopes?.length) {
        if (!opts.authorize) return gatewayError(res, 401, 'Unauthorized');
        const auth = await opts.authorize(event.headers.authorization, m.route.spec.scopes);
        if (!auth.ok) return gatewayError(res, auth.status, auth.status === 401 ? 'Unauthorized' : 'Forbidden');
        (event.requestContext as unknown as Record<string, unknown>).authorizer = { jwt: { claims: auth.claims, scopes: auth.scopes } };
      }
      const handler = await m.route.load();
      const timeout = m.route.timeoutSeconds * 1000;
      let timer: NodeJS.Timeout | undefined;
      context = lambdaContext(m.route.spec.function, m.route.timeoutSeconds);
      const result = await Promise.race([
        handler(event, context),
        new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeout))),
      ]).finally(() => clearTimeout(timer));
      // A Lambda that times out or throws reaches the client as API Gateway's 503 / 500.
      if (result === 'timeout') return gatewayError(res, 503, 'Service Unavailable');
      const out = result.body ?? '';
      send(res, result.statusCode ?? 200, result.headers ?? {}, result.isBase64Encoded ? Buffer.from(out, 'base64') : out, result.cookies);
    } catch (e) {
      // Like the Lambda runtime's report of a failed invocation, minus the message (it can echo item values).
      const { error, stack } = errorFields(e);
      console.error(
        JSON.stringify({
          level: 'ERROR',
          msg: 'handler failed',
          function: context?.functionName ?? null,
          requestId: context?.awsRequestId ?? null,
          error,
          stack,
        }),
      );
      if (!res.headersSent) gatewayError(res, 500, 'Internal Server Error');
    }
  };
}
