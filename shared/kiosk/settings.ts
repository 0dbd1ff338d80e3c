/** The kiosk feature's part of the region config: the misuse filter of kiosk devices (docs/domain.md#kiosks). */
import { regionSection, regionSettings, type OrgTree } from '../platform/index.ts';
import * as z from '../platform/zod.ts';

/** Seconds between two answers of one device below which the later one is a burst, unless the region sets otherwise (terminal vendors use about 5 s). */
export const DEFAULT_MIN_INTERVAL_SECONDS = 5;

/**
 * `region.kiosk.minIntervalSeconds`: the shortest time between two answers given on one kiosk
 * device for the later one to count. Faster answers are stored but flagged `burst` and left out of
 * every figure (someone pressing through the screen again and again), so the filter can be audited.
 */
export const kioskSettings = regionSection(() => ({
  region: {
    kiosk: z.optional(
      z.strictObject({
        minIntervalSeconds: z.optional(
          z.number().check(z.int('must be a whole number of seconds'), z.gte(0, 'must be at least 0'), z.lte(600, 'must be at most 600')),
        ),
      }),
    ),
  },
  node: {},
}));

/** The region's minimum interval between counted kiosk answers, in seconds. */
export function kioskMinIntervalSeconds(org: OrgTree): number {
  return regionSettings(org, kioskSettings).kiosk?.minIntervalSeconds ?? DEFAULT_MIN_INTERVAL_SECONDS;
}
