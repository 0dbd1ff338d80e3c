/**
 * The Bedrock adapter behind the classifier port, through its exact commands (aws-sdk-client-mock):
 * one Converse call per comment with the taxonomy in the system prompt and only the masked text, the
 * language and the score in the message; the answer checked against the taxonomy; a bad answer, an
 * error or the timeout rejecting. And the case opener with it: the remote labels when it answers,
 * the offline labels of intake when it fails; the model never sees a name.
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BedrockClassifier, converseInput, parseReply, remoteClassifierFromEnv, SYSTEM_PROMPT } from '#shared/cases/bedrock-classifier.ts';
import { openNewCases } from '#shared/cases/open-cases.ts';
import type { CommentClassifier } from '#shared/text/index.ts';
import { FixedClock } from '../../support/fakes.ts';
import { answerOf } from '../support/fixtures.ts';
import { MemoryArrivals } from '../support/memory-arrivals.ts';
import { MemoryCaseStore } from '../support/memory-case-store.ts';

const MODEL = 'eu.anthropic.claude-3-haiku-20240307-v1:0';
const bedrock = mockClient(BedrockRuntimeClient);
const reply = (text: string) => ({ output: { message: { role: 'assistant' as const, content: [{ text }] } } });
beforeEach(() => bedrock.reset());

describe('BedrockClassifier', () => {
  it('sends one Converse command with the taxonomy and only the masked text, language and score', async () => {
    bedrock.on(ConverseCommand).resolves(reply('{"themes":["waiting","booking"],"sentiment":"negative"}'));
    const c = new BedrockClassifier(new BedrockRuntimeClient({ region: 'eu-north-1' }), MODEL);
    await expect(c.classify({ text: 'Jonotin, [nimi] ei vastannut.', lang: 'fi', nps: 3 })).resolves.toEqual({
      themes: ['booking', 'waiting'],
      sentiment: 'negative',
    });
    const calls = bedrock.commandCalls(ConverseCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      modelId: MODEL,
      system: [{ text: SYSTEM_PROMPT }],
      messages: [{ role: 'user', content: [{ text: '{"lang":"fi","nps":3,"text":"Jonotin, [nimi] ei vastannut."}' }] }],
      inferenceConfig: { maxTokens: 200, temperature: 0 },
    });
    expect(SYSTEM_PROMPT).toContain('phone_service');
    expect(converseInput(MODEL, { text: 'x', lang: 'sv' }).messages![0]!.content![0]!.text).toBe('{"lang":"sv","text":"x"}');
  });

  it.each([
    ['not JSON', 'I think it is about waiting.'],
    ['a theme outside the taxonomy', '{"themes":["parking"],"sentiment":"negative"}'],
    ['no theme', '{"themes":[],"sentiment":"negative"}'],
    ['an unknown sentiment', '{"themes":["waiting"],"sentiment":"angry"}'],
  ])('rejects %s', async (_, text) => {
    bedrock.on(ConverseCommand).resolves(reply(text));
    const c = new BedrockClassifier(new BedrockRuntimeClient({ region: 'eu-north-1' }), MODEL);
    await expect(c.classify({ text: 'x', lang: 'fi' })).rejects.toThrow();
  });

  it('accepts JSON wrapped in prose, in taxonomy order', () => {
    expect(parseReply('Here: {"themes":["other","encounter"],"sentiment":"mixed"} done')).toEqual({
      themes: ['encounter', 'other'],
      sentiment: 'mixed',
    });
  });

  it('rejects an error of the service', async () => {
    bedrock.on(ConverseCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    const c = new BedrockClassifier(new BedrockRuntimeClient({ region: 'eu-north-1' }), MODEL);
    await expect(c.classify({ text: 'x', lang: 'fi' })).rejects.toThrow('throttled');
  });

  it('gives up when the timeout aborts the call', async () => {
    // A client that answers only when aborted: the adapter's own timeout is what ends the call.
    const hanging = {
      send: (_cmd: unknown, opts?: { abortSignal?: AbortSignal }) =>
        new Promise<never>((_, reject) => opts?.abortSignal?.addEventListener('abort', () => reject(new Error('aborted')))),
    };
    const c = new BedrockClassifier(hanging as unknown as BedrockRuntimeClient, MODEL, 20);
    await expect(c.classify({ text: 'x', lang: 'fi' })).rejects.toThrow('aborted');
  });

  it('is not built while the region config keeps the classifier offline', () => {
    expect(remoteClassifierFromEnv({ kind: 'offline' })).toBeUndefined();
  });
});

describe('the case opener with a remote classifier', () => {
  const at = '2026-06-01T09:59:00.000Z';
  const named = answerOf('keskusta-ta', at, {
    text: 'Hoitaja Anna Berg oli ihana.',
    textNames: [{ start: 8, end: 17 }],
    themes: ['other'],
    sentiment: 'positive',
  });
  const run = async (remote: CommentClassifier) => {
    const cases = new MemoryCaseStore();
    const arrivals = new MemoryArrivals();
    arrivals.add(named);
    const events = { publish: async () => {} };
    await openNewCases({
      cases,
      arrivals,
      events,
      clock: new FixedClock('2026-06-01T10:00:00.000Z'),
      handling: { deadlineDays: { contact: 14, text: 30 } },
      taxonomyVersion: 3,
      remote,
    });
    return (await cases.get(named.id))!;
  };

  it('takes the remote labels, sending the text with the names masked', async () => {
    const seen: string[] = [];
    const c = await run({
      classify: async (input) => {
        seen.push(input.text);
        return { themes: ['encounter'], sentiment: 'positive' };
      },
    });
    expect(seen).toEqual(['Hoitaja [nimi] oli ihana.']);
    expect(c).toMatchObject({ themes: ['encounter'], sentiment: 'positive', labelledBy: 'bedrock', taxonomyVersion: 3 });
    expect(c.relabelledAt).toEqual(expect.any(String));
    // The case keeps the names for the unit's handlers.
    expect(c.text).toBe('Hoitaja Anna Berg oli ihana.');
  });

  it('keeps the offline labels of intake when the remote classifier fails', async () => {
    const c = await run({
      classify: async () => {
        throw new Error('timeout');
      },
    });
    expect(c).toMatchObject({ themes: ['other'], sentiment: 'positive', labelledBy: 'offline', taxonomyVersion: 3 });
    expect(c.relabelledAt).toBeUndefined();
  });
});
