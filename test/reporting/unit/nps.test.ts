/** NPS maths (docs/domain.md#computations): buckets, the score, its standard error and 95 % interval, rounding. */
import { describe, expect, it } from 'vitest';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { countAnswers, sumCounts } from '#shared/reporting/counts.ts';
import { nps, npsBucket, roundHalfAwayFromZero } from '#shared/reporting/nps.ts';

describe('npsBucket', () => {
  it('puts every score 0–10 in the bucket docs/domain.md#computations names, so counts are comparable with counties', () => {
    const expected = [
      'detractors',
      'detractors',
      'detractors',
      'detractors',
      'detractors',
      'detractors',
      'detractors',
      'passives',
      'passives',
      'promoters',
      'promoters',
    ];
    for (let s = 0; s <= 10; s++) expect(npsBucket(s)).toBe(expected[s]);
  });
  it.each([-1, 11, 7.5, Number.NaN])('rejects %s, so a bad score can never be counted', (s) => {
    expect(() => npsBucket(s)).toThrow(RangeError);
  });
});

describe('nps', () => {
  it('returns null figures for no answers rather than dividing by zero', () => {
    expect(nps({ promoters: 0, passives: 0, detractors: 0 })).toMatchObject({ n: 0, nps: null, se: null, ci95: null });
  });
  it('reaches the extremes +100 and −100', () => {
    expect(nps({ promoters: 5, passives: 0, detractors: 0 }).nps).toBe(100);
    expect(nps({ promoters: 0, passives: 0, detractors: 5 }).nps).toBe(-100);
  });
  it('scores all passives as 0 with zero uncertainty', () => {
    expect(nps({ promoters: 0, passives: 4, detractors: 0 })).toMatchObject({ nps: 0, se: 0, ci95: [0, 0] });
  });
  it('matches a hand computation: 70 promoters, 20 passives, 10 detractors', () => {
    const r = nps({ promoters: 70, passives: 20, detractors: 10 });
    // p = .7, d = .1 → NPS 60; SE = 100·sqrt((.8 − .36)/100) = 6.633; ±1.96·SE = 13.0
    expect(r.nps).toBe(60);
    expect(r.n).toBe(100);
    expect(r.se).toBeCloseTo(6.6332, 3);
    expect(r.ci95).toEqual([47, 73]);
  });
  it('clamps the interval to −100…100 for small, lopsided samples', () => {
    const r = nps({ promoters: 1, passives: 0, detractors: 1 });
    expect(r.ci95![0]).toBeGreaterThanOrEqual(-100);
    expect(r.ci95![1]).toBeLessThanOrEqual(100);
  });
  it('rounds halves away from zero symmetrically (+12.5 → 13, −12.5 → −13)', () => {
    expect(nps({ promoters: 3, passives: 4, detractors: 1 }).nps).toBe(25);
    expect(nps({ promoters: 1, passives: 6, detractors: 0 }).npsExact).toBeCloseTo(14.2857, 3);
    expect(roundHalfAwayFromZero(12.5)).toBe(13);
    expect(roundHalfAwayFromZero(-12.5)).toBe(-13);
    expect(roundHalfAwayFromZero(-0.4)).toBe(0);
    expect(Object.is(roundHalfAwayFromZero(-0.4), -0)).toBe(false);
  });
  it('rejects negative or fractional counts', () => {
    expect(() => nps({ promoters: -1, passives: 0, detractors: 0 })).toThrow(RangeError);
    expect(() => nps({ promoters: 0.5, passives: 0, detractors: 0 })).toThrow(RangeError);
  });
  it('gives the same result from summed counts as from the pooled raw scores, because reports sum counts', () => {
    const answer = (score: number) => ({ unitId: 'u', channel: 'web', answers: { nps: score } }) as unknown as StoredAnswer;
    const a = [10, 9, 3, 7, 8, 0].map(answer);
    const b = [10, 10, 6, 9].map(answer);
    expect(nps(sumCounts([countAnswers(a), countAnswers(b)]).nps)).toEqual(nps(countAnswers([...a, ...b]).nps));
    expect(countAnswers([...a, ...b]).nps).toEqual({ promoters: 5, passives: 2, detractors: 3 });
  });
  it('holds for every small count combination: range, n, and interval containing the score', () => {
    for (let p = 0; p <= 12; p++)
      for (let q = 0; q <= 12; q++)
        for (let d = 0; d <= 12; d++) {
          const r = nps({ promoters: p, passives: q, detractors: d });
          if (p + q + d === 0) continue;
          expect(r.n).toBe(p + q + d);
          expect(r.nps).toBeGreaterThanOrEqual(-100);
          expect(r.nps).toBeLessThanOrEqual(100);
          expect(r.ci95![0]).toBeLessThanOrEqual(r.npsExact! + 1e-9);
          expect(r.ci95![1]).toBeGreaterThanOrEqual(r.npsExact! - 1e-9);
        }
  });
});
