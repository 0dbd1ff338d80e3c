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
