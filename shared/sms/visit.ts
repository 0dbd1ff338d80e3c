import * as z from '../platform/zod.ts';
// The platform's browser-safe surface: the contracts that import this module are bundled for browsers.
import { isRealDateTime } from '../platform/route-contract.ts';

/** Most visits accepted in one intake request. */
export const MAX_VISITS_PER_REQUEST = 1000;

/** ISO 8601 instant with an explicit offset (`Z` or `+02:00`): a local time without one is ambiguous. */
const isoWithOffset = () =>
  z
    .string()
    .check(
      z.regex(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/,
        'must be ISO 8601 with an offset, e.g. 2026-11-21T14:30:00+02:00',
      ),
      z.refine(isRealDateTime, 'is not a real date and time'),
    );

/**
 * One visit as the patient information system sends it (docs/domain.md#sms-rules). Built in a pure
 * call, so the SMS functions that never parse a visit leave it out of their bundles and cold starts.
 */
export const visitSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    visitId: z.string().check(z.minLength(1), z.maxLength(128)),
    unitId: z.string().check(z.minLength(1), z.maxLength(64)),
    visitedAt: isoWithOffset(),
    phone: z.string().check(z.minLength(1), z.maxLength(32)),
    age: z.number().check(z.int(), z.gte(0), z.lte(130)),
    lang: z.string().check(z.maxLength(16)),
    smsConsent: z.boolean(),
    nonDisclosure: z.boolean(),
    /** Free text for the sensitive-visit rules only: read at intake, never stored with an invitation, link or answer. */
    visitType: z.optional(z.string().check(z.maxLength(64))),
  }))();

/** A structurally valid visit. */
export type Visit = z.infer<typeof visitSchema>;

/** The intake request: the visits, checked one by one so one bad visit does not reject the rest. */
export const visitBatchSchema = /* @__PURE__ */ (() => z.strictObject({ visits: z.array(z.unknown()) }))();
