/**
 * NPS maths (docs/domain.md#computations). Everything is derived from additive counts, so that any node and period is
 * computed by summing counts first and only then dividing.
 */

/** The three NPS buckets of a set of 0–10 answers. */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** NPS with its sample size, counts and 95 % interval. */
export interface NpsResult extends NpsCounts {
  n: number;
  /** NPS rounded to an integer (half away from zero), or null when n is 0. */
  nps: number | null;
  /** Unrounded NPS, for further maths. */
  npsExact: number | null;
  /** Standard error of NPS in NPS points. */
  se: number | null;
  /** 95 % interval [low, high] in NPS points, clamped to −100…100 and rounded to one decimal. */
  ci95: [number, number] | null;
}

/** Answers to the NPS question in a set of counts: promoters + passives + detractors. */
export function npsN(c: NpsCounts): number {
  return c.promoters + c.passives + c.detractors;
}

/** Bucket of one 0–10 answer: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export function npsBucket(score: number): keyof NpsCounts {
  if (!Number.isInteger(score) || score < 0 || score > 10) throw new RangeError(`NPS score must be an integer 0–10, got ${score}`);
  if (score >= 9) return 'promoters';
  if (score >= 7) return 'passives';
  return 'detractors';
}

/**
 * NPS = 100 × (promoters − detractors) / n, with SE = 100 × sqrt((p + d − (p − d)²) / n) where p and d
 * are the promoter and detractor shares, and the 95 % interval ± 1.96 SE.
 */
export function nps(counts: NpsCounts): NpsResult {
  for (const [k, v] of Object.entries(counts)) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${k} must be a non-negative integer, got ${v}`);
  }
  const n = counts.promoters + counts.passives + counts.detractors;
  if (n === 0) return { ...counts, n, nps: null, npsExact: null, se: null, ci95: null };
  const p = counts.promoters / n;
  const d = counts.detractors / n;
  const exact = 100 * (p - d);
  const se = 100 * Math.sqrt(npsVarianceTerm(counts) / n);
  const half = npsHalfWidth(npsVarianceTerm(counts), n);
  const clamp = (x: number) => Math.min(100, Math.max(-100, x));
  return {
    ...counts,
    n,
    nps: roundHalfAwayFromZero(exact),
    npsExact: exact,
    se,
    ci95: [round1(clamp(exact - half)), round1(clamp(exact + half))],
  };
}

/**
 * The variance term p + d − (p − d)² of one answer's NPS contribution (p, d the promoter and detractor
 * shares): at most 1 (half promoters, half detractors); 0 when there are no answers.
 */
export function npsVarianceTerm(counts: NpsCounts): number {
  const n = npsN(counts);
  if (n === 0) return 0;
  const p = counts.promoters / n;
  const d = counts.detractors / n;
  return Math.max(0, p + d - (p - d) ** 2);
}

/**
 * The 95 % interval half-width in NPS points, 1.96 × 100 × sqrt(variance term / n): the one formula
 * behind `nps().ci95`, which SMS sampling also plans with (shared/sms/precision.ts).
 */
export function npsHalfWidth(varianceTerm: number, n: number): number {
  return 1.96 * 100 * Math.sqrt(varianceTerm / n);
}

/** Rounds to an integer with halves away from zero, so that +12.5 → 13 and −12.5 → −13 alike. */
export function roundHalfAwayFromZero(x: number): number {
  // Shares of small integers carry float noise (e.g. 100 × 1/8 − ...); snap to 1e-9 before rounding.
  const snapped = Math.round(x * 1e9) / 1e9;
  const r = Math.sign(snapped) * Math.round(Math.abs(snapped));
  return r === 0 ? 0 : r;
}

function round1(x: number): number {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? 0 : r;
}
