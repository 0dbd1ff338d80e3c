/**
 * Every route's contract, composed from the features' `shared/<feature>/contracts.ts` the way
 * `shared/manifest.ts` composes their fragments, and the OpenAPI document built from both. The
 * contracts modules are imported directly, not through the features' index.ts: they are
 * declaration-only and browser-safe, and the function serving the document must not bundle the
 * features' runtime code.
 */
import { casesContracts } from './cases/contracts.ts';
import { contactsContracts } from './contacts/contracts.ts';
import { feedbackContracts } from './feedback/contracts.ts';
import { kioskContracts } from './kiosk/contracts.ts';
import { FRAGMENTS } from './manifest.ts';
import type { ContractsOf } from './platform/route-contract.ts';
import { platformContracts } from './platform/contracts.ts';
import { openApiDocument, type OpenApiDocument } from './platform/openapi.ts';
import { postersContracts } from './posters/contracts.ts';
import { publicInfoContracts } from './publicinfo/contracts.ts';
import { pulseContracts } from './pulse/contracts.ts';
import { reportingContracts } from './reporting/contracts.ts';
import { smsContracts } from './sms/contracts.ts';
import { staffEntryContracts } from './staffentry/contracts.ts';
import { surveysContracts } from './surveys/contracts.ts';

/** Each feature's contracts; a feature or a route without its contracts does not compile. */
export const CONTRACTS = {
  platform: platformContracts,
  surveys: surveysContracts,
  feedback: feedbackContracts,
  sms: smsContracts,
  reporting: reportingContracts,
  publicinfo: publicInfoContracts,
  cases: casesContracts,
  contacts: contactsContracts,
  pulse: pulseContracts,
  staffentry: staffEntryContracts,
  posters: postersContracts,
  kiosk: kioskContracts,
} as const satisfies { [F in keyof typeof FRAGMENTS]: ContractsOf<(typeof FRAGMENTS)[F]> };

/** The OpenAPI 3.1 document of the whole API. */
export function apiDocument(version: string): OpenApiDocument {
  const features = Object.fromEntries(
    Object.entries(FRAGMENTS).map(([name, f]) => [name, { routes: f.routes, contracts: CONTRACTS[name as keyof typeof FRAGMENTS] }]),
  );
  return openApiDocument(features, {
    title: 'Palaute API',
    version,
    description:
      'Customer feedback for Finnish wellbeing services counties. JSON errors have the shape `{ "error": { "code", "message", "issues": [ { "path", "message" } ] } }`; API Gateway answers a path or method no route declares with 404 `{"message":"Not Found"}`.',
  });
}

declare global {
  interface ImportMeta {
    /**
     * `apiDocument(version)` as JSON text, gzipped, in base64, as of the build: put here by esbuild's
     * `define` in Lambda bundles only (lib/bundling.ts); absent under tsx (tests, the local stack).
     * The document changes only with a deploy, and building it at a cold start meant loading and
     * converting every contract; as plain text it would be 235 KB of the bundle, gzipped about 27 KB.
     */
    readonly palauteOpenApiDocument?: string;
  }
}
