/** Statement maths (docs/domain.md#computations): share agreeing over answers 1–5 only, mean of 1–5, "can't say" apart. */
import { describe, expect, it } from 'vitest';
import { addStatementCounts, countStatement, emptyStatementCounts, statementStats } from '#shared/reporting/statements.ts';

describe('statementStats', () => {
  it('keeps "can\'t say" out of the denominator, as docs/domain.md#computations demands', () => {
    const r = statementStats(countStatement([5, 4, 2, 'cant_say', 'cant_say']));
    expect(r.n).toBe(3);
    expect(r.cantSay).toBe(2);
    expect(r.shareAgreeing).toBeCloseTo(2 / 3);
    expect(r.mean).toBeCloseTo(11 / 3);
  });
  it('returns nulls when only "can\'t say" was answered', () => {
    expect(statementStats(countStatement(['cant_say']))).toMatchObject({ n: 0, cantSay: 1, shareAgreeing: null, mean: null });
  });
  it('counts 3 (neutral) in the denominator but not as agreeing', () => {
    expect(statementStats(countStatement([3, 3, 4, 5])).shareAgreeing).toBe(0.5);
  });
  it('spans exactly 0…1 for the share and 1…5 for the mean', () => {
    expect(statementStats(countStatement([1, 1]))).toMatchObject({ shareAgreeing: 0, mean: 1 });
    expect(statementStats(countStatement([5, 5]))).toMatchObject({ shareAgreeing: 1, mean: 5 });
  });
  it.each([0, 6, 2.5, -1])('rejects the answer %s, so a bad value cannot skew a share', (v) => {
    expect(() => countStatement([v])).toThrow(RangeError);
  });
  it('adds counts so any roll-up equals the pooled answers', () => {
    const a = countStatement([1, 2, 5, 'cant_say']);
    const b = countStatement([4, 4, 3]);
    expect(statementStats(addStatementCounts(a, b))).toEqual(statementStats(countStatement([1, 2, 5, 'cant_say', 4, 4, 3])));
    expect(addStatementCounts(a, emptyStatementCounts())).toEqual(a);
  });
  it('rejects negative counts', () => {
    expect(() => statementStats({ values: [0, -1, 0, 0, 0], cantSay: 0 })).toThrow(RangeError);
  });
});
