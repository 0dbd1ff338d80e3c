/** Contracts of the staff entry routes: the entry code API and the staff entry pages. Browser-safe (see `shared/platform/route-contract.ts`). */
import * as z from '../platform/zod.ts';
import {
  BEARER_REPLIES,
  eitherReply,
  errorReply,
  errorSchema,
  gatewaySchema,
  htmlReply,
  jsonReply,
  MAX_FORM_BYTES,
  redirectReply,
  SERVER_REPLIES,
  textBody,
  UNAVAILABLE_REPLIES,
  unavailablePage,
  type ContractsOf,
} from '../platform/route-contract.ts';
import type { staffEntryManifest } from './manifest.ts';

/** The answer of `POST /api/units/{unitId}/entry-code`: the new code, shown this once. */
export const entryCodeSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    code: z.string().check(z.describe('The new entry code (10 characters of 23456789ABCDEFGHJKMNPQRSTUVWXYZ); stored only hashed.')),
  }))();

/** The staff entry routes' contracts (built in a pure call: see platform/route-contract.ts). */
export const staffEntryContracts = /* @__PURE__ */ (() => {
  const unitParams = z.strictObject({ unitId: z.string().check(z.describe('The unit id from the organisation tree, e.g. keskusta-ta.')) });
  const pageQuery = z.object({
    lang: z.optional(z.string().check(z.describe("fi, sv or en; without it the browser's Accept-Language, else Finnish."))),
  });
  const session = z.object({
    cookie: z.optional(z.string().check(z.describe('palaute_staff=<session id>: the session POST /staff/{unitId}/session opened.'))),
  });
  const formPost = (summary: string, description: string, stored: string, extra: object, headers?: typeof session) => ({
    summary,
    description,
    request: {
      params: unitParams,
      query: pageQuery,
      ...(headers ? { headers } : {}),
      body: textBody('application/x-www-form-urlencoded', MAX_FORM_BYTES),
    },
    responses: {
      303: redirectReply(stored),
      400: eitherReply(
        'The page again with an error summary naming the fields; JSON for a body with a forbidden field name or character.',
        htmlReply(''),
        errorReply('', 'invalid_body', 'body_too_large'),
      ),
      403: htmlReply('The form was posted from another origin (Origin or Sec-Fetch-Site); nothing was done.'),
      404: htmlReply('A friendly page: no such unit.'),
      415: errorReply('The body is not a URL-encoded form.', 'unsupported_media_type'),
      ...extra,
      ...SERVER_REPLIES,
      ...unavailablePage('The page again with a message to send it again in a moment.'),
    },
  });
  return {
    'POST /api/units/{unitId}/entry-code': {
      summary: "Make a unit's new staff entry code",
      description:
        "A handler of the unit (a token with cases:write whose org nodes hold the unit) makes a new entry code for the unit's staff entry page /staff/{unitId}. The code is answered this once and stored only as its scrypt hash; it replaces the unit's old code, whose sessions end with it.",
      request: { params: unitParams },
      responses: {
        201: jsonReply('The new code.', entryCodeSchema),
        ...BEARER_REPLIES,
        403: jsonReply(
          "The token lacks the route's scope (API Gateway), or the unit is outside the organisation nodes the token holds (handler).",
          z.union([gatewaySchema('Forbidden'), errorSchema(['forbidden'])]),
        ),
        404: errorReply('Unknown unit.', 'not_found'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /staff/{unitId}': {
      summary: 'The staff entry page: the entry code form, or the entry form with a session',
      description:
        "Without a valid session cookie (palaute_staff) the page asks for the unit's entry code; with one, it is the form for typing in paper or oral feedback. channel and givenOn prefill the form (kept after each stored entry); saved=1 says the previous entry was stored.",
      request: {
        params: unitParams,
        query: z.object({
          lang: z.optional(z.string().check(z.describe("fi, sv or en; without it the browser's Accept-Language, else Finnish."))),
          channel: z.optional(z.string().check(z.describe('paper or oral: preselected on the entry form.'))),
          givenOn: z.optional(z.string().check(z.describe('YYYY-MM-DD: prefilled on the entry form.'))),
          saved: z.optional(z.string().check(z.describe('1 after an entry was stored.'))),
        }),
        headers: z.extend(session, {
          'accept-language': z.optional(z.string().check(z.describe('Picks fi, sv or en when the query names no language.'))),
        }),
      },
      responses: {
        200: htmlReply('The code page, or the entry form for a signed-in session.'),
        404: htmlReply('A friendly page: no such unit.'),
        ...SERVER_REPLIES,
        ...unavailablePage('A page saying the service is briefly unavailable.'),
      },
    },
    'POST /staff/{unitId}/session': formPost(
      'Sign in to staff entry with the entry code',
      'Form field code. The right code opens an 8-hour session (cookie palaute_staff: HttpOnly, SameSite=Strict, Secure over https). From the sixth wrong code within 15 minutes the unit’s sign-in is locked for 15 minutes.',
      'Signed in: on to the entry form, with the session cookie.',
      {
        401: htmlReply('The code page again: the code is wrong.'),
        429: htmlReply('The code page again: sign-in is locked after too many wrong codes.', {
          'retry-after': { description: 'Seconds until the lock ends.', required: true },
        }),
      },
    ),
    'POST /staff/{unitId}': formPost(
      'Store one paper or oral answer typed in by staff',
      'Fields channel (paper or oral), assisted=yes when the person was helped, givenOn (YYYY-MM-DD, not in the future, at most 30 days back, Helsinki dates), then the survey’s question ids and the contact fields as the public form posts them, plus lang and idem (the form instance, the idempotency key). Counted on givenOn.',
      'Stored: on to a fresh form with channel and givenOn kept.',
      { 401: htmlReply('The code page: no session, or it has expired or ended; nothing was stored.') },
      session,
    ),
  } satisfies ContractsOf<typeof staffEntryManifest>;
})();
