/**
 * What a submit does with a comment, as one call of the text sidecar (`text-classifier.mjs` beside the
 * functions that take answers): redaction with the deployment's allow-list, then themes and sentiment
 * of the text with its names masked. In the sidecar, the name lists and identifier patterns (~15 KB)
 * stay out of the answer-taking bundles, which load them at their first comment.
 */
import type { Lang, OrgTree } from '../platform/index.ts';
import { classifyComment } from './classify.ts';
import { allowListFrom, maskNames, type PhoneJudge, type RedactedText, redactText } from './redaction.ts';
import type { Classification } from './taxonomy.ts';

export { classifyComment } from './classify.ts';

/** One comment to analyse, with what its redaction needs from the deployment. */
export interface CommentAnalysisInput {
  text: string;
  lang: Lang;
  /** The answer's 0–10 recommendation score, the classifier's prior. */
  nps?: number;
  /** The org tree, whose node names are never taken for person names. */
  org: OrgTree;
  /** `region.redaction.placeNames`. */
  placeNames: readonly string[];
  /** The phone library's verdict (the contacts feature's sidecar), when the text has a run of digits. */
  phones?: PhoneJudge;
}

/** The redacted text with its names marked, and the labels of the masked text. */
export type CommentAnalysis = RedactedText & Classification;

const allowLists = new WeakMap<OrgTree, ReadonlySet<string>>();

/** Redacts a comment and classifies its masked text; the allow-list is built once per org tree. */
export function analyseComment(input: CommentAnalysisInput): CommentAnalysis {
  let allow = allowLists.get(input.org);
  if (!allow) {
    allow = allowListFrom(input.org, input.placeNames);
    allowLists.set(input.org, allow);
  }
  const redacted = redactText(input.text, { lang: input.lang, allow, ...(input.phones ? { phones: input.phones } : {}) });
  const labels = classifyComment({
    text: maskNames(redacted, input.lang),
    lang: input.lang,
    ...(input.nps !== undefined ? { nps: input.nps } : {}),
  });
  return { ...redacted, ...labels };
}
