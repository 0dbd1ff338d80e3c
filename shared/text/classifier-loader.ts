import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClassifyInput } from './classify.ts';
import type { Classification } from './taxonomy.ts';

/**
 * The offline classifier's module beside a Lambda bundle (`lib/bundling.ts` builds it from
 * CLASSIFIER_ENTRY beside every function that takes answers). The classifier (three Snowball stemmers
 * and the lexicons, ~30 KB) would push the form-post and SMS-survey functions past their 150 KB
 * budget, so it is loaded at the first comment, like the phone check of the contacts feature.
 */
export const CLASSIFIER_FILE = 'text-classifier.mjs';
/** The sidecar's source module (redaction and the classifier), relative to the repository root. */
export const CLASSIFIER_ENTRY = 'shared/text/analyse.ts';

type ClassifierModule = typeof import('./analyse.ts');
let loaded: Promise<ClassifierModule> | undefined;

/** Beside a bundle the sidecar; run from source (the local stack, tests) the TypeScript module. */
function moduleUrl(): string {
  const beside = new URL(CLASSIFIER_FILE, import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside.href : new URL('./analyse.ts', import.meta.url).href;
}

/**
 * `classifyComment`, loaded at first use. A specifier computed at run time, so esbuild leaves the
 * import alone instead of bundling the classifier into every function that takes answers.
 */
export async function loadClassifier(): Promise<(input: ClassifyInput) => Classification> {
  loaded ??= import(moduleUrl()) as Promise<ClassifierModule>;
  return (await loaded).classifyComment;
}

/** `analyseComment` (redaction, then themes and sentiment), loaded at the first comment like the classifier. */
export async function loadTextAnalysis(): Promise<typeof import('./analyse.ts').analyseComment> {
  loaded ??= import(moduleUrl()) as Promise<ClassifierModule>;
  return (await loaded).analyseComment;
}
