/**
 * The incremental aggregation's arrival window: an answer received at exactly the run's instant is
 * in that run (found by the property test with a frozen clock: it was left for the next run, so a
 * report read right after the run missed it).
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import { parseConfig } from '#shared/config.ts';
import { demoAnswers } from '#local/demo-answers.ts';
import { startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

describe('arrival window', () => {
  it('includes answers received at exactly the end of the window, and at its start', async () => {
    const store = new DynamoFeedbackStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames);
    const [a, b] = demoAnswers(parseConfig(), new Date('2026-06-01T12:00:00Z'), 2, 1);
    const end = '2026-06-01T12:00:00.000Z';
    const start = '2026-06-01T11:00:00.000Z';
    await store.putAnswer({ ...a!, receivedAt: end });
    await store.putAnswer({ ...b!, receivedAt: start });
    const found = await store.listArrivals(start, end);
    expect(found.map((f) => f.unitId).sort()).toEqual([a!.unitId, b!.unitId].sort());
  });
});
