/**
 * The local stack enforces each function's manifest grants as IAM does on AWS: a handler that uses a
 * table, an index, a queue, a secret or SMS its entry does not grant fails with the service's
 * access-denied error and changes nothing, while granted calls pass. Grants are taken away with
 * `stack.iam.restrict` (never added), and the real handlers run over HTTP, the queue and schedules.
 */
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { queueArn, secretArn, tableArn } from '#local/local-iam.ts';
import { dynamo } from '#shared/platform/dynamo.ts';
import { DynamoAggregateStore } from '#shared/reporting/dynamo-aggregate-store.ts';
import { postJson, scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';
import { devToken, helsinkiWinter, intake, mobile, outbox, postVisits, setClock, visit, visitIds } from '../../support/sms.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ expectDenials: true });
});
afterAll(() => stack?.close());
afterEach(() => {
  stack.iam.restoreManifest();
  vi.restoreAllMocks();
});

const answer = { unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 9 } };
const runSchedule = (name: string) => fetch(`${stack.url}/dev/schedules/${name}/run`, { method: 'POST' });
const newDenials = (before: number) => stack.iam.denials().slice(before);
/** What the handlers logged as error names (the HTTP error mapper logs only the error's class). */
function loggedErrorNames(spy: { mock: { calls: unknown[][] } }): unknown[] {
  return spy.mock.calls.map(([line]) => {
    try {
      return (JSON.parse(String(line)) as { error?: unknown }).error;
    } catch {
      return undefined;
    }
  });
}

describe('tables', () => {
  it('lets a handler make the calls its entry grants', async () => {
    const before = stack.iam.denials().length;
    const r = await postJson(stack, '/api/feedback', answer);
    expect(r.status).toBe(201);
    const { id } = (await r.json()) as { id: string };
    expect((await scanAll(stack, 'feedback')).some((i) => i.id === id)).toBe(true);
    expect(newDenials(before)).toEqual([]);
  });

  it('fails a handler that uses a table its entry does not grant, and nothing is written', async () => {
    stack.iam.restrict('submitFeedback', { tables: { idempotency: ['dynamodb:PutItem', 'dynamodb:GetItem'] } });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = stack.iam.denials().length;
    const tablesBefore = await snapshot(stack);

    const r = await postJson(stack, '/api/feedback', answer);

    expect(r.status).toBe(500);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('internal_error');
    expect(newDenials(before)).toEqual([
      { function: 'submitFeedback', action: 'dynamodb:PutItem', resource: tableArn(stack.tableNames.feedback) },
    ]);
    expect(loggedErrorNames(errors)).toContain('AccessDeniedException');
    expect(await snapshot(stack)).toBe(tablesBefore);
  });

  it('refuses with the error DynamoDB gives for a denied call', async () => {
    const get = new GetCommand({ TableName: stack.tableNames.feedback, Key: { pk: 'UNIT#x', sk: 'y' } });
    const error = await stack.iam.run('reports', () => dynamo().send(get)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamoDBServiceException);
    expect(error).toMatchObject({
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: `User: local/reports is not authorized to perform: dynamodb:GetItem on resource: ${tableArn(stack.tableNames.feedback)} because no identity-based policy allows the dynamodb:GetItem action`,
    });
  });

  it('checks each action on its own: PutItem granted does not allow GetItem on the same table', async () => {
    const key = { pk: 'UNIT#iam-test', sk: '2020-01-01T00:00:00.000Z#iam' };
    await stack.iam.run('submitFeedback', () => dynamo().send(new PutCommand({ TableName: stack.tableNames.feedback, Item: key })));
    await expect(
      stack.iam.run('submitFeedback', () => dynamo().send(new GetCommand({ TableName: stack.tableNames.feedback, Key: key }))),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    // The tests' own client is not a function's and is not checked.
    expect((await scanAll(stack, 'feedback')).some((i) => i.pk === key.pk)).toBe(true);
  });

  it('checks every table a batch names', async () => {
    const batch = new BatchGetCommand({
      RequestItems: {
        [stack.tableNames.aggregates]: { Keys: [{ pk: 'AGG#x#day', sk: '2026-01-01' }] },
        [stack.tableNames.feedback]: { Keys: [{ pk: 'UNIT#x', sk: 'y' }] },
      },
    });
    const before = stack.iam.denials().length;
    await expect(stack.iam.run('reports', () => dynamo().send(batch))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(newDenials(before)).toEqual([
      { function: 'reports', action: 'dynamodb:BatchGetItem', resource: tableArn(stack.tableNames.feedback) },
    ]);
    const onlyGranted = new BatchGetCommand({
      RequestItems: { [stack.tableNames.aggregates]: { Keys: [{ pk: 'AGG#x#day', sk: '2026-01-01' }] } },
    });
    await expect(stack.iam.run('reports', () => dynamo().send(onlyGranted))).resolves.toMatchObject({
      Responses: { [stack.tableNames.aggregates]: [] },
    });
  });

  it("refuses the handlers' client outside any invocation, so an escaped context is not unchecked", async () => {
    await expect(
      dynamo().send(new GetCommand({ TableName: stack.tableNames.feedback, Key: { pk: 'UNIT#x', sk: 'y' } })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('outside any invocation'),
    });
  });
});

describe('indexes', () => {
  beforeAll(async () => {
    // A recent watermark keeps the run to the last hours of arrivals (a first run reads 400 days of them).
    await new DynamoAggregateStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.aggregates).setWatermark(
      new Date(Date.now() - 3_600_000).toISOString(),
    );
  });

  it('fails a scheduled function granted Query on the table but not on the index it queries, and nothing is written', async () => {
    stack.iam.restrict('aggregate', {
      tables: {
        feedback: ['dynamodb:Query'],
        aggregates: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
      },
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = stack.iam.denials().length;
    const tablesBefore = await snapshot(stack);

    const r = await runSchedule('aggregate');

    expect(r.status).toBe(500);
    // The hour partitions are read several at a time, so each read already in flight is denied too:
    // one or more denials, every one of them this Query on the index, and nothing else.
    const denied = newDenials(before);
    expect(denied.length).toBeGreaterThanOrEqual(1);
    for (const d of denied)
      expect(d).toEqual({ function: 'aggregate', action: 'dynamodb:Query', resource: tableArn(stack.tableNames.feedback, 'byArrival') });
    expect(await snapshot(stack)).toBe(tablesBefore);
  });

  it('runs the same function with its manifest grants (Query@byArrival)', async () => {
    const before = stack.iam.denials().length;
    const r = await runSchedule('aggregate');
    expect(r.status).toBe(200);
    expect(newDenials(before)).toEqual([]);
    expect((await scanAll(stack, 'aggregates')).some((i) => String(i.pk).startsWith('AGG#keskusta-ta#'))).toBe(true);
  });

  it('does not let a grant on an index cover the table itself', async () => {
    // releaseInvitations may Query sms only through byDue.
    const query = new QueryCommand({
      TableName: stack.tableNames.sms,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'AUDIT#2027-01' },
    });
    await expect(stack.iam.run('releaseInvitations', () => dynamo().send(query))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(`dynamodb:Query on resource: ${tableArn(stack.tableNames.sms)} `),
    });
    const byDue = new QueryCommand({
      TableName: stack.tableNames.sms,
      IndexName: 'byDue',
      KeyConditionExpression: 'duePk = :d',
      ExpressionAttributeValues: { ':d': 'DUE#2027-01-13' },
    });
    await expect(stack.iam.run('releaseInvitations', () => dynamo().send(byDue))).resolves.toMatchObject({ Count: 0 });
  });
});

describe('secrets, queues and SMS', () => {
  const VISIT_DAY = '2027-01-12';
  const RELEASE_NOW = '2027-01-13T12:05:00+02:00';
  let token: string;
  let ids: string[];
  beforeAll(async () => {
    stack.clock.set('2027-01-12T15:00:00+02:00');
    token = await devToken(stack, ['visits:write']);
    // Read through the secrets stand-in outside any invocation: tools and tests are not functions.
    ids = await visitIds('iam', 1, true);
  });
  const visitOf = (i: number) => visit({ visitId: ids[i]!, phone: mobile(7_000_000 + i), visitedAt: helsinkiWinter(VISIT_DAY, '10:00') });

  it('fails a handler that reads a secret its entry does not grant, and nothing is written', async () => {
    stack.iam.restrict('receiveVisits', {
      tables: { sms: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = stack.iam.denials().length;
    const tablesBefore = await snapshot(stack);

    const r = await postVisits(stack, token, [visitOf(0)]);

    expect(r.status).toBe(500);
    expect(newDenials(before)).toEqual([
      { function: 'receiveVisits', action: 'secretsmanager:GetSecretValue', resource: secretArn('sms') },
    ]);
    expect(await snapshot(stack)).toBe(tablesBefore);
  });

  it('fails a scheduled function that sends to a queue its entry does not name, and nothing is queued', async () => {
    expect((await intake(stack, token, [visitOf(0)])).scheduled).toBe(1);
    await setClock(stack, RELEASE_NOW);
    stack.iam.restrict('releaseInvitations', { tables: { sms: ['dynamodb:Query@byDue', 'dynamodb:UpdateItem'] } });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = stack.iam.denials().length;

    const r = await runSchedule('releaseInvitations');

    expect(r.status).toBe(500);
    expect(newDenials(before)).toEqual([{ function: 'releaseInvitations', action: 'sqs:SendMessage', resource: queueArn('invitations') }]);
    expect(stack.queues.invitations.inspect()).toEqual({ waiting: 0, deadLetters: [] });
    expect(await outbox(stack)).toEqual([]);
  });

  it('fails a queue consumer that sends SMS without sendsSms, as itself and not as the function that queued', async () => {
    stack.iam.restrict('sendSms', {
      tables: { sms: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
      secrets: ['sms'],
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = stack.iam.denials().length;

    // The release itself is granted its queue; the consumer's publish is what fails.
    const r = await runSchedule('releaseInvitations');

    expect(r.status).toBe(200);
    expect(((await r.json()) as { result: { released: number } }).result.released).toBe(1);
    expect(newDenials(before)).toEqual([{ function: 'sendSms', action: 'sns:Publish', resource: '*' }]);
    expect(await outbox(stack)).toEqual([]);
  });

  it('never lets a test grant more than the manifest does', () => {
    expect(() => stack.iam.restrict('smsStats', { tables: { sms: ['dynamodb:Query'] }, sendsSms: true })).toThrow(
      /exceed its manifest entry/,
    );
    expect(() => stack.iam.restrict('reports', { tables: { feedback: ['dynamodb:Query'] } })).toThrow(/exceed its manifest entry/);
  });
});
