/**
 * The bench loads a million answers and the first aggregation run's result straight into dynalite's
 * LevelDB instead of writing and aggregating them over HTTP (bench/aggregation.ts). That shortcut is
 * only honest if it leaves the tables exactly as the real path does: answers as PutItem stores them
 * (their byArrival entries included), and the snapshots and watermark a real first run writes.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putItemsDirect, startDirectDynalite, type DirectDynalite } from '#local/dynalite-direct-load.ts';
import { demoAnswers } from '#local/demo-answers.ts';
import { parseConfig } from '#shared/config.ts';
import { answerKeys, DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import { BY_ARRIVAL } from '#shared/feedback/manifest.ts';
import { aggregateNewAnswers } from '#shared/reporting/aggregate.ts';
import { DynamoAggregateStore } from '#shared/reporting/dynamo-aggregate-store.ts';
import { firstRunWrites, LoadedAnswers, scanDifferences, scanTable } from '../support/first-run-snapshots.ts';

const config = parseConfig();
const asOf = new Date('2026-03-30T09:15:00.000Z');
// Over 100 days, so the answers cross the change to summer time (29 March 2026).
const answers = demoAnswers(config, asOf, 2_000, 100);
/** The real first run queries every hourly arrival partition of its 400 days: seconds on two busy cores. */
const TIMEOUT_MS = 240_000;

let real: DirectDynalite;
let direct: DirectDynalite;
beforeAll(async () => {
  [real, direct] = await Promise.all([startDirectDynalite(), startDirectDynalite()]);
});
afterAll(async () => {
  await real?.close();
  await direct?.close();
});

describe('direct loading of a history and its first aggregation run', () => {
  it(
    'leaves the same answers, arrival index entries, snapshots and watermark as PutItem and a real first run',
    async () => {
      const doc = DynamoDBDocumentClient.from(real.raw, { marshallOptions: { removeUndefinedValues: true } });
      const feedback = new DynamoFeedbackStore(doc, { feedback: real.tableNames.feedback, idempotency: real.tableNames.idempotency });
      for (let i = 0; i < answers.length; i += 25) await Promise.all(answers.slice(i, i + 25).map((a) => feedback.putAnswer(a)));
      const run = await aggregateNewAnswers({
        config,
        feedback,
        store: new DynamoAggregateStore(doc, real.tableNames.aggregates),
        clock: { now: () => asOf },
      });

      const loaded = new LoadedAnswers();
      for (const a of answers) loaded.add(a);
      expect(
        await putItemsDirect(
          direct,
          direct.tableNames.feedback,
          answers.map((a) => ({ ...answerKeys(a), ...a })),
        ),
      ).toBe(answers.length);
      const first = await firstRunWrites(config, loaded, asOf);
      await putItemsDirect(direct, direct.tableNames.aggregates, first.items);

      expect(first.result).toEqual(run);
      expect(run.snapshots).toBeGreaterThan(1_000);
      for (const [table, index] of [
        [real.tableNames.feedback, undefined],
        [real.tableNames.feedback, BY_ARRIVAL],
        [real.tableNames.aggregates, undefined],
      ] as const) {
        const other = table === real.tableNames.feedback ? direct.tableNames.feedback : direct.tableNames.aggregates;
        const [a, b] = await Promise.all([scanTable(real.raw, table, index), scanTable(direct.raw, other, index)]);
        expect(scanDifferences(a, b), `${table}${index ? `/${index}` : ''}`).toEqual([]);
        expect(a.size).toBeGreaterThan(0);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'answers the incremental run the same afterwards: new answers on top of either give the same snapshots',
    async () => {
      const later = new Date(asOf.getTime() + 15 * 60_000);
      const fresh = demoAnswers(config, later, 40, 1).map((a, i) => ({ ...a, id: `n-${i}`, receivedAt: later.toISOString() }));
      const results = [];
      for (const db of [real, direct]) {
        const doc = DynamoDBDocumentClient.from(db.raw, { marshallOptions: { removeUndefinedValues: true } });
        const feedback = new DynamoFeedbackStore(doc, { feedback: db.tableNames.feedback, idempotency: db.tableNames.idempotency });
        for (const a of fresh) await feedback.putAnswer(a);
        results.push(
          await aggregateNewAnswers({
            config,
            feedback,
            store: new DynamoAggregateStore(doc, db.tableNames.aggregates),
            clock: { now: () => later },
          }),
        );
      }
      expect(results[1]).toEqual(results[0]);
      // The run looks 2 minutes behind the watermark, where the history's last answers arrived too.
      expect(results[0]!.arrivals).toBeGreaterThanOrEqual(fresh.length);
      const [a, b] = await Promise.all([
        scanTable(real.raw, real.tableNames.aggregates),
        scanTable(direct.raw, direct.tableNames.aggregates),
      ]);
      expect(scanDifferences(a, b)).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
