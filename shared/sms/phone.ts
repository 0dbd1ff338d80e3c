import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import metadata from './phone-metadata.json' with { type: 'json' };

/** Why a number cannot receive an SMS survey. */
export type PhoneProblem = 'invalid_phone' | 'not_mobile';

/** Digits with an optional leading +, and the separators people write one number with: spaces, hyphens, dots, brackets. */
const PHONE_SHAPE = /^\+?[0-9(][0-9 ().-]*$/;

/**
 * Normalises a mobile number to E.164 (`+358401234567`) with libphonenumber-js, on its mobile-only
 * metadata for +358 (scripts/phone-metadata.mjs). A number of the right length that is not a mobile
 * number (e.g. a landline) is `not_mobile`; anything else unusable is `invalid_phone`.
 */
export function normaliseMobile(raw: string): { ok: true; e164: string } | { ok: false; problem: PhoneProblem } {
  // The whole field must be one number: libphonenumber would otherwise find a number inside other
  // text ("äiti 0401234569"), and the visit would be sent to whoever that text was about.
  if (!PHONE_SHAPE.test(raw.trim())) return { ok: false, problem: 'invalid_phone' };
  const parsed = parsePhoneNumberFromString(raw, { defaultCountry: 'FI' }, metadata as unknown as MetadataJson);
  if (!parsed?.isPossible()) return { ok: false, problem: 'invalid_phone' };
  if (!parsed.isValid()) return { ok: false, problem: 'not_mobile' };
  return { ok: true, e164: parsed.number };
}
