/**
 * Fault: the incremental aggregation killed mid-run. The local stack's fault proxy takes DynamoDB away
 * after an exact number of snapshot writes of a real run of the `aggregate` schedule, more answers
 * arrive meanwhile, and the next run must leave every snapshot equal to a from-scratch count of the
 * answers — computed here straight from the answers, not through the aggregation's roll-ups.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAnswers } from '#local/demo-answers.ts';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import { helsinkiDate } from '#shared/platform/time.ts';
import { countAnswers, type Counts } from '#shared/reporting/counts.ts';
import { DynamoAggregateStore } from '#shared/reporting/dynamo-aggregate-store.ts';
import { GRANULARITIES, periodOf } from '#shared/reporting/periods.ts';
import { scanAll, startTestStack } from '../../support/local-stack.ts';
import { setClock } from '../../support/sms.ts';

const config = parseConfig();
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ faults: true });
});
afterAll(() => stack?.close());

/** Every snapshot the answers make, counted from scratch: `nodeId|granularity|period` → counts. */
function fromScratch(answers: readonly StoredAnswer[]): Map<string, Counts> {
  const groups = new Map<string, StoredAnswer[]>();
  for (const a of answers) {
    const date = helsinkiDate(new Date(a.submittedAt));
    for (let node = config.org.node(a.unitId); node; node = node.parentId ? config.org.node(node.parentId) : undefined) {
      for (const g of GRANULARITIES) {
        const key = `${node.id}|${g}|${periodOf(date, g)}`;
        groups.set(key, [...(groups.get(key) ?? []), a]);
      }
    }
  }
  return new Map([...groups].map(([k, list]) => [k, countAnswers(list)]));
}

/** Every snapshot in the aggregates table. */
async function stored(): Promise<Map<string, unknown>> {
  const items = await scanAll(stack, 'aggregates');
  return new Map(items.filter((i) => i.pk !== 'META').map((i) => [`${i.nodeId}|${i.granularity}|${i.period}`, i.counts]));
}

describe('aggregation killed mid-run', () => {
  it('leaves every snapshot exact after the next run, with answers arriving in between', async () => {
    const db = DynamoDBDocumentClient.from(stack.dynamo);
    const feedback = new DynamoFeedbackStore(db, stack.tableNames);
    const aggregates = new DynamoAggregateStore(db, stack.tableNames.aggregates);
    const start = '2026-11-23T10:00:00.000Z';
    // A running system has a watermark; answers arrive after it, given over the last 35 days (two months, several ISO weeks).
    await aggregates.setWatermark(start);
    const first = demoAnswers(config, new Date('2026-11-23T09:00:00Z'), 120, 35).map((a, i) => ({
      ...a,
      receivedAt: new Date(Date.parse(start) + 1000 + i).toISOString(),
    }));
    for (const a of first) await feedback.putAnswer(a);

    // The run dies with DynamoDB after half of the writes a whole run makes (one per snapshot).
    const writes = fromScratch(first).size;
    const killAfter = Math.floor(writes / 2);
    await setClock(stack, '2026-11-23T10:15:00.000Z');
    const before = stack.faults.operations().PutItem ?? 0;
    stack.faults.dynamoDownAfter('PutItem', killAfter);
    await expect(stack.scheduler.run('aggregate')).rejects.toThrow();
    expect((stack.faults.operations().PutItem ?? 0) - before).toBe(killAfter);
    expect(await aggregates.getWatermark()).toBe(start);
    // Partway: some snapshots written, not all.
    const partial = await stored();
    expect(partial.size).toBeGreaterThan(0);
    expect(partial.size).toBeLessThan(writes);
    await stack.faults.dynamoUp();

    // More answers arrive before the next run, some on days the dead run had already written.
    const more = demoAnswers(config, new Date('2026-11-23T10:10:00Z'), 40, 10).map((a, i) => ({
      ...a,
      id: randomUUID(),
      receivedAt: new Date(Date.parse('2026-11-23T10:16:00.000Z') + i).toISOString(),
    }));
    for (const a of more) await feedback.putAnswer(a);
    await setClock(stack, '2026-11-23T10:30:00.000Z');
    await stack.scheduler.run('aggregate');
    expect((await aggregates.getWatermark())! >= '2026-11-23T10:30:00.000Z').toBe(true);

    const expected = fromScratch([...first, ...more]);
    const got = await stored();
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, counts] of expected) expect({ key, counts: got.get(key) }).toEqual({ key, counts });
    // Two runs of some hundred sequential writes each: minutes on a machine shared by other jobs.
  }, 180_000);
});
