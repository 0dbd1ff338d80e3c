import { type Issue, ValidationError } from '../platform/index.ts';
import * as z from '../platform/zod.ts';
import type { ContactInput } from './contracts.ts';
import { normalisePhone } from './phone.ts';

/** Contact details as stored (encrypted) and as a handler reads them: absent fields are omitted. */
export interface Contact {
  name?: string;
  /** E.164, `+358401234567`. */
  phone?: string;
  email?: string;
}

const emailSchema = z.email();

/**
 * Checks and normalises a contact request (phone to E.164, e-mail trimmed with its domain in lower
 * case, empty fields dropped); throws a ValidationError naming each bad field under `prefix`
 * (`contact.phone` for JSON; the form maps the paths to its own field names). The issue messages
 * never repeat the value: they end up in logs and error pages.
 */
export async function validContact(input: ContactInput, prefix = 'contact'): Promise<Contact> {
  const issues = await contactIssues(input, prefix);
  if (issues.length) throw new ValidationError('The contact request is not valid.', issues);
  return normalisedContact(input);
}

/** The problems of a contact request, each naming its field under `prefix`; empty when it is valid. */
export async function contactIssues(input: ContactInput, prefix = 'contact'): Promise<Issue[]> {
  const issues: Issue[] = [];
  const phone = input.phone?.trim();
  const email = input.email?.trim();
  // Neither field is wrong on its own, so the request as a whole is named.
  if (!phone && !email) issues.push({ path: prefix, message: 'give a phone number or an e-mail address (or both)' });
  if (phone && (await normalisePhone(phone)) === undefined)
    issues.push({ path: `${prefix}.phone`, message: 'is not a valid phone number (an international number with +, or a Finnish one)' });
  if (email && !emailSchema.safeParse(email).success) issues.push({ path: `${prefix}.email`, message: 'is not a valid e-mail address' });
  return issues;
}

async function normalisedContact(input: ContactInput): Promise<Contact> {
  const name = input.name?.trim();
  const phone = input.phone?.trim() ? await normalisePhone(input.phone) : undefined;
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
