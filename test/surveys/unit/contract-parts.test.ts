/**
 * The survey handler parses with its route's query schema imported alone, not through the contracts
 * map, so that its bundle leaves the response schemas out (functions/surveys/get-survey.ts). It must
 * be the very schema the contract (and so the OpenAPI document) holds.
 */
import { describe, expect, it } from 'vitest';
import { surveyQuerySchema, surveysContracts } from '#shared/surveys/contracts.ts';

describe('the survey handler’s query schema', () => {
  it('is the contract’s own', () => {
    expect(surveysContracts['GET /api/surveys/{surveyId}'].request.query).toBe(surveyQuerySchema);
  });
});
