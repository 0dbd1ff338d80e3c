/**
 * Contracts of the kiosk routes. Browser-safe (see `shared/platform/route-contract.ts`): the kiosk app
 * imports the types of its answer body from here.
 */
import * as z from '../platform/zod.ts';
import {
  BEARER_REPLIES,
  errorReply,
  errorSchema,
  gatewaySchema,
  htmlReply,
  jsonReply,
  MAX_BODY_BYTES,
  redirectReply,
  SERVER_REPLIES,
  UNAVAILABLE_REPLIES,
  type ContractsOf,
} from '../platform/route-contract.ts';
import { idempotencyKeySchema, kioskEntrySchema } from '../feedback/contracts.ts';
import type { kioskManifest } from './manifest.ts';

/** The body of `POST /api/kiosks`: the unit the device serves and what the unit calls it. */
export const createKioskSchema = z.strictObject({
  unitId: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(80, 'must be at most 80 characters')),
});

/** A kiosk as the API shows it: never a code or a hash. */
export const kioskViewSchema = z.strictObject({
  id: z.string(),
  unitId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  status: z.enum(['pending', 'enrolled', 'revoked']),
  enrolledAt: z.optional(z.string()),
  revokedAt: z.optional(z.string()),
});

/**
 * The kiosk device's answer body: the feedback feature's kiosk entry (channel `kiosk`, `answeredAt`
 * allowed) without `unitId`: a kiosk answers for the unit it is enrolled to, and names no other.
 */
export const kioskAnswerSchema = /* @__PURE__ */ (() => z.omit(kioskEntrySchema, { unitId: true }))();

/** The device credential's cookie, as the device routes read it. */
const deviceCookieHeader = /* @__PURE__ */ (() =>
  z.object({
    cookie: z.string().check(z.describe('palaute_kiosk=<credential>: the HttpOnly cookie the enrolment link set on the device.')),
  }))();

/** The device's 401: no credential, a wrong one, or a revoked kiosk; the app then says it is not enrolled. */
const deviceUnauthorized = errorReply(
  'No device credential, a wrong one, or the kiosk was revoked: the device must be enrolled again.',
  'kiosk_not_enrolled',
);

/** The kiosk routes' contracts (built in a pure call: see platform/route-contract.ts). */
export const kioskContracts = /* @__PURE__ */ (() => {
  const unitParams = z.strictObject({ unitId: z.string().check(z.describe('The unit id from the organisation tree, e.g. keskusta-ta.')) });
  const forbidden = jsonReply(
    "The token lacks the route's scope (API Gateway), or the unit is outside the organisation nodes the token holds (handler).",
    z.union([gatewaySchema('Forbidden'), errorSchema(['forbidden'])]),
  );
  const appFile = (summary: string, type: 'text/html' | 'text/javascript' | 'application/manifest+json') => ({
    summary,
    request: { params: unitParams },
    responses: {
      200: { description: 'The file, the same for every device of the unit.', content: { [type]: z.string() } },
      404: htmlReply('A friendly page: no such unit.'),
      ...SERVER_REPLIES,
    },
  });
  return {
    'POST /api/kiosks': {
      summary: 'Create a kiosk for a unit',
      description:
        'Returns the one-time enrolment link to open on the device (shown once; only its hash is kept). Opening it binds the device to the unit.',
      request: { body: { type: 'application/json' as const, schema: createKioskSchema, maxBytes: MAX_BODY_BYTES } },
      responses: {
        201: jsonReply('Created.', z.strictObject({ id: z.string(), unitId: z.string(), name: z.string(), enrolmentUrl: z.string() })),
        400: errorReply(
          'Malformed JSON, a body over 16 KB, or an invalid field; the issues name it.',
          'invalid_json',
          'body_too_large',
          'invalid_body',
          'validation_failed',
        ),
        ...BEARER_REPLIES,
        403: forbidden,
        404: errorReply('Unknown unit.', 'not_found'),
        415: errorReply('The body is not application/json.', 'unsupported_media_type'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /api/kiosks': {
      summary: "A unit's kiosks",
      request: { query: z.strictObject({ unitId: z.string().check(z.describe('The unit whose kiosks to list.')) }) },
      responses: {
        200: jsonReply('The kiosks, oldest first.', z.strictObject({ kiosks: z.array(kioskViewSchema) })),
        400: errorReply('No or a malformed unitId.', 'validation_failed'),
        ...BEARER_REPLIES,
        403: forbidden,
        404: errorReply('Unknown unit.', 'not_found'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'DELETE /api/kiosks/{kioskId}': {
      summary: 'Revoke a kiosk',
      description: "The device's answers are refused (401) from now on; revoking twice is harmless.",
      request: { params: z.strictObject({ kioskId: z.string() }) },
      responses: {
        204: { description: 'Revoked.' },
        ...BEARER_REPLIES,
        403: forbidden,
        404: errorReply('Unknown kiosk.', 'not_found'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /k/{unitId}': appFile('The kiosk app (a PWA: works offline once loaded)', 'text/html'),
    'GET /k/{unitId}/sw.js': appFile("The kiosk app's service worker, which caches the app", 'text/javascript'),
    'GET /k/{unitId}/manifest.webmanifest': appFile("The kiosk app's web app manifest", 'application/manifest+json'),
    'GET /k/enrol/{enrolCode}': {
      summary: 'Enrol this device as a kiosk of the unit (the one-time link)',
      description: 'Sets the device credential (an HttpOnly cookie) and goes on to the app. Works once.',
      request: { params: z.strictObject({ enrolCode: z.string() }) },
      responses: {
        303: redirectReply('Enrolled: on to the kiosk app, with the device credential in a cookie.'),
        404: htmlReply('A friendly page: no such enrolment link.'),
        410: htmlReply('A friendly page: the link was used already, or the kiosk was revoked.'),
        ...SERVER_REPLIES,
        503: htmlReply('Storage is briefly unavailable; open the link again in a moment.', {
          'retry-after': { description: 'Seconds to wait before retrying.', required: true },
        }),
      },
    },
    'POST /api/kiosk/answers': {
      summary: 'Store one answer given on an enrolled kiosk',
      description:
        "The device credential is the cookie set at enrolment. The same body as POST /api/feedback with channel kiosk (unitId, if given, must be the kiosk's own), plus answeredAt (up to 30 days back) for answers queued offline. An answer given sooner after the previous one than region.kiosk.minIntervalSeconds is stored flagged burst and left out of every figure. Idempotency-Key as for POST /api/feedback.",
      request: {
        headers: z.extend(deviceCookieHeader, { 'idempotency-key': z.optional(idempotencyKeySchema) }),
        body: { type: 'application/json' as const, schema: kioskAnswerSchema, maxBytes: MAX_BODY_BYTES },
      },
      responses: {
        201: jsonReply('Stored (or replayed for a known Idempotency-Key).', z.strictObject({ id: z.string() }), {
          'idempotent-replayed': { description: '`true` when this is the stored answer of an earlier request with the same key.' },
        }),
        400: errorReply(
          'Malformed JSON, a body over 16 KB, a forbidden field name or character, or an invalid field; the issues name it.',
          'invalid_json',
          'body_too_large',
          'invalid_body',
          'validation_failed',
        ),
        401: deviceUnauthorized,
        404: errorReply('Unknown survey.', 'not_found'),
        409: errorReply('The Idempotency-Key was used with another body.', 'conflict'),
        415: errorReply('The body is not application/json.', 'unsupported_media_type'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /api/kiosk/device': {
      summary: 'The kiosk this device is enrolled as',
      description: 'The kiosk app asks on start, to say so at once when the device is not (or no longer) enrolled.',
      request: { headers: deviceCookieHeader },
      responses: {
        200: jsonReply('Enrolled.', z.strictObject({ id: z.string(), unitId: z.string(), name: z.string() })),
        401: deviceUnauthorized,
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
  } satisfies ContractsOf<typeof kioskManifest>;
})();
