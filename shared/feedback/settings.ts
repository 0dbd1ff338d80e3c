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
export const retentionSettings = regionSection({
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
});

/** Years answers are kept: the config's `region.retention.answerYears`, else DEFAULT_ANSWER_YEARS. */
export function answerRetentionYears(org: OrgTree): number {
  return regionSettings(org, retentionSettings).retention?.answerYears ?? DEFAULT_ANSWER_YEARS;
}

/**
 * Default handling deadlines in days (docs/domain.md#handling): a contact request is answered within
 * 14 days, and free-text feedback is read and closed within 30.
 */
export const DEFAULT_DEADLINE_DAYS = { contact: 14, text: 30 } as const;

/** Handling deadlines in days: contact requests and free-text feedback. */
export interface DeadlineDays {
  /** Days within which the unit contacts someone who asked to be contacted; the thank-you page promises it. */
  contact: number;
  /** Days within which the unit's handlers read and close free-text feedback. */
  text: number;
}

/**
 * `region.handling.deadlineDays`: how soon a unit must act on feedback — contact a person who asked
 * to be contacted (`contact`, default 14) and handle free-text feedback (`text`, default 30). Region-
 * wide, because the thank-you page promises the contact deadline to everyone in the region and the
 * case handling built on it escalates by the same clock in every unit.
 */
export const handlingSettings = regionSection({
  region: {
    handling: z.optional(
      z.strictObject({
        deadlineDays: z.optional(
          z.strictObject({
            contact: z.optional(
              z.number().check(z.int('must be a whole number of days'), z.gte(1, 'must be at least 1'), z.lte(90, 'must be at most 90')),
            ),
            text: z.optional(
              z.number().check(z.int('must be a whole number of days'), z.gte(1, 'must be at least 1'), z.lte(365, 'must be at most 365')),
            ),
          }),
        ),
      }),
    ),
  },
  node: {},
});

/** The region's handling deadlines: `region.handling.deadlineDays`, each else its DEFAULT_DEADLINE_DAYS. */
export function handlingDeadlineDays(org: OrgTree): DeadlineDays {
  const set = regionSettings(org, handlingSettings).handling?.deadlineDays ?? {};
  return { contact: set.contact ?? DEFAULT_DEADLINE_DAYS.contact, text: set.text ?? DEFAULT_DEADLINE_DAYS.text };
}

/**
 * `region.form.embedOrigins`: the https origins whose pages may show the feedback form in a frame (a
 * county's own website), as the form pages' CSP `frame-ancestors`. None by default: a page framed by
 * anyone can be overlaid to trick a click (clickjacking), so embedding is opt-in, origin by origin.
 */
export const embedSettings = regionSection({
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
});

/** The form pages' `frame-ancestors` source list: the configured origins, or `'none'`. */
export function formFrameAncestors(org: OrgTree): string {
  const origins = regionSettings(org, embedSettings).form?.embedOrigins ?? [];
  return origins.length ? origins.join(' ') : "'none'";
}
