/**
 * Statement maths (docs/domain.md#computations): share agreeing = answers 4–5 / answers 1–5, and the mean of 1–5.
 * "Can't say" is counted and reported, never part of a denominator.
 */

/** Counts of one statement's answers: index 0 holds the count of 1, index 4 the count of 5. */
export interface StatementCounts {
  values: [number, number, number, number, number];
  cantSay: number;
}

/** Share and mean of one statement, with the counts they came from. */
export interface StatementResult extends StatementCounts {
  /** Answers 1–5. */
  n: number;
  /** Answers 4–5 divided by answers 1–5, 0…1, or null when n is 0. */
  shareAgreeing: number | null;
  /** Mean of the 1–5 answers, or null when n is 0. */
  mean: number | null;
}

/** Share agreeing and mean from counts. */
export function statementStats(counts: StatementCounts): StatementResult {
  for (const v of [...counts.values, counts.cantSay]) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`counts must be non-negative integers, got ${v}`);
  }
  const n = counts.values.reduce((s, v) => s + v, 0);
  if (n === 0) return { ...counts, n, shareAgreeing: null, mean: null };
  const agree = counts.values[3] + counts.values[4];
  const sum = counts.values.reduce((s, v, i) => s + v * (i + 1), 0);
  return { ...counts, n, shareAgreeing: agree / n, mean: sum / n };
}
