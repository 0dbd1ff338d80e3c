/**
 * Fault: DynamoDB unavailable while answers arrive. The local stack's fault proxy takes DynamoDB away
 * under the real handlers (refused and reset connections, or a peer that never answers): every 201 is
 * stored, everything else is a 503 with Retry-After and the documented body, the HTML form keeps the
 * person's answers, and retries with the same Idempotency-Key after recovery store nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { feedbackContracts } from '#shared/feedback/contracts.ts';
import { postJson, scanAll, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ faults: true });
});
afterAll(() => stack?.close());

/** Answers in the stream: "30 s of a minute's 1,000 answers" is the middle half, counted in requests, not waited for. */
const ANSWERS = 1000;
const OUTAGE = { from: 250, to: 750 };
/** Clients sending at once. */
const CLIENTS = 16;

const body = (i: number) => ({ unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: i % 11 }, text: `fault-${i}` });
const keyOf = (i: number) => `fault-key-${i}`;
const unavailableSchema = feedbackContracts['POST /api/feedback'].responses[503].content['application/json'];

/** The stored answers of this file's stream, by their marker text. */
async function storedByText(prefix: string): Promise<Map<string, { id: string }[]>> {
  const out = new Map<string, { id: string }[]>();
  for (const item of await scanAll(stack, 'feedback')) {
    const text = item.text;
    if (typeof text !== 'string' || !text.startsWith(prefix)) continue;
    out.set(text, [...(out.get(text) ?? []), { id: String(item.id) }]);
  }
  return out;
}

async function expectUnavailable(r: Response): Promise<void> {
  expect(r.status).toBe(503);
  expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  const parsed = unavailableSchema.safeParse(await r.json());
  expect(parsed.success).toBe(true);
  expect(parsed.data?.error.code).toBe('service_unavailable');
}

describe('DynamoDB unavailable while 1,000 answers arrive', () => {
  it('stores every 201, answers the rest 503 with Retry-After, and retries after recovery store each answer once', async () => {
    // Warm the handler, so the outage meets a running function as on AWS.
    expect((await postJson(stack, '/api/feedback', body(ANSWERS))).status).toBe(201);

    const results: { status: number; id?: string }[] = [];
    let next = 0;
    const client = async () => {
      while (next < ANSWERS) {
        const i = next++;
        if (i === OUTAGE.from) await stack.faults.dynamoDown('refuse');
        if (i === OUTAGE.to) await stack.faults.dynamoUp();
        const r = await postJson(stack, '/api/feedback', body(i), { 'idempotency-key': keyOf(i) });
        if (r.status === 201) results[i] = { status: 201, id: ((await r.json()) as { id: string }).id };
        else {
          results[i] = { status: r.status };
          await expectUnavailable(r);
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));

    const ok = results.flatMap((r, i) => (r.status === 201 ? [i] : []));
    const unavailable = results.flatMap((r, i) => (r.status === 503 ? [i] : []));
    expect(ok.length + unavailable.length).toBe(ANSWERS);
    // Requests sent while DynamoDB was away all got 503; only those in flight at a switch may differ.
    expect(unavailable.length).toBeGreaterThanOrEqual(OUTAGE.to - OUTAGE.from - CLIENTS);
    expect(ok.length).toBeGreaterThanOrEqual(ANSWERS - (OUTAGE.to - OUTAGE.from) - CLIENTS);

    // Every 201 is stored, under the id it answered.
    const during = await storedByText('fault-');
    for (const i of ok) expect(during.get(`fault-${i}`)).toEqual([{ id: results[i]!.id }]);

    // After recovery each 503 is retried with its key: all stored now, none twice.
    for (let k = 0; k < unavailable.length; k += CLIENTS) {
      await Promise.all(
        unavailable.slice(k, k + CLIENTS).map(async (i) => {
          const r = await postJson(stack, '/api/feedback', body(i), { 'idempotency-key': keyOf(i) });
          expect(r.status).toBe(201);
          results[i] = { status: 201, id: ((await r.json()) as { id: string }).id };
        }),
      );
    }
    // And a second retry of each of them replays its id and stores nothing.
    for (let k = 0; k < unavailable.length; k += CLIENTS) {
      await Promise.all(
        unavailable.slice(k, k + CLIENTS).map(async (i) => {
          const r = await postJson(stack, '/api/feedback', body(i), { 'idempotency-key': keyOf(i) });
          expect(r.status).toBe(201);
          expect(r.headers.get('idempotent-replayed')).toBe('true');
          expect(((await r.json()) as { id: string }).id).toBe(results[i]!.id);
        }),
      );
    }
    const after = await storedByText('fault-');
    expect(after.size).toBe(ANSWERS + 1); // the warm-up answer too
    for (let i = 0; i < ANSWERS; i++) expect(after.get(`fault-${i}`)).toEqual([{ id: results[i]!.id }]);
    // Some 2,000 requests: well over the default minute on a machine shared by other jobs.
  }, 180_000);

  it('shows the form again with the answers and the same form instance kept, and sending it after recovery stores it once', async () => {
    const fields = { lang: 'sv', ch: 'web', idem: 'form-instance-fault', nps: '9', smooth: '4', text: 'Fault-form: vänligt bemötande' };
    const post = () =>
      fetch(`${stack.url}/f/keskusta-ta`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });
    await stack.faults.dynamoDown('reset');
    const down = await post();
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(down.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await down.text();
    expect(page).toContain('<html lang="sv"');
    expect(page).toContain('Det gick inte att skicka just nu');
    expect(page).toMatch(/name="nps" value="9" checked/);
    expect(page).toMatch(/name="smooth" value="4" checked/);
    expect(page).toContain('>Fault-form: vänligt bemötande</textarea>');
    expect(page).toContain('name="idem" value="form-instance-fault"');

    await stack.faults.dynamoUp();
    expect((await post()).status).toBe(303);
    expect((await post()).status).toBe(303);
    expect((await storedByText('Fault-form:')).get(fields.text)).toHaveLength(1);
  });

  it('answers 503, not a gateway timeout, when DynamoDB takes connections and never answers', async () => {
    await stack.faults.dynamoDown('blackhole');
    try {
      const r = await postJson(stack, '/api/feedback', body(5000), { 'idempotency-key': keyOf(5000) });
      await expectUnavailable(r);
    } finally {
      await stack.faults.dynamoUp();
    }
    const r = await postJson(stack, '/api/feedback', body(5000), { 'idempotency-key': keyOf(5000) });
    expect(r.status).toBe(201);
    expect((await storedByText('fault-5000')).get('fault-5000')).toHaveLength(1);
  });
});
