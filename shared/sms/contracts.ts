/**
 * Contracts of the SMS channel's routes: visits in, the funnel's counts out, the one-time survey link.
 * Browser-safe (see `shared/platform/route-contract.ts`).
 */
import * as z from '../platform/zod.ts';
import {
  BEARER_REPLIES,
  eitherReply,
  errorReply,
  htmlReply,
  issueSchema,
  jsonReply,
  MAX_FORM_BYTES,
  redirectReply,
  SERVER_REPLIES,
  UNAVAILABLE_REPLIES,
  textBody,
  type ContractsOf,
} from '../platform/route-contract.ts';
import type { smsManifest } from './manifest.ts';
import { VISIT_MODES } from '../feedback/contracts.ts';
import { MAX_VISITS_PER_REQUEST, visitSchema } from './visit.ts';

/**
 * A visit as the intake reads it: the visit record plus `visitMode` (individual, group, home or
 * remote), which the SMS link carries to the answer for the reports' breakdown.
 */
export const intakeVisitSchema = z.extend(visitSchema, {
  visitMode: z.optional(z.enum(VISIT_MODES)),
});
/** A structurally valid visit, visit mode included. */
export type IntakeVisit = z.infer<typeof intakeVisitSchema>;

/** 1,000 visits of a few hundred bytes each, with room to spare. */
export const MAX_BATCH_BYTES = 1024 * 1024;

/** Why a received visit gets no invitation, in the order the rules are applied. */
export const EXCLUSION_REASONS = [
  'already_received',
  'sms_disabled',
  'no_consent',
  'non_disclosure',
  'under_age',
  'sensitive_visit_type',
  'not_sampled',
  'opted_out',
  'cooldown',
  'daily_cap',
  'not_last_visit_of_day',
] as const;
/** A reason a valid visit is not invited. */
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** Why a visit is rejected (nothing is stored for it). */
export const REJECTION_REASONS = [
  'invalid',
  'duplicate_in_batch',
  'unknown_unit',
  'future_visit',
  'too_old',
  'invalid_phone',
  'not_mobile',
] as const;
/** A reason a visit is rejected. */
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The intake's answer: counts, and each rejected visit with its reason and the fields at fault. */
export const intakeResultSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    received: z.number(),
    scheduled: z.number(),
    excluded: z.partialRecord(z.enum(EXCLUSION_REASONS), z.number()),
    rejected: z.array(
      z.strictObject({
        index: z.number(),
        visitId: z.optional(z.string()),
        reason: z.enum(REJECTION_REASONS),
        issues: z.array(issueSchema),
      }),
    ),
  }))();

const date = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD', abort: true }),
    z.refine(isRealDate, 'must be a date YYYY-MM-DD'),
  );

function isRealDate(s: string): boolean {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** The query of `GET /api/sms/stats`: a period of Helsinki days (of the visits). */
export const statsQuerySchema = z.object({ from: date, to: date });

/** The SMS funnel: per Helsinki day of the visit and unit, and in total. Counts only. */
export const smsStatsSchema = /* @__PURE__ */ (() => {
  const funnel = {
    received: z.number(),
    excluded: z.record(z.string(), z.number()),
    sampled: z.number(),
    scheduled: z.number(),
    sent: z.number(),
    failed: z.number(),
    cancelled: z.number(),
    answered: z.number(),
  };
  // Only on days a unit sampled under a precision target (README "Sampling to a precision target").
  const rate = z.optional(
    z.strictObject({
      percent: z.number().check(z.describe('The sampling rate, %, every eligible visit of the day was decided at.')),
      projectedHalfWidth: z.nullable(
        z.number().check(z.describe("The month's projected 95 % interval half-width of the unit's NPS when the rate was set.")),
      ),
      targetHalfWidth: z.number().check(z.describe('The target half-width in force that day, in NPS points.')),
      source: z
        .enum(['planned', 'fallback'])
        .check(z.describe('planned by the daily job, or the fallback intake used for a day it had not planned.')),
    }),
  );
  return z.strictObject({
    from: z.string(),
    to: z.string(),
    days: z.array(z.strictObject({ date: z.string(), unitId: z.string(), ...funnel, rate })),
    total: z.strictObject(funnel),
  });
})();

/** The SMS feature's route contracts (built in a pure call: see platform/route-contract.ts). */
export const smsContracts = /* @__PURE__ */ (() => {
  const tokenParams = z.strictObject({ token: z.string().check(z.describe('The one-time token from the SMS.')) });
  const langQuery = z.object({ lang: z.optional(z.string().check(z.describe("fi, sv or en; without it the link's own language."))) });
  const linkRequest = { params: tokenParams, query: langQuery };
  const linkPages = { 404: htmlReply('A friendly page: no such link.'), ...SERVER_REPLIES, ...UNAVAILABLE_REPLIES };
  // A link sealed under a retired SMS key version opens no page: an opt-out through it would land where no check looks.
  const retiredLink = { 410: htmlReply('A friendly page: the link has expired (its key version was retired).') };
  return {
    'POST /api/visits': {
      summary: 'Visits from the patient information system',
      description: `At most ${MAX_VISITS_PER_REQUEST} visits. Each visit is checked alone: a bad one is rejected in the answer and nothing is stored for it; the rest are received.`,
      request: {
        body: {
          type: 'application/json',
          schema: z.strictObject({ visits: z.array(intakeVisitSchema).check(z.maxLength(MAX_VISITS_PER_REQUEST)) }),
          maxBytes: MAX_BATCH_BYTES,
        },
      },
      responses: {
        202: jsonReply('Received: counts, exclusions by reason and the rejected visits.', intakeResultSchema),
        400: errorReply(
          'Malformed JSON, a body over 1 MB, a forbidden field name or character, or a batch that is not `{ visits: [...] }`.',
          'invalid_json',
          'body_too_large',
          'invalid_body',
          'validation_failed',
        ),
        ...BEARER_REPLIES,
        413: errorReply(`More than ${MAX_VISITS_PER_REQUEST} visits.`, 'too_many_visits'),
        415: errorReply('The body is not application/json.', 'unsupported_media_type'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /api/sms/stats': {
      summary: 'The SMS funnel per Helsinki day and unit (counts only)',
      request: { query: statsQuerySchema },
      responses: {
        200: jsonReply('The funnel.', smsStatsSchema),
        400: errorReply('A missing or invalid date, to before from, or more than 366 days.', 'validation_failed'),
        ...BEARER_REPLIES,
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /s/{token}': {
      summary: 'The one-time SMS survey',
      request: linkRequest,
      responses: {
        200: htmlReply('The survey for the visit’s unit.'),
        410: htmlReply('A friendly page: the link was used or has expired (or its key version was retired).'),
        ...linkPages,
      },
    },
    'POST /s/{token}': {
      summary: 'Answer the SMS survey',
      description: 'Field names are the question ids. Stored as channel sms for the visit’s unit; the link is then used.',
      request: { ...linkRequest, body: textBody('application/x-www-form-urlencoded', MAX_FORM_BYTES) },
      responses: {
        303: redirectReply('Stored: on to the thank-you page.'),
        400: eitherReply(
          'The survey again with an error summary and the answers kept; JSON for a body over 64 KB or with a forbidden field name or character.',
          htmlReply(''),
          errorReply('', 'body_too_large', 'invalid_body'),
        ),
        410: htmlReply('A friendly page: the link was used or has expired (or its key version was retired).'),
        415: errorReply('The body is not a URL-encoded form.', 'unsupported_media_type'),
        ...linkPages,
      },
    },
    'GET /s/{token}/thanks': {
      summary: 'The thank-you page after answering',
      request: linkRequest,
      responses: { 200: htmlReply('The thank-you page.'), ...retiredLink, ...linkPages },
    },
    'GET /s/{token}/opt-out': {
      summary: 'Ask to stop SMS surveys to this number',
      request: linkRequest,
      responses: { 200: htmlReply('The confirmation page with its button.'), ...retiredLink, ...linkPages },
    },
    'POST /s/{token}/opt-out': {
      summary: 'Stop SMS surveys to this number',
      description: 'The hashed number goes on the opt-out list; the number itself is not kept.',
      request: linkRequest,
      responses: { 200: htmlReply('Done.'), ...retiredLink, ...linkPages },
    },
  } satisfies ContractsOf<typeof smsManifest>;
})();
