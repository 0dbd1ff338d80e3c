/**
 * The optional remote classifier behind the text feature's `CommentClassifier` port: Amazon Bedrock's
 * Converse API on an EU cross-region inference profile (`region.themes.classifier`). The case opener
 * calls it, where latency does not matter; only the comment with its names masked, its language and
 * its NPS score are sent. Its answer must be JSON naming themes of the taxonomy and a sentiment
 * (checked with zod); anything else, an error or the timeout rejects, and the offline labels stand.
 */
import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { localAdapter, requireEnv } from '../platform/index.ts';
import * as z from '../platform/zod.ts';
import {
  type ClassifierSettings,
  type ClassifyInput,
  type CommentClassifier,
  type Classification,
  offlineClassifier,
  SENTIMENTS,
  THEME_IDS,
} from '../text/index.ts';

/** How long the opener waits for the model by default before the offline labels stand. */
export const DEFAULT_BEDROCK_TIMEOUT_MS = 3000;

/** Environment of a function that invokes the model (`invokesModel` in the manifest). */
export const BEDROCK_ENV = { modelId: 'BEDROCK_MODEL_ID', timeoutMs: 'BEDROCK_TIMEOUT_MS' } as const;

/** The instruction sent with every comment: the taxonomy, the sentiments and the answer's shape. */
export const SYSTEM_PROMPT = [
  'You classify one comment of patient and client feedback to Finnish health and social services.',
  `Themes (choose one or more ids): ${THEME_IDS.join(', ')}.`,
  `Sentiment (choose one): ${SENTIMENTS.join(', ')}.`,
  'Names are masked. Answer with JSON only: {"themes": [ids], "sentiment": id}.',
].join('\n');

/** The model's answer, checked against the taxonomy. */
const answerSchema = z.strictObject({
  themes: z.array(z.enum(THEME_IDS)).check(z.minLength(1), z.maxLength(THEME_IDS.length)),
  sentiment: z.enum(SENTIMENTS),
});

/** The Converse request for one comment: exactly what leaves the function. */
export function converseInput(modelId: string, input: ClassifyInput): ConverseCommandInput {
  return {
    modelId,
    system: [{ text: SYSTEM_PROMPT }],
    messages: [
      {
        role: 'user',
        content: [{ text: JSON.stringify({ lang: input.lang, ...(input.nps === undefined ? {} : { nps: input.nps }), text: input.text }) }],
      },
    ],
    inferenceConfig: { maxTokens: 200, temperature: 0 },
  };
}

/** The classification in a model's reply text, or an Error when it is not the JSON asked for. */
export function parseReply(reply: string | undefined): Classification {
  const json = reply?.slice(reply.indexOf('{'), reply.lastIndexOf('}') + 1);
  let raw: unknown;
  try {
    raw = JSON.parse(json ?? '');
  } catch {
    throw new Error('The model did not answer with JSON.');
  }
  const parsed = answerSchema.safeParse(raw);
  if (!parsed.success) throw new Error('The model answered outside the taxonomy.');
  return { themes: THEME_IDS.filter((id) => parsed.data.themes.includes(id)), sentiment: parsed.data.sentiment };
}

/** CommentClassifier on Bedrock's Converse API; rejects on any error, a bad answer or the timeout. */
export class BedrockClassifier implements CommentClassifier {
  constructor(
    private readonly client: Pick<BedrockRuntimeClient, 'send'>,
    private readonly modelId: string,
    private readonly timeoutMs: number = DEFAULT_BEDROCK_TIMEOUT_MS,
  ) {}

  async classify(input: ClassifyInput): Promise<Classification> {
    const res = await this.client.send(new ConverseCommand(converseInput(this.modelId, input)), {
      abortSignal: AbortSignal.timeout(this.timeoutMs),
    });
    return parseReply(res.output?.message?.content?.find((c) => c.text !== undefined)?.text);
  }
}

/**
 * The remote classifier the region config switches on, or undefined (offline only). On the local
 * stack the Bedrock switch is answered by a stand-in that classifies offline what it is sent (the
 * masked text), so the switch works without an AWS account.
 */
export function remoteClassifierFromEnv(settings: ClassifierSettings, env: NodeJS.ProcessEnv = process.env): CommentClassifier | undefined {
  if (settings.kind !== 'bedrock') return undefined;
  const local = localAdapter<CommentClassifier>('remoteClassifier');
  if (local) return local;
  return new BedrockClassifier(
    new BedrockRuntimeClient({ region: settings.region, maxAttempts: 1 }),
    requireEnv(BEDROCK_ENV.modelId, 'the Bedrock inference profile', env),
    settings.timeoutMs ?? DEFAULT_BEDROCK_TIMEOUT_MS,
  );
}

/** The local stack's stand-in for Bedrock: the offline classifier on exactly what would be sent. */
export const localRemoteClassifier: CommentClassifier = offlineClassifier;
