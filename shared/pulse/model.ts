/** What the pulse feature stores: rounds and anonymous answers. */
import type { RedactedText } from '../text/index.ts';

/** The 1–5 agreement values of a statement. */
export const SCALE = [1, 2, 3, 4, 5] as const;
/** A value of the scale. */
export type ScaleValue = (typeof SCALE)[number];

/** Most codes one round may have: a large work unit, and one BatchWriteItem burst per 25. */
export const MAX_STAFF_COUNT = 500;

/** A round: one work unit answering one staff survey version over a period. */
export interface Round {
  id: string;
  /** The work unit (an org unit). */
  nodeId: string;
  surveyId: string;
  version: number;
  /** Helsinki days, both inclusive. */
  opensOn: string;
  closesOn: string;
  /** The number of codes issued (the staff count). */
  codes: number;
  /** The number of answers so far. */
  answers: number;
  /** Per statement the count of each value 1…5 (index 0 = value 1). */
  counts: Record<string, [number, number, number, number, number]>;
}

/**
 * One stored answer: nothing but the round, the values, the redacted open text and the Helsinki day.
 * No code, no time of day, no language, no client data.
 */
export interface PulseAnswer {
  /** A random id, unrelated to the code. */
  id: string;
  roundId: string;
  surveyId: string;
  version: number;
  /** The Helsinki day it was given. */
  date: string;
  values: Record<string, ScaleValue>;
  text?: RedactedText;
}

/** Which state a code is in. */
export type CodeState = { state: 'unknown' } | { state: 'used'; roundId: string } | { state: 'open'; roundId: string };
