/** Statement maths (docs/domain.md#computations): share agreeing over answers 1–5 only, mean of 1–5, "can't say" apart. */
import { describe, expect, it } from 'vitest';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { countAnswers, sumCounts, type StatementTally } from '#shared/reporting/counts.ts';
import { statementStats, type StatementCounts } from '#shared/reporting/statements.ts';

/** Counts of 1–5 in `values[0..4]` and "can't say", written out. */
const counts = (values: StatementCounts['values'], cantSay = 0): StatementCounts => ({ values, cantSay });

describe('statementStats', () => {
  it('keeps "can\'t say" out of the denominator, as docs/domain.md#computations demands', () => {
    // Answers 5, 4, 2, can't say, can't say.
    const r = statementStats(counts([0, 1, 0, 1, 1], 2));
    expect(r.n).toBe(3);
    expect(r.cantSay).toBe(2);
    expect(r.shareAgreeing).toBeCloseTo(2 / 3);
    expect(r.mean).toBeCloseTo(11 / 3);
  });
  it('returns nulls when only "can\'t say" was answered', () => {
    expect(statementStats(counts([0, 0, 0, 0, 0], 1))).toMatchObject({ n: 0, cantSay: 1, shareAgreeing: null, mean: null });
  });
  it('counts 3 (neutral) in the denominator but not as agreeing', () => {
    expect(statementStats(counts([0, 0, 2, 1, 1])).shareAgreeing).toBe(0.5);
  });
  it('spans exactly 0…1 for the share and 1…5 for the mean', () => {
    expect(statementStats(counts([2, 0, 0, 0, 0]))).toMatchObject({ shareAgreeing: 0, mean: 1 });
    expect(statementStats(counts([0, 0, 0, 0, 2]))).toMatchObject({ shareAgreeing: 1, mean: 5 });
  });
  it('adds counts so any roll-up equals the pooled answers', () => {
    const answer = (smooth: number | 'cant_say') => ({ unitId: 'u', channel: 'web', answers: { smooth } }) as unknown as StoredAnswer;
    const a = [1, 2, 5, 'cant_say' as const].map(answer);
    const b = [4, 4, 3].map(answer);
    const stats = (t: StatementTally) => statementStats(counts([t[0], t[1], t[2], t[3], t[4]], t[5]));
    const rolledUp = sumCounts([countAnswers(a), countAnswers(b)]).statements.smooth!;
    expect(stats(rolledUp)).toEqual(stats(countAnswers([...a, ...b]).statements.smooth!));
    expect(rolledUp).toEqual([1, 1, 1, 2, 1, 1]);
  });
  it('rejects negative counts', () => {
    expect(() => statementStats({ values: [0, -1, 0, 0, 0], cantSay: 0 })).toThrow(RangeError);
  });
});
