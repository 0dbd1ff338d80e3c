import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { type Issue, ValidationError } from '../platform/index.ts';
import * as z from '../platform/zod.ts';
import type { ContactInput } from './contracts.ts';
import { phoneMetadata } from './phone-metadata.ts';

/** Contact details as stored (encrypted) and as a handler reads them: absent fields are omitted. */
export interface Contact {
  name?: string;
  /** E.164, `+358401234567`. */
  phone?: string;
  email?: string;
}

/** Digits with an optional leading +, and the separators people write one number with. */
const PHONE_SHAPE = /^\+?[0-9(][0-9 ().-]*$/;
const emailSchema = z.email();

/**
 * A phone number in E.164, or undefined when it is not a valid number: an international `+` number
 * of any country, or a Finnish national one (`040 123 4567`, `09 1234 5678`). The whole field must be
 * one number, so that text around a number is not silently dropped.
 */
export function normalisePhone(raw: string): string | undefined {
  const value = raw.trim();
  if (!PHONE_SHAPE.test(value)) return undefined;
  const parsed = parsePhoneNumberFromString(value, { defaultCountry: 'FI' }, phoneMetadata());
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * Checks and normalises a contact request (phone to E.164, e-mail trimmed with its domain in lower
 * case, empty fields dropped); throws a ValidationError naming each bad field under `prefix`
 * (`contact.phone` for JSON; the form maps the paths to its own field names). The issue messages
 * never repeat the value: they end up in logs and error pages.
 */
export function validContact(input: ContactInput, prefix = 'contact'): Contact {
  const issues = contactIssues(input, prefix);
  if (issues.length) throw new ValidationError('The contact request is not valid.', issues);
  return normalisedContact(input);
}

/** The problems of a contact request, each naming its field under `prefix`; empty when it is valid. */
export function contactIssues(input: ContactInput, prefix = 'contact'): Issue[] {
  const issues: Issue[] = [];
  const phone = input.phone?.trim();
  const email = input.email?.trim();
  if (!phone && !email) issues.push({ path: `${prefix}.phone`, message: 'give a phone number or an e-mail address (or both)' });
  if (phone && normalisePhone(phone) === undefined)
    issues.push({ path: `${prefix}.phone`, message: 'is not a valid phone number (an international number with +, or a Finnish one)' });
  if (email && !emailSchema.safeParse(email).success) issues.push({ path: `${prefix}.email`, message: 'is not a valid e-mail address' });
  return issues;
}

function normalisedContact(input: ContactInput): Contact {
  const name = input.name?.trim();
  const phone = input.phone?.trim() ? normalisePhone(input.phone) : undefined;
  const email = input.email?.trim();
  return {
    ...(name ? { name } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email: lowerDomain(email) } : {}),
  };
}

/** The domain of an address is case-insensitive; its local part, strictly, is not. */
function lowerDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`;
}
