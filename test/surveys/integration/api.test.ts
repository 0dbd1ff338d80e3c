/**
 * Public read API over real HTTP against the local stack: health, units, surveys, and the API
 * Gateway behaviours the local stack mirrors (404 for unknown routes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

describe('GET /health', () => {
  it('answers 200 so a load balancer or the README can check the stack is up', async () => {
    const r = await fetch(`${stack.url}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /api/units', () => {
  it('lists every unit with names in three languages, its place in the tree and default survey', async () => {
    const r = await fetch(`${stack.url}/api/units`);
    expect(r.status).toBe(200);
    const { units } = (await r.json()) as { units: Record<string, unknown>[] };
    expect(units).toHaveLength(14);
    expect(units[0]).toEqual({
      id: 'keskusta-ta',
      name: { fi: 'Keskustan terveysasema', sv: 'Centrums hälsostation', en: 'City Centre Health Station' },
      serviceId: 'terveysasemat',
      serviceAreaId: 'terveys',
      surveyId: 'thl-aikuiset',
    });
  });
});

describe('GET /api/surveys/{surveyId}', () => {
  it('returns the current version in Swedish with the NPS question first', async () => {
    const r = await fetch(`${stack.url}/api/surveys/thl-aikuiset?lang=sv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-language')).toBe('sv');
    const s = (await r.json()) as { id: string; version: number; questions: { id: string; type: string; text: string }[] };
    expect(s).toMatchObject({ id: 'thl-aikuiset', version: 1 });
    expect(s.questions[0]).toMatchObject({ id: 'nps', type: 'nps', min: 0, max: 10 });
    expect(s.questions[1]!.text).toBe('Det var lätt att sköta ärendet.');
    expect(s.questions.filter((q) => q.type === 'statement')).toHaveLength(7);
  });
  it('defaults to Finnish without ?lang', async () => {
    const s = (await (await fetch(`${stack.url}/api/surveys/thl-aikuiset`)).json()) as { lang: string };
    expect(s.lang).toBe('fi');
  });
  it('answers 404 in the error shape for an unknown survey', async () => {
    const r = await fetch(`${stack.url}/api/surveys/nope?lang=fi`);
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({
      error: { code: 'not_found', message: 'Survey "nope" does not exist.', issues: [{ path: 'surveyId', message: 'unknown survey' }] },
    });
  });
  it('answers 400 naming query.lang for an unsupported language', async () => {
    const r = await fetch(`${stack.url}/api/surveys/thl-aikuiset?lang=de`);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('query.lang');
  });
});

describe('routing', () => {
  it('answers 404 {"message":"Not Found"} for an unknown route, as API Gateway does', async () => {
    const r = await fetch(`${stack.url}/api/nothing`);
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ message: 'Not Found' });
  });
  it('does not route a method the manifest does not declare', async () => {
    expect((await fetch(`${stack.url}/api/units`, { method: 'DELETE' })).status).toBe(404);
  });
});
