/** The pulse feature's part of the region config: the anonymity thresholds of staff survey results. */
import { regionSection, regionSettings, type OrgTree } from '../platform/index.ts';
import * as z from '../platform/zod.ts';

/**
 * The lowest threshold an administrator may set (docs/domain.md, staff experience: vendors use 3–7;
 * below 3 a result is one or two people's answers).
 */
export const PULSE_THRESHOLD_FLOOR = 3;

/** Thresholds of staff survey results. */
export interface PulseThresholds {
  /** Figures of a round appear with at least this many answers (default 5). */
  minAnswers: number;
  /** Free text and answer distributions appear with at least this many answers (default 8). */
  minAnswersForText: number;
}

/** The defaults of docs/domain.md (staff experience): figures from 5 answers, text from 8. */
export const PULSE_DEFAULTS: Readonly<PulseThresholds> = Object.freeze({ minAnswers: 5, minAnswersForText: 8 });

/** `region.pulse`: `minAnswers` and `minAnswersForText`, both optional. */
export const pulseSettings = regionSection(() => {
  const threshold = z.optional(z.number().check(z.int(), z.gte(PULSE_THRESHOLD_FLOOR), z.lte(100)));
  return {
    region: { pulse: z.optional(z.strictObject({ minAnswers: threshold, minAnswersForText: threshold })) },
    node: {},
    check: (region) => {
      const t = { ...PULSE_DEFAULTS, ...(region.pulse ?? {}) };
      return t.minAnswersForText < t.minAnswers
        ? [{ path: 'region.pulse.minAnswersForText', message: `must be at least region.pulse.minAnswers (${t.minAnswers})` }]
        : [];
    },
  };
});

/** The deployment's thresholds: the config's, else the defaults. */
export function pulseThresholds(org: OrgTree): PulseThresholds {
  const set = regionSettings(org, pulseSettings).pulse ?? {};
  return {
    minAnswers: set.minAnswers ?? PULSE_DEFAULTS.minAnswers,
    minAnswersForText: set.minAnswersForText ?? PULSE_DEFAULTS.minAnswersForText,
  };
}
