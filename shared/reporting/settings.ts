/** Reporting's part of the region config: the suppression thresholds (docs/domain.md#suppression). */
import { regionSection, regionSettings, type OrgTree } from '../platform/index.ts';
import * as z from '../platform/zod.ts';
import { SUPPRESSION_DEFAULTS, type SuppressionThresholds } from './suppression.ts';

/** `region.reporting.suppression`: cells with fewer answers than the threshold are hidden. */
export const reportingSettings = regionSection(() => {
  const threshold = z.optional(z.number().check(z.int(), z.gte(2), z.lte(100)));
  return {
    region: {
      reporting: z.optional(z.strictObject({ suppression: z.optional(z.strictObject({ internal: threshold, public: threshold })) })),
    },
    node: {},
    check: (region) => {
      const sup = { ...SUPPRESSION_DEFAULTS, ...(region.reporting?.suppression ?? {}) };
      return sup.public < sup.internal
        ? [{ path: 'region.reporting.suppression.public', message: `must be at least the internal threshold (${sup.internal})` }]
        : [];
    },
  };
});

/** Suppression thresholds of reports (internal) and public pages: the config's, else the defaults of docs/domain.md#suppression. */
export function suppressionThresholds(org: OrgTree): SuppressionThresholds {
  const set = regionSettings(org, reportingSettings).reporting?.suppression ?? {};
  return {
    internal: set.internal ?? SUPPRESSION_DEFAULTS.internal,
    public: set.public ?? SUPPRESSION_DEFAULTS.public,
  };
}
