/**
 * Builds the OpenAPI 3.1 document from the manifest's routes and their contracts with zod's own JSON
 * Schema output (draft 2020-12, the dialect OpenAPI 3.1 uses): no generator library, so the
 * function serving it stays small and builds it once per cold start.
 */
import * as z from './zod.ts';
import type { RouteContract } from './route-contract.ts';
import { RESOURCE_SERVER, type RouteSpec } from './manifest-types.ts';

/** One feature's routes and their contracts, keyed by route key. */
export interface OpenApiFeature {
  routes: readonly RouteSpec[];
  contracts: Readonly<Record<string, RouteContract>>;
}

/** A JSON Schema object as zod writes it. */
type JsonSchema = Record<string, unknown>;

/** The document, as far as this module writes it (a type alias, so it fits the contract's open object). */
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { securitySchemes: Record<string, unknown> };
};

/** Name of the security scheme scoped routes require. */
export const BEARER_SCHEME = 'bearer';

/** A schema as JSON Schema, without the `$schema` line that would repeat in every embedded schema. */
function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** The properties of an object schema as OpenAPI parameters of one location. */
function parameters(schema: z.ZodMiniObject | undefined, where: 'path' | 'query' | 'header'): unknown[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || (s.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** `GET /api/reports/nps` → `getApiReportsNps`: unique because route keys are. */
function operationId(route: RouteSpec): string {
  const words = `${route.method} ${route.path}`
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

function operation(feature: string, route: RouteSpec, c: RouteContract): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(c.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(r.headers).map(([name, h]) => [
                name,
                { description: h.description, required: h.required ?? false, schema: { type: 'string' } },
              ]),
            ),
          }
        : {}),
      ...(r.content
        ? {
            content: Object.fromEntries(
              Object.entries(r.content).map(([type, schema]) => [type, { schema: jsonSchema(schema, 'output') }]),
            ),
          }
        : {}),
    };
  }
  return {
    operationId: operationId(route),
    tags: [feature],
    summary: c.summary,
    ...(c.description || route.public
      ? { description: [c.description, route.public ? `Public: ${route.public}` : undefined].filter(Boolean).join('\n\n') }
      : {}),
    parameters: [
      ...parameters(c.request.params, 'path'),
      ...parameters(c.request.query, 'query'),
      ...parameters(c.request.headers, 'header'),
    ],
    ...(c.request.body
      ? {
          requestBody: {
            required: true,
            description: `At most ${c.request.body.maxBytes} bytes.`,
            content: { [c.request.body.type]: { schema: jsonSchema(c.request.body.schema, 'input') } },
          },
        }
      : {}),
    responses,
    // A public route says so explicitly; a scoped one needs a bearer token carrying every scope named.
    security: route.scopes ? [{ [BEARER_SCHEME]: route.scopes.map((s) => `${RESOURCE_SERVER}/${s}`) }] : [],
  };
}

/**
 * The OpenAPI 3.1 document: one operation per route, tagged with its feature. Throws if a route has no
 * contract (the contracts' types already refuse that; this guards a composition gone wrong).
 */
export function openApiDocument(
  features: Readonly<Record<string, OpenApiFeature>>,
  info: { title: string; version: string; description: string },
): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [feature, { routes, contracts }] of Object.entries(features)) {
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const c = contracts[key];
      if (!c) throw new Error(`OpenAPI: route "${key}" has no contract in shared/${feature}/contracts.ts`);
      const item = paths[route.path] ?? {};
      item[route.method.toLowerCase()] = operation(feature, route, c);
      paths[route.path] = item;
    }
  }
  return {
    openapi: '3.1.0',
    info,
    tags: Object.keys(features).map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        [BEARER_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `An access token of the deployment's Cognito user pool (locally: POST /dev/token). A route lists the scopes the token must carry, prefixed with the resource server: \`${RESOURCE_SERVER}/<scope>\`. API Gateway checks them before the handler: 401 {"message":"Unauthorized"} without a valid token, 403 {"message":"Forbidden"} without the scope.`,
        },
      },
    },
  };
}
