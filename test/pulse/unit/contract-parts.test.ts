/**
 * The pulse API's handler parses with its routes' request schemas imported one by one, not through
 * the contracts map, so that its bundle leaves the response schemas out (functions/pulse/pulse-api.ts).
 * They must be the very schemas the contracts (and so the OpenAPI document) hold.
 */
import { describe, expect, it } from 'vitest';
import { compareQuerySchema, openRoundSchema, pulseContracts, pulseLangQuerySchema, roundsQuerySchema } from '#shared/pulse/contracts.ts';
import { MAX_BODY_BYTES } from '#shared/platform/limits.ts';

describe('the pulse API handler’s request schemas', () => {
  it('are the contracts’ own, with the default body limit', () => {
    const open = pulseContracts['POST /api/pulse/rounds'].request.body;
    expect(open.schema).toBe(openRoundSchema);
    expect(open.maxBytes).toBe(MAX_BODY_BYTES);
    expect(pulseContracts['GET /api/pulse/rounds'].request.query).toBe(roundsQuerySchema);
    expect(pulseContracts['GET /api/pulse/rounds/{roundId}/results'].request.query).toBe(pulseLangQuerySchema);
    expect(pulseContracts['GET /api/pulse/compare'].request.query).toBe(compareQuerySchema);
  });
});
