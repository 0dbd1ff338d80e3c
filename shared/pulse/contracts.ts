/**
 * Contracts of the pulse routes: opening a round, listing rounds, a round's results, staff beside
 * customers, and the answer form's pages. Browser-safe (see `shared/platform/route-contract.ts`):
 * the pulse page's script imports the types.
 */
import * as z from '../platform/zod.ts';
import {
  BEARER_REPLIES,
  errorReply,
  errorSchema,
  eitherReply,
  gatewaySchema,
  htmlReply,
  jsonReply,
  LANGS,
  MAX_BODY_BYTES,
  MAX_FORM_BYTES,
  redirectReply,
  SERVER_REPLIES,
  textBody,
  UNAVAILABLE_REPLIES,
  unavailablePage,
  type ContractsOf,
} from '../platform/route-contract.ts';
import { rangeQuerySchema } from '../reporting/contracts.ts';
import type { pulseManifest } from './manifest.ts';
import { MAX_STAFF_COUNT } from './model.ts';

/** A real calendar date, YYYY-MM-DD, exactly as the reports' queries read one. */
const date = rangeQuerySchema.def.shape.from;
const id = z.string().check(z.minLength(1, 'is required'), z.maxLength(64, 'is too long'));

/** `POST /api/pulse/rounds` body. */
export const openRoundSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    nodeId: id,
    surveyId: id,
    opensOn: date,
    closesOn: date,
    staffCount: z
      .number()
      .check(z.int('must be a whole number'), z.gte(1, 'must be at least 1'), z.lte(MAX_STAFF_COUNT, `must be at most ${MAX_STAFF_COUNT}`)),
  }))();

/** `POST /api/pulse/rounds` answer: the codes (shown once), and the sheet's link. */
export const openedRoundSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string(),
    codes: z.array(z.string()),
    /** The printable sheet of the codes; its token is a secret handed out only here. */
    sheetUrl: z.string(),
  }))();

const statementSchema = /* @__PURE__ */ (() =>
  z.union([
    z.strictObject({
      id: z.string(),
      n: z.number(),
      mean: z.number(),
      shareAgree: z.number(),
      counts: z.optional(z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()])),
      change: z.optional(z.number()),
    }),
    z.strictObject({ id: z.string(), suppressed: z.literal(true) }),
  ]))();

const roundFields = /* @__PURE__ */ (() => ({
  id: z.string(),
  nodeId: z.string(),
  surveyId: z.string(),
  version: z.number(),
  opensOn: z.string(),
  closesOn: z.string(),
  codes: z.number(),
  answers: z.number(),
  responseRate: z.number(),
  suppressed: z.boolean(),
  index: z.optional(z.number()),
}))();

/** `GET /api/pulse/rounds/{id}/results`. `statements` and `texts` absent while suppressed; `texts` below the text threshold. */
export const roundResultsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...roundFields,
    statements: z.optional(z.array(statementSchema)),
    texts: z.optional(z.array(z.string())),
    previousId: z.optional(z.string()),
  }))();

const combinedSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    surveyId: z.string(),
    rounds: z.number(),
    roundsShown: z.number(),
    answers: z.number(),
    statements: z.array(z.strictObject({ id: z.string(), n: z.number(), mean: z.number(), shareAgree: z.number() })),
    index: z.optional(z.number()),
  }))();

/** `GET /api/pulse/rounds` query. */
export const roundsQuerySchema = /* @__PURE__ */ (() => z.object({ node: id, from: z.optional(date), to: z.optional(date) }))();

/** `GET /api/pulse/rounds`: the rounds of the units under the node, oldest first, and per survey the shown rounds combined. */
export const roundListSchema = /* @__PURE__ */ (() =>
  z.strictObject({ node: z.string(), rounds: z.array(z.strictObject(roundFields)), combined: z.array(combinedSchema) }))();

/** `GET /api/pulse/compare` query: a node, whole closed months, and the staff survey (the first pulse by default). */
export const compareQuerySchema = /* @__PURE__ */ (() => z.object({ node: id, from: date, to: date, surveyId: z.optional(id) }))();

/** One side of a unit's comparison: figures or only that they are hidden. */
const sideSchema = /* @__PURE__ */ (() =>
  z.union([z.strictObject({ suppressed: z.literal(true) }), z.strictObject({ n: z.number(), value: z.number() })]))();

/** `GET /api/pulse/compare`. */
export const compareSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    node: z.string(),
    from: z.string(),
    to: z.string(),
    surveyId: z.string(),
    units: z.array(
      z.strictObject({
        node: z.string(),
        name: z.strictObject({ fi: z.string(), sv: z.string(), en: z.string() }),
        /** The pulse index 0–100 over the unit's shown rounds closing in the range; n = their answers. */
        pulse: sideSchema,
        /** The customer NPS −100…100 over the range, suppressed by the reports' rules; n = its answers. */
        nps: sideSchema,
      }),
    ),
    /** Pearson's r across the units where both are shown; null with fewer than 3 such units. */
    correlation: z.strictObject({ r: z.nullable(z.number()), n: z.number() }),
    note: z.string(),
  }))();

/** The pulse pages' and the results' query: an optional language. */
export const pulseLangQuerySchema = /* @__PURE__ */ (() => z.object({ lang: z.optional(z.enum(LANGS)) }))();

/** The pulse feature's route contracts. */
export const pulseContracts = /* @__PURE__ */ (() => {
  const forbidden = jsonReply(
    "The token lacks the route's scope (API Gateway), or the node is outside the organisation nodes the token holds (handler).",
    z.union([gatewaySchema('Forbidden'), errorSchema(['forbidden'])]),
  );
  const codeParams = z.strictObject({ code: z.string().check(z.describe('The one-time answer code.')) });
  const codePages = {
    404: htmlReply('A friendly page in the chosen language: no such code, or its round has not opened yet.'),
    410: htmlReply('A friendly page in the chosen language: the code was used, or its round has closed.'),
    ...SERVER_REPLIES,
    ...unavailablePage('The page again: storage is briefly unavailable.'),
  };
  return {
    'POST /api/pulse/rounds': {
      summary: 'Open a pulse round for a work unit',
      description:
        'Issues staffCount one-time codes, not tied to any person; only their hashes are stored. The codes are in this answer and on the printable sheet at sheetUrl.',
      request: { body: { type: 'application/json' as const, schema: openRoundSchema, maxBytes: MAX_BODY_BYTES } },
      responses: {
        201: jsonReply('The round, its codes and its sheet.', openedRoundSchema),
        400: errorReply(
          'Malformed JSON or an invalid field (the issues name it).',
          'invalid_json',
          'body_too_large',
          'invalid_body',
          'validation_failed',
        ),
        ...BEARER_REPLIES,
        403: forbidden,
        404: errorReply('An unknown node or staff survey.', 'not_found'),
        415: errorReply('The body is not application/json.', 'unsupported_media_type'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /api/pulse/rounds': {
      summary: 'The pulse rounds under a node, and each survey’s shown rounds combined',
      request: { query: roundsQuerySchema },
      responses: {
        200: jsonReply('The rounds.', roundListSchema),
        400: errorReply('An invalid parameter (named as `query.<name>`).', 'validation_failed'),
        ...BEARER_REPLIES,
        403: forbidden,
        404: errorReply('An unknown organisation node.', 'not_found'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /api/pulse/rounds/{roundId}/results': {
      summary: 'A round’s results, where anonymity holds',
      description:
        'Figures only with region.pulse.minAnswers answers (default 5), text and answer distributions only with region.pulse.minAnswersForText (default 8), names in the text masked in the given language.',
      request: { params: z.strictObject({ roundId: z.string().check(z.describe('The round id.')) }), query: pulseLangQuerySchema },
      responses: {
        200: jsonReply('The results.', roundResultsSchema),
        400: errorReply('An invalid language.', 'validation_failed'),
        ...BEARER_REPLIES,
        403: forbidden,
        404: errorReply('No round with this id.', 'not_found'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /api/pulse/compare': {
      summary: 'Staff and customers side by side: each child unit’s pulse index and customer NPS',
      description:
        'Both suppressed by their own rules; the correlation is across units where both are shown. Correlation is not causation.',
      request: { query: compareQuerySchema },
      responses: {
        200: jsonReply('The comparison.', compareSchema),
        400: errorReply('An invalid parameter (named as `query.<name>`).', 'validation_failed'),
        ...BEARER_REPLIES,
        403: forbidden,
        404: errorReply('An unknown organisation node or staff survey.', 'not_found'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /p/{code}': {
      summary: 'The staff answer form of a one-time code',
      request: { params: codeParams, query: pulseLangQuerySchema },
      responses: { 200: htmlReply('The form.'), ...codePages },
    },
    'POST /p/{code}': {
      summary: 'Answer with a one-time code',
      description: 'Field names are the statement ids (1–5) and `text`. The code is then used; nothing links it to the answer.',
      request: { params: codeParams, query: pulseLangQuerySchema, body: textBody('application/x-www-form-urlencoded', MAX_FORM_BYTES) },
      responses: {
        303: redirectReply('Stored: on to the thank-you page.'),
        400: eitherReply(
          'The form again with an error summary and the answers kept; JSON for a body over 64 KB or with a forbidden field name or character.',
          htmlReply(''),
          errorReply('', 'body_too_large', 'invalid_body'),
        ),
        415: errorReply('The body is not a URL-encoded form.', 'unsupported_media_type'),
        ...codePages,
      },
    },
    'GET /pulse/thanks': {
      summary: 'The thank-you page after answering',
      request: { query: pulseLangQuerySchema },
      // Its function touches DynamoDB for the other pages; this one reads nothing, but is documented alike.
      responses: {
        200: htmlReply('The thank-you page.'),
        ...SERVER_REPLIES,
        ...unavailablePage('Not answered by this page; documented as for every page of its function.'),
      },
    },
    'GET /pulse/sheet/{sheet}': {
      summary: 'The printable sheet of a round’s codes (A4, QR codes)',
      request: {
        params: z.strictObject({ sheet: z.string().check(z.describe('The sheet token handed out with the round.')) }),
        query: pulseLangQuerySchema,
      },
      responses: { 200: htmlReply('The sheet.'), 404: htmlReply('No such sheet.'), ...SERVER_REPLIES, ...UNAVAILABLE_REPLIES },
    },
    'GET /admin/pulse': {
      summary: "The supervisors' pulse page (no data: it reads the pulse API with the signed-in token)",
      request: { query: pulseLangQuerySchema },
      responses: { 200: htmlReply('The page.'), ...SERVER_REPLIES },
    },
  } as const satisfies ContractsOf<typeof pulseManifest>;
})();
