/**
 * What `GET /api/openapi.json` documents for a real response: the checks of the OpenAPI test, shared
 * with the fuzz test and the bench's fuzz section, which run them on every case. They return the
 * problems found instead of asserting, so code outside vitest can count them.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { CONTRACTS } from '#shared/contracts.ts';
import type { RouteContract } from '#shared/platform/route-contract.ts';

/** An operation of the served document, as far as the checks read it. */
export interface DocumentedOperation {
  operationId: string;
  security: Record<string, string[]>[];
  parameters: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema: object }>; headers?: Record<string, { required?: boolean }> }>;
}

/** The served document, as far as the checks read it. */
export interface DocumentedApi {
  openapi: string;
  paths: Record<string, Record<string, DocumentedOperation>>;
}

/** A response already read: status, headers and the body as text. */
export interface ReadResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: string;
}

/** Every route's contract by route key (`GET /api/units`). */
export const ROUTE_CONTRACTS = Object.assign({}, ...Object.values(CONTRACTS)) as Record<string, RouteContract>;

/**
 * Checks real responses against the document: the status is documented for the operation, the media
 * type is one it lists (no body where it lists none), the headers it marks required are present, and
 * a JSON body validates against the document's schema (Ajv, JSON Schema 2020-12) and the contract's
 * zod schema it was generated from. Schemas are compiled once each, as the fuzz runs thousands of cases.
 */
export class DocumentedShapes {
  private readonly ajv = new Ajv2020({ allErrors: true });
  private readonly compiled = new Map<object, ValidateFunction>();

  constructor(readonly doc: DocumentedApi) {}

  /** Reads the document a running stack serves. */
  static async load(baseUrl: string): Promise<DocumentedShapes> {
    const res = await fetch(`${baseUrl}/api/openapi.json`);
    if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
    return new DocumentedShapes((await res.json()) as DocumentedApi);
  }

  /** The problems of one response of `method path` (the route's path template); empty when documented. */
  problems(method: string, path: string, res: ReadResponse): string[] {
    const where = `${method} ${path} ${res.status}`;
    const documented = this.doc.paths[path]?.[method.toLowerCase()]?.responses[String(res.status)];
    if (!documented) return [`${where} is not documented`];
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!;
    const content = documented.content;
    if (!content) return res.body === '' ? [] : [`${where} has a body where none is documented`];
    if (!Object.keys(content).includes(type))
      return [`${where} answered ${type || 'no content type'}; documented: ${Object.keys(content)}`];
    const out: string[] = [];
    for (const [name, h] of Object.entries(documented.headers ?? {}))
      if (h.required && res.headers.get(name) === null) out.push(`${where} lacks the required header ${name}`);
    if (type !== 'application/json') return out;
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return [...out, `${where} is not JSON: ${res.body.slice(0, 120)}`];
    }
    const schema = content[type]!.schema;
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    if (!validate(body))
      out.push(`${where} does not match the document's schema: ${JSON.stringify(validate.errors)} in ${res.body.slice(0, 300)}`);
    const zodSchema = ROUTE_CONTRACTS[`${method} ${path}`]?.responses[res.status]?.content?.['application/json'];
    if (!zodSchema) out.push(`${where} has no JSON schema in its contract`);
    else if (!zodSchema.safeParse(body).success) out.push(`${where} does not match its contract's zod schema: ${res.body.slice(0, 300)}`);
    return out;
  }
}
