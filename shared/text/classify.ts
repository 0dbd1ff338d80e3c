/**
 * The offline comment classifier: themes and sentiment from the (masked) text, its language and the
 * answer's NPS score as a prior. Runs inside the Lambda with no network.
 *
 * PLACEHOLDER IMPLEMENTATION: the text feature replaces the internals; the signature is the contract.
 */
import type { Lang } from '#shared/platform/index.ts';
import type { Classification } from './taxonomy.ts';

/** One comment to classify. `text` must already have its names masked. */
export interface ClassifyInput {
  text: string;
  lang: Lang;
  /** The answer's 0–10 recommendation score, if given. */
  nps?: number;
}

/** Classifies one comment offline. */
export function classifyComment(input: ClassifyInput): Classification {
  const sentiment = input.nps === undefined ? 'neutral' : input.nps >= 9 ? 'positive' : input.nps <= 6 ? 'negative' : 'neutral';
  return { themes: ['other'], sentiment };
}

/** A classifier behind a port, so an optional remote model (Bedrock) can stand in for the offline one. */
export interface CommentClassifier {
  classify(input: ClassifyInput): Promise<Classification>;
}

/** The offline classifier as a port. */
export const offlineClassifier: CommentClassifier = { classify: async (input) => classifyComment(input) };
