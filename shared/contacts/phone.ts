import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PHONE_CHECK_FILE } from './manifest.ts';

type PhoneCheck = typeof import('./phone-check.ts');
let check: Promise<PhoneCheck> | undefined;

/**
 * The phone check, loaded at first use: beside a bundle the sidecar module, run from source (the
 * local stack, tests) the TypeScript module. A specifier computed at run time, so esbuild leaves the
 * import alone instead of bundling the library into every submit function.
 */
function phoneCheck(): Promise<PhoneCheck> {
  check ??= import(moduleUrl()) as Promise<PhoneCheck>;
  return check;
}

function moduleUrl(): string {
  const beside = new URL(PHONE_CHECK_FILE, import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside.href : new URL('./phone-check.ts', import.meta.url).href;
}

/** Digits with an optional leading +, and the separators people write one number with. */
const PHONE_SHAPE = /^\+?[0-9(][0-9 ().-]*$/;

/**
 * A phone number in E.164, or undefined when it is not a valid number: an international `+` number
 * of any country, or a Finnish national one (`040 123 4567`, `09 1234 5678`). The whole field must be
 * one number, so that text around a number is not silently dropped.
 */
export async function normalisePhone(raw: string): Promise<string | undefined> {
  const value = raw.trim();
  if (!PHONE_SHAPE.test(value)) return undefined;
  return (await phoneCheck()).e164(value);
}

/**
 * The phone library's verdict on number candidates in free text, for redaction at intake: the same
 * sidecar as the contact check, loaded at the first comment with a run of digits only.
 */
export async function loadPhoneKind(): Promise<PhoneCheck['phoneKind']> {
  return (await phoneCheck()).phoneKind;
}
