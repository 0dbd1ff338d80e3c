/** Contracts of the platform's own routes: the liveness check and the OpenAPI document. */
import * as z from './zod.ts';
import { jsonReply, SERVER_REPLIES, type ContractsOf } from './route-contract.ts';
import type { platformManifest } from './manifest.ts';

/** The OpenAPI document as this API serves it: version 3.1, one path item per manifest path. */
export const openApiDocumentSchema = /* @__PURE__ */ (() =>
  z.looseObject({
    openapi: z.literal('3.1.0'),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.optional(z.record(z.string(), z.unknown())),
  }))();

/** The platform's route contracts (built in a pure call: see platform/route-contract.ts). */
export const platformContracts = /* @__PURE__ */ (() =>
  ({
    'GET /health': {
      summary: 'Liveness check',
      request: {},
      responses: { 200: jsonReply('The service is up.', z.strictObject({ status: z.literal('ok') })), ...SERVER_REPLIES },
    },
    'GET /api/openapi.json': {
      summary: 'This document: the OpenAPI 3.1 description of every route',
      description: 'Generated from the route contracts in `shared/<feature>/contracts.ts` and the manifest; cacheable for 5 minutes.',
      request: {},
      responses: { 200: jsonReply('The OpenAPI document.', openApiDocumentSchema), ...SERVER_REPLIES },
    },
  }) satisfies ContractsOf<typeof platformManifest>)();
