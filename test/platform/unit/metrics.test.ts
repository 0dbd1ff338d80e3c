/**
 * The metric lines are CloudWatch Embedded Metric Format: one JSON object per line whose `_aws` block
 * names namespace, dimension sets and metrics, each dimension a string member and each metric a
 * number member of the same object — the shape CloudWatch Logs extracts metrics from. Checked for the
 * generic writer and for each metric the system records.
 */
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { emfDocument, METRICS_NAMESPACE, putMetrics, withInvocation } from '#shared/platform/index.ts';
import { ANSWERS_STORED_METRIC, recordAnswerStored } from '#shared/feedback/index.ts';
import { recordSendOutcomes, SMS_METRICS } from '#shared/sms/index.ts';
import { recordWatermarkAge, WATERMARK_AGE_METRIC, watermarkAgeSeconds } from '#shared/reporting/index.ts';

/** Lines on standard output, written the Lambda way (the stream) as in production. */
let out: string[];
const spies: MockInstance[] = [];
beforeEach(() => {
  out = [];
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'fn-under-test');
  spies.push(
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => {
      out.push(String(chunk));
      return true;
    }) as never),
  );
  spies.push(vi.spyOn(console, 'log').mockImplementation(() => expect.unreachable('metrics on Lambda must not go through console')));
});
afterEach(() => {
  for (const s of spies.splice(0)) s.mockRestore();
  vi.unstubAllEnvs();
});

const inInvocation = (fn: () => void) =>
  withInvocation({ functionName: 'fn-under-test', awsRequestId: 'req-1' } as Context, async () => fn());

interface Emf {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

/** Parses one written chunk and checks it against the EMF specification's rules; returns it. */
function emfLine(chunk: string): Emf {
  expect(chunk.endsWith('\n')).toBe(true);
  expect(chunk.slice(0, -1)).not.toContain('\n');
  const doc = JSON.parse(chunk) as Emf;
  const aws = doc._aws;
  expect(Number.isInteger(aws.Timestamp)).toBe(true);
  expect(Math.abs(aws.Timestamp - Date.now())).toBeLessThan(60_000);
  expect(aws.CloudWatchMetrics).toHaveLength(1);
  const directive = aws.CloudWatchMetrics[0]!;
  expect(directive.Namespace).toBe(METRICS_NAMESPACE);
  expect(directive.Dimensions.length).toBeGreaterThan(0);
  for (const set of directive.Dimensions) {
    expect(set.length).toBeGreaterThan(0);
    expect(set.length).toBeLessThanOrEqual(30);
    for (const dim of set) expect(typeof doc[dim], `dimension ${dim}`).toBe('string');
  }
  expect(directive.Metrics.length).toBeGreaterThan(0);
  for (const m of directive.Metrics) {
    expect(['Count', 'Seconds']).toContain(m.Unit);
    expect(typeof doc[m.Name], `metric ${m.Name}`).toBe('number');
  }
  return doc;
}

describe('EMF writer', () => {
  it('builds the documented shape: dimension sets with and without the function, values as members', () => {
    const doc = emfDocument(
      [{ name: 'AnswersStored', value: 1, unit: 'Count' }],
      { channel: 'web' },
      { function: 'submitFeedback', requestId: 'r' },
      1_800_000_000_000,
    );
    expect(doc).toEqual({
      _aws: {
        Timestamp: 1_800_000_000_000,
        CloudWatchMetrics: [
          { Namespace: 'Palaute', Dimensions: [['function', 'channel'], ['channel']], Metrics: [{ Name: 'AnswersStored', Unit: 'Count' }] },
        ],
      },
      channel: 'web',
      function: 'submitFeedback',
      requestId: 'r',
      AnswersStored: 1,
    });
  });

  it('dimensions by the function alone when no other dimension is given, and never lets one replace it', () => {
    const doc = emfDocument(
      [{ name: 'X', value: 2, unit: 'Seconds' }],
      { function: 'forged' },
      { function: 'aggregate', requestId: null },
      0,
    ) as Emf;
    expect(doc._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['function']]);
    expect(doc.function).toBe('aggregate');
  });

  it('writes one line per call inside an invocation, with the function and request id', async () => {
    await inInvocation(() =>
      putMetrics(
        [
          { name: 'A', value: 1, unit: 'Count' },
          { name: 'B', value: 0, unit: 'Count' },
        ],
        { channel: 'qr' },
      ),
    );
    expect(out).toHaveLength(1);
    expect(emfLine(out[0]!)).toMatchObject({ function: 'fn-under-test', requestId: 'req-1', channel: 'qr', A: 1, B: 0 });
  });

  it('writes nothing for no metrics', async () => {
    await inInvocation(() => putMetrics([]));
    expect(out).toEqual([]);
  });
});

describe('the system’s metrics', () => {
  it.each(['web', 'qr', 'sms', 'kiosk'] as const)('AnswersStored counts one answer under channel %s', async (channel) => {
    await inInvocation(() => recordAnswerStored(channel));
    const doc = emfLine(out[0]!);
    expect(ANSWERS_STORED_METRIC).toBe('AnswersStored');
    expect(doc._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['function', 'channel'], ['channel']]);
    expect(doc._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'AnswersStored', Unit: 'Count' }]);
    expect(doc).toMatchObject({ channel, AnswersStored: 1, function: 'fn-under-test' });
  });

  it('SmsSent, SmsFailed and SmsRetried are written for every batch, zeros included', async () => {
    await inInvocation(() => recordSendOutcomes({ sent: 7, retry: 2, skipped: 1 }));
    await inInvocation(() => recordSendOutcomes({}));
    const [busy, empty] = out.map(emfLine);
    expect(SMS_METRICS).toEqual({ sent: 'SmsSent', failed: 'SmsFailed', retried: 'SmsRetried' });
    expect(busy!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['function']]);
    expect(busy!._aws.CloudWatchMetrics[0]!.Metrics).toEqual([
      { Name: 'SmsSent', Unit: 'Count' },
      { Name: 'SmsFailed', Unit: 'Count' },
      { Name: 'SmsRetried', Unit: 'Count' },
    ]);
    expect(busy).toMatchObject({ SmsSent: 7, SmsFailed: 0, SmsRetried: 2 });
    expect(empty).toMatchObject({ SmsSent: 0, SmsFailed: 0, SmsRetried: 0 });
  });

  it('AggregationWatermarkAge is the seconds from the watermark to now', async () => {
    expect(watermarkAgeSeconds('2026-11-23T10:00:00.000Z', new Date('2026-11-23T10:15:30.500Z'))).toBe(930.5);
    // A watermark set by a later run than the clock read here is not a negative age.
    expect(watermarkAgeSeconds('2026-11-23T10:00:01.000Z', new Date('2026-11-23T10:00:00.000Z'))).toBe(0);
    await inInvocation(() => recordWatermarkAge('2026-11-23T10:00:00.000Z', new Date('2026-11-23T10:02:00.000Z')));
    const doc = emfLine(out[0]!);
    expect(doc._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: WATERMARK_AGE_METRIC, Unit: 'Seconds' }]);
    expect(doc._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['function']]);
    expect(doc.AggregationWatermarkAge).toBe(120);
  });
});
