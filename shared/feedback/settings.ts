/** The feedback feature's part of the region config: how long answers are kept (docs/domain.md#retention). */
import { regionSection, regionSettings, type OrgTree } from '../platform/index.ts';
import * as z from '../platform/zod.ts';
import { ANSWER_YEARS_RANGE, DEFAULT_ANSWER_YEARS } from './retention.ts';

const { min, max } = ANSWER_YEARS_RANGE;

/**
 * `region.retention.answerYears`: whole years an answer (with its free text) is kept before the
 * nightly purge deletes it. Region-wide only: a unit keeping answers longer than its region would
 * make the retention promise depend on the org tree.
 */
export const retentionSettings = regionSection(() => ({
  region: {
    retention: z.optional(
      z.strictObject({
        answerYears: z.optional(
          z
            .number()
            .check(z.int('must be a whole number of years'), z.gte(min, `must be at least ${min}`), z.lte(max, `must be at most ${max}`)),
        ),
      }),
    ),
  },
  node: {},
}));

/** Years answers are kept: the config's `region.retention.answerYears`, else DEFAULT_ANSWER_YEARS. */
export function answerRetentionYears(org: OrgTree): number {
  return regionSettings(org, retentionSettings).retention?.answerYears ?? DEFAULT_ANSWER_YEARS;
}

// The handling deadlines moved to the platform with the rest of `region.handling` (the cases feature
// owns them; feedback only reads the contact deadline for the thank-you page).
export { DEFAULT_DEADLINE_DAYS, handlingDeadlineDays, handlingSettings, type DeadlineDays } from '../platform/index.ts';

/**
 * `region.form.embedOrigins`: the https origins whose pages may show the feedback form in a frame (a
 * county's own website), as the form pages' CSP `frame-ancestors`. None by default: a page framed by
 * anyone can be overlaid to trick a click (clickjacking), so embedding is opt-in, origin by origin.
 */
export const embedSettings = regionSection(() => ({
  region: {
    form: z.optional(
      z.strictObject({
        embedOrigins: z.optional(
          z.array(z.string().check(z.regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'must be an https origin, e.g. https://www.example.fi'))),
        ),
      }),
    ),
  },
  node: {},
}));

/** The form pages' `frame-ancestors` source list: the configured origins, or `'none'`. */
export function formFrameAncestors(org: OrgTree): string {
  const origins = regionSettings(org, embedSettings).form?.embedOrigins ?? [];
  return origins.length ? origins.join(' ') : "'none'";
}
