/**
 * Contracts of the feedback routes: the JSON API and the HTML form. Browser-safe (see
 * `shared/platform/route-contract.ts`): a kiosk or web client may import them to validate before sending.
 */
import * as z from '../platform/zod.ts';
import {
  BEARER_REPLIES,
  eitherReply,
  errorReply,
  errorSchema,
  gatewaySchema,
  htmlReply,
  isRealDateTime,
  jsonReply,
  LANGS,
  MAX_BODY_BYTES,
  MAX_FORM_BYTES,
  redirectReply,
  SERVER_REPLIES,
  UNAVAILABLE_REPLIES,
  unavailablePage,
  textBody,
  type ContractsOf,
} from '../platform/route-contract.ts';
import { contactInputSchema } from '../contacts/contracts.ts';
import { CHANNELS, KIOSK_CHANNELS, PUBLIC_CHANNELS, STAFF_CHANNELS, VISIT_MODES } from './answer.ts';
import type { feedbackManifest } from './manifest.ts';

// The answer's vocabulary other features' contracts build on (the SMS intake's visit mode).
export { VISIT_MODES } from './answer.ts';

/**
 * The fields every channel's answer shares, built at the first schema that spreads them. A function,
 * and each schema below built in a pure call, so a bundle keeps only the schemas it parses with: a
 * function that parses no answer builds none of them at its cold start (see platform/route-contract.ts).
 */
const answerFields = () => (sharedAnswerFields ??= buildAnswerFields());
let sharedAnswerFields: ReturnType<typeof buildAnswerFields> | undefined;
const buildAnswerFields = () => ({
  unitId: z.string().check(z.minLength(1), z.maxLength(64)),
  lang: z.enum(LANGS),
  surveyId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  answers: z.record(z.string().check(z.maxLength(40)), z.union([z.number(), z.string()])),
  text: z.optional(z.string()),
  role: z.optional(z.enum(['client', 'relative'])),
  /** How the service was given at the visit: individual, group, home or remote. */
  visitMode: z.optional(z.enum(VISIT_MODES)),
  /** A request to be contacted about this feedback; stored apart from the answer, encrypted (README, "Contact requests"). */
  contact: z.optional(contactInputSchema),
});

/** When an answer given offline was given; ISO 8601 with offset. */
const answeredAtSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, 'must be ISO 8601 with an offset'),
      z.refine(isRealDateTime, 'is not a real date and time'),
    ))();

/**
 * A public submission (`POST /api/feedback`, the form): `web` or `qr`, answered now, by the person
 * themself. `assisted` and `answeredAt` are unknown fields here, refused by name: only staff entry
 * may claim them (docs/domain.md#channels).
 */
export const feedbackInputSchema = /* @__PURE__ */ (() => z.strictObject({ ...answerFields(), channel: z.enum(PUBLIC_CHANNELS) }))();

/** Paper or oral feedback a staff member types in: it may have been given with help, and earlier. */
export const staffEntrySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...answerFields(),
    channel: z.enum(STAFF_CHANNELS),
    assisted: z.optional(z.boolean()),
    answeredAt: z.optional(answeredAtSchema),
  }))();

/** An answer from an enrolled kiosk device: never assisted, but perhaps given offline, earlier. */
export const kioskEntrySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...answerFields(),
    channel: z.enum(KIOSK_CHANNELS),
    answeredAt: z.optional(answeredAtSchema),
  }))();

/** Any submission as the use case checks it: every channel, each entry point choosing what it allows. */
export const answerInputSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...answerFields(),
    channel: z.enum(CHANNELS),
    assisted: z.optional(z.boolean()),
    answeredAt: z.optional(answeredAtSchema),
  }))();

/** A client-chosen key that makes retries safe (`Idempotency-Key`); the form sends one per form instance. */
export const idempotencyKeySchema = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[\x21-\x7e]{1,255}$/, 'must be 1–255 printable ASCII characters without spaces')))();

/** The feedback routes' contracts (built in a pure call: see platform/route-contract.ts). */
export const feedbackContracts = /* @__PURE__ */ (() => {
  const unitParams = z.strictObject({ unitId: z.string().check(z.describe('The unit id from the organisation tree, e.g. keskusta-ta.')) });
  const pageQuery = z.object({
    lang: z.optional(
      z.string().check(z.describe("fi, sv or en; without it (or with anything else) the browser's Accept-Language, else Finnish.")),
    ),
    ch: z.optional(z.string().check(z.describe('qr when opened from a QR code; anything else is web.'))),
    visit: z.optional(
      z
        .string()
        .check(
          z.describe(
            'individual, group, home or remote: the visit mode the answer carries (a poster in a group room); anything else is none.',
          ),
        ),
    ),
    survey: z.optional(
      z
        .string()
        .check(
          z.describe(
            "A survey variant instead of the unit's default, e.g. thl-lapset (children 7–12) or thl-laheiset (relatives); an unknown id answers 404.",
          ),
        ),
    ),
    easy: z.optional(z.string().check(z.describe('1: the easy-read (selkokieli) texts, where the survey has them in the language.'))),
  });
  const formPage = (summary: string, page: string) => ({
    summary,
    request: {
      params: unitParams,
      query: pageQuery,
      headers: z.object({
        'accept-language': z.optional(z.string().check(z.describe('Picks fi, sv or en when the query names no language.'))),
      }),
    },
    responses: { 200: htmlReply(page), 404: htmlReply('A friendly page: no such unit, or no such survey (`survey`).'), ...SERVER_REPLIES },
  });
  // The JSON routes that store one answer: the same request shape and replies, each with its own body
  // schema (what its callers may claim) and any replies of its own (the bearer token's).
  const storeAnswer = <B extends z.ZodMiniType, R extends object>(schema: B, extra: R) => ({
    request: {
      headers: z.object({ 'idempotency-key': z.optional(idempotencyKeySchema) }),
      body: { type: 'application/json' as const, schema, maxBytes: MAX_BODY_BYTES },
    },
    responses: {
      201: jsonReply('Stored (or replayed for a known Idempotency-Key).', z.strictObject({ id: z.string() }), {
        'idempotent-replayed': { description: '`true` when this is the stored answer of an earlier request with the same key.' },
      }),
      400: errorReply(
        'Malformed JSON, a body over 16 KB, a forbidden field name or character (NUL, a lone surrogate), or an invalid field; the issues name it.',
        'invalid_json',
        'body_too_large',
        'invalid_body',
        'validation_failed',
      ),
      ...extra,
      404: errorReply('Unknown unit or survey.', 'not_found'),
      409: errorReply('The Idempotency-Key was used with another body.', 'conflict'),
      415: errorReply('The body is not application/json.', 'unsupported_media_type'),
      ...SERVER_REPLIES,
      ...UNAVAILABLE_REPLIES,
    },
  });
  return {
    'POST /api/feedback': {
      summary: 'Store one feedback answer',
      description:
        'At least one question or the text must be answered; unknown fields are refused. Channel web or qr only, answered now by the person themself: assisted and answeredAt are refused here (staff enter paper and oral feedback at POST /api/feedback/entries; SMS answers come only through one-time links). With an Idempotency-Key a retry with the same body returns the first id and stores nothing new.',
      ...storeAnswer(feedbackInputSchema, {}),
    },
    'POST /api/feedback/entries': {
      summary: 'Enter paper or oral feedback for someone (staff)',
      description:
        'A staff member types in feedback given on paper or orally at a unit their token holds (or a node above it): channel paper or oral, optionally assisted and with the time it was given (answeredAt, up to 30 days back). Idempotency-Key as for POST /api/feedback.',
      ...storeAnswer(staffEntrySchema, {
        ...BEARER_REPLIES,
        403: jsonReply(
          "The token lacks the route's scope (API Gateway), or the unit is outside the organisation nodes the token holds (handler).",
          z.union([gatewaySchema('Forbidden'), errorSchema(['forbidden'])]),
        ),
      }),
    },
    'GET /f/{unitId}': formPage('The accessible feedback form (works without JavaScript)', 'The form in the asked language.'),
    'GET /f/{unitId}/thanks': formPage('The thank-you page after sending the form', 'The thank-you page.'),
    'POST /f/{unitId}': {
      summary: 'Send the HTML form',
      description:
        'Field names are the question ids, plus lang, ch, idem (the form instance, used as the idempotency key), visitMode (individual, group, home or remote; optional), surveyId (the variant chosen with ?survey=), easy (1: easy-read texts) and switch (easy or standard: show the form again in the other wording with the answers kept, storing nothing).',
      request: { params: unitParams, query: pageQuery, body: textBody('application/x-www-form-urlencoded', MAX_FORM_BYTES) },
      responses: {
        200: htmlReply('The form again in the other wording (`switch`), the answers kept; nothing stored.'),
        303: redirectReply('Stored: on to the thank-you page.'),
        400: eitherReply(
          'The form again with an error summary and the answers kept; JSON for a body with a forbidden field name or character.',
          htmlReply(''),
          errorReply('', 'invalid_body'),
        ),
        404: htmlReply('A friendly page: no such unit, or no such survey (`surveyId`).'),
        415: errorReply('The body is not a URL-encoded form.', 'unsupported_media_type'),
        ...SERVER_REPLIES,
        ...unavailablePage(
          'The form again with the answers kept and a message to send it again in a moment (a retry of the same form instance never stores it twice).',
        ),
      },
    },
  } satisfies ContractsOf<typeof feedbackManifest>;
})();
