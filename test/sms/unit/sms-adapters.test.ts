/**
 * The AWS adapters of the SMS channel against mocked SDK clients (aws-sdk-client-mock): SNS gets
 * exactly the PublishCommand the issue names (number, text, sender ID, transactional) and its errors
 * come back without the number, retryable or not; SQS gets exactly one SendMessageCommand with the
 * JSON body; Secrets Manager is read once per process and its strings become 32-byte keys.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  InternalErrorException,
  InvalidParameterException,
  OptedOutException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SnsSmsSender, publishInput } from '#shared/sms/sns-sms-sender.ts';
import { SqsWorkQueue } from '#shared/platform/sqs-work-queue.ts';
import { KEYRING_MAX_AGE_MS, SecretsManagerSource } from '#shared/sms/secrets-manager-source.ts';
import { deriveSmsSecrets } from '#shared/sms/key-versions.ts';
import { RetryableSendError, SendUnconfirmedError } from '#shared/sms/sms-sender.ts';
import { thrown } from '../../support/fakes.ts';

const NUMBER = '+358401234567';
const MESSAGE = {
  to: NUMBER,
  senderId: 'ESIMHVA',
  text: 'Esimerkkilän hyvinvointialue: Kiitos käynnistäsi! Kerro kokemuksesi, vastaaminen vie 2 min: https://palaute.example.fi/s/AAAAAAAAAAAAAAAA',
};
const region = 'eu-north-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Every string an error shows to a log line: message, name, stack, own properties and cause. */
function everythingIn(e: Error): string {
  return [e.message, e.name, e.stack ?? '', JSON.stringify(e), String((e as { cause?: unknown }).cause ?? '')].join('\n');
}

describe('SnsSmsSender', () => {
  const sns = mockClient(SNSClient);
  afterEach(() => sns.reset());
  const sender = () => new SnsSmsSender(new SNSClient({ region, credentials }));

  it('sends exactly one PublishCommand: direct to the number, with the sender ID, as a transactional SMS', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await sender().send(MESSAGE);
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(sns.calls()).toHaveLength(1);
    expect(calls[0]!.args[0].input).toStrictEqual({
      PhoneNumber: NUMBER,
      Message: MESSAGE.text,
      MessageAttributes: {
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'ESIMHVA' },
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
      },
    });
  });

  it('publishes to the number, never to a topic or an endpoint ARN', async () => {
    const input = publishInput(MESSAGE);
    expect(input).not.toHaveProperty('TopicArn');
    expect(input).not.toHaveProperty('TargetArn');
  });

  it.each([
    ['ThrottledException', () => new ThrottledException({ message: `Rate exceeded for ${NUMBER}`, $metadata: { httpStatusCode: 429 } })],
    [
      'InternalErrorException',
      () => new InternalErrorException({ message: `Internal error sending to ${NUMBER}`, $metadata: { httpStatusCode: 500 } }),
    ],
    [
      'a 503 without a known name',
      () => Object.assign(new Error(`Service Unavailable: ${NUMBER}`), { name: 'SomethingElse', $metadata: { httpStatusCode: 503 } }),
    ],
  ])('turns %s into a RetryableSendError that does not contain the number', async (_label, make) => {
    sns.on(PublishCommand).rejects(make());
    const e = await thrown(() => sender().send(MESSAGE));
    expect(e).toBeInstanceOf(RetryableSendError);
    expect(everythingIn(e)).not.toContain(NUMBER);
    expect(everythingIn(e)).not.toContain('401234567');
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it.each([
    [
      'InvalidParameterException',
      () =>
        new InvalidParameterException({
          message: `Invalid parameter: PhoneNumber Reason: ${NUMBER} is not valid`,
          $metadata: { httpStatusCode: 400 },
        }),
    ],
    [
      'OptedOutException',
      () => new OptedOutException({ message: `Phone number ${NUMBER} is opted out`, $metadata: { httpStatusCode: 400 } }),
    ],
  ])('turns %s (a 400) into a plain Error, not retried, that does not contain the number', async (name, make) => {
    sns.on(PublishCommand).rejects(make());
    const e = await thrown(() => sender().send(MESSAGE));
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(RetryableSendError);
    // The error names what went wrong, so an operator can act on it without the number.
    expect(e.message).toContain(name);
    expect(everythingIn(e)).not.toContain(NUMBER);
    expect(everythingIn(e)).not.toContain('401234567');
  });
  it.each([
    ['a request timeout', () => Object.assign(new Error(`Connection timed out sending to ${NUMBER}`), { name: 'TimeoutError' })],
    ['a connection reset mid-request', () => Object.assign(new Error(`socket hang up ${NUMBER}`), { code: 'ECONNRESET' })],
  ])('turns %s into a SendUnconfirmedError, never retryable, that does not contain the number', async (_label, make) => {
    sns.on(PublishCommand).rejects(make());
    const e = await thrown(() => new SnsSmsSender(new SNSClient({ region, credentials, maxAttempts: 1 })).send(MESSAGE));
    expect(e).toBeInstanceOf(SendUnconfirmedError);
    expect(e).not.toBeInstanceOf(RetryableSendError);
    expect(everythingIn(e)).not.toContain('401234567');
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });
});

describe('SqsWorkQueue', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());
  const QUEUE_URL = 'https://sqs.eu-north-1.amazonaws.com/123456789012/palaute-invitations';

  it('sends exactly one SendMessageCommand with the queue URL and the body as JSON', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'q-1' });
    const body = { key: 'hash#2026-11-25' };
    await new SqsWorkQueue(new SQSClient({ region, credentials }), QUEUE_URL).send(body);
    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    expect(sqs.calls()).toHaveLength(1);
    expect(calls[0]!.args[0].input).toStrictEqual({ QueueUrl: QUEUE_URL, MessageBody: JSON.stringify(body) });
    expect(JSON.parse(calls[0]!.args[0].input.MessageBody!)).toEqual(body);
  });

  it('lets an SQS failure through, so the release retries the invitation on its next run', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('boom'));
    await expect(new SqsWorkQueue(new SQSClient({ region, credentials }), QUEUE_URL).send({ key: 'k' })).rejects.toThrow('boom');
  });
});

describe('SecretsManagerSource', () => {
  const sm = mockClient(SecretsManagerClient);
  afterEach(() => sm.reset());
  const SECRET_ARN = 'arn:aws:secretsmanager:eu-north-1:123456789012:secret:palaute-sms-AbCdEf';
  const RAW = { hmacKey: `${'h'.repeat(32)}-hmac-source-string`, encryptionKey: 'e'.repeat(40) };
  const source = () => new SecretsManagerSource(new SecretsManagerClient({ region, credentials }), SECRET_ARN);

  it('reads the secret once for two smsKeys() calls and derives two different 32-byte keys', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(RAW) });
    const s = source();
    const [ring, again] = [await s.smsKeys(), await s.smsKeys()];
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(sm.commandCalls(GetSecretValueCommand)[0]!.args[0].input).toStrictEqual({ SecretId: SECRET_ARN });
    expect(again).toBe(ring);
    // The single-pair secret of every deployment so far is version 1, written since ever.
    expect(ring.retired).toEqual([]);
    expect(ring.active.map((v) => [v.id, v.state, v.writesFrom])).toEqual([[1, 'active', '1970-01-01T00:00:00.000Z']]);
    const a = ring.active[0]!;
    expect(a.hmacKey).toBeInstanceOf(Buffer);
    expect(a.hmacKey.length).toBe(32);
    expect(a.encryptionKey.length).toBe(32);
    expect(a.hmacKey.equals(a.encryptionKey)).toBe(false);
    // The derivation is stable, so the keyed hashes stored yesterday still match today.
    expect({ hmacKey: a.hmacKey, encryptionKey: a.encryptionKey }).toEqual(deriveSmsSecrets(RAW));
  });

  it('reads once also when two cold-start calls overlap', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(RAW) });
    const s = source();
    await Promise.all([s.smsKeys(), s.smsKeys(), s.smsKeys()]);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it.each(['hmacKey', 'encryptionKey'] as const)('refuses a %s shorter than 32 characters, naming the field', async (field) => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ ...RAW, [field]: 'x'.repeat(31) }) });
    const e = await thrown(() => source().smsKeys());
    expect(e.message).toContain(field);
    expect(e.message).not.toContain('x'.repeat(31));
  });

  it.each(['hmacKey', 'encryptionKey'] as const)('refuses a missing %s, naming the field', (field) => {
    const raw: Record<string, unknown> = { ...RAW };
    delete raw[field];
    expect(() => deriveSmsSecrets(raw as typeof RAW)).toThrow(field);
  });

  it('reads the secret again once the keyring is five minutes old, so a rotation reaches every warm instance', async () => {
    const V2 = {
      versions: [
        { id: 1, state: 'active', createdOn: '1970-01-01', writesFrom: '1970-01-01T00:00:00.000Z', ...RAW },
        {
          id: 2,
          state: 'active',
          createdOn: '2027-01-13',
          writesFrom: '2027-01-13T10:15:00.000Z',
          hmacKey: 'x'.repeat(48),
          encryptionKey: 'y'.repeat(48),
        },
      ],
    };
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify(RAW) })
      .resolves({ SecretString: JSON.stringify(V2) });
    let ms = 1_000;
    const s = new SecretsManagerSource(new SecretsManagerClient({ region, credentials }), SECRET_ARN, KEYRING_MAX_AGE_MS, () => ms);
    expect((await s.smsKeys()).active.map((v) => v.id)).toEqual([1]);
    ms += KEYRING_MAX_AGE_MS - 1;
    expect((await s.smsKeys()).active.map((v) => v.id)).toEqual([1]);
    ms += 1;
    expect((await s.smsKeys()).active.map((v) => v.id)).toEqual([2, 1]);
    expect(KEYRING_MAX_AGE_MS).toBe(5 * 60_000);
    expect(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toStrictEqual([
      { SecretId: SECRET_ARN },
      { SecretId: SECRET_ARN },
    ]);
  });

  it('does not keep a failed read: the next call reads again', async () => {
    sm.on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: JSON.stringify(RAW) });
    const s = source();
    await expect(s.smsKeys()).rejects.toThrow('throttled');
    // Let the cache-clearing handler run before the retry.
    await new Promise((r) => setImmediate(r));
    const keys = await s.smsKeys();
    expect(keys.active[0]!.hmacKey.length).toBe(32);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});
