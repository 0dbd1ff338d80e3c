/**
 * The Cases API handler parses with its routes' request schemas imported one by one, not through the
 * contracts map, so that its bundle leaves the response schemas out (functions/cases/cases.ts). They
 * must be the very schemas the contracts (and so the OpenAPI document) hold.
 */
import { describe, expect, it } from 'vitest';
import { caseListQuerySchema, casePatchSchema, casesContracts, correctionsQuerySchema } from '#shared/cases/contracts.ts';
import { MAX_BODY_BYTES } from '#shared/platform/limits.ts';

describe('the Cases API handler’s request schemas', () => {
  it('are the contracts’ own, with the default body limit', () => {
    expect(casesContracts['GET /api/cases'].request.query).toBe(caseListQuerySchema);
    expect(casesContracts['GET /api/cases/corrections'].request.query).toBe(correctionsQuerySchema);
    const patch = casesContracts['PATCH /api/cases/{id}'].request.body;
    expect(patch.schema).toBe(casePatchSchema);
    expect(patch.maxBytes).toBe(MAX_BODY_BYTES);
  });
});
