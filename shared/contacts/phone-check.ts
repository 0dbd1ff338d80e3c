/**
 * The phone check with libphonenumber-js's complete metadata (every country, number types): about
 * 190 KB with the library, so it is not bundled into the functions but built beside them as a
 * module of its own (`phone-check.mjs`, see `lib/bundling.ts`) and loaded by `phone.ts` at the first
 * contact phone only. Only this module may import the library with its complete metadata (`/max`).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** The number in E.164, or undefined when it is no valid number of any country (a national number is Finnish). */
export function e164(value: string): string | undefined {
  const parsed = parsePhoneNumberFromString(value, { defaultCountry: 'FI' });
  return parsed?.isValid() ? parsed.number : undefined;
}

/** What the library says of a number found in free text: see `phoneKind`. */
export type PhoneKind = 'mobile' | 'valid' | 'possible' | undefined;

/**
 * The library's verdict on a phone-number candidate in free text (redaction at intake, shared/text):
 * `mobile` a valid mobile number, `valid` another valid number, `possible` the right length for its
 * country; a national number is Finnish, `00` means `+`.
 */
export function phoneKind(value: string): PhoneKind {
  const parsed = parsePhoneNumberFromString(value.replace(/^00/, '+'), { defaultCountry: 'FI' });
  if (!parsed) return undefined;
  if (parsed.isValid()) {
    const type = parsed.getType();
    return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? 'mobile' : 'valid';
  }
  return parsed.isPossible() ? 'possible' : undefined;
}
