/**
 * The contact request's shape, shared by every intake (`POST /api/feedback`, staff entry, the forms).
 * Browser-safe (see `shared/platform/route-contract.ts`): it imports only zod. The phone number is
 * checked against the phone library's metadata on the server (`contact.ts`), not here, because that
 * metadata is far too large for a schema every client bundles.
 */
import type { ContractsOf } from '../platform/route-contract.ts';
import * as z from '../platform/zod.ts';
import type { contactsManifest } from './manifest.ts';

/** Longest value of each contact field, in characters. */
export const MAX_CONTACT_FIELD = 200;

const field = () => z.optional(z.string().check(z.maxLength(MAX_CONTACT_FIELD, `must be at most ${MAX_CONTACT_FIELD} characters`)));

/**
 * `"contact": { "name"?, "phone"?, "email"?, "consent": true }`: a person asking to be contacted about
 * their feedback. `consent` must be `true` (the consent sentence of the forms); unknown fields are
 * refused like everywhere in the API. That at least one of phone and e-mail is given, and that each is
 * a real number or address, is checked by `validContact`, which names the field.
 */
export const contactInputSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    name: field(),
    phone: field(),
    email: field(),
    consent: z.literal(true, 'must be true: the person agrees to be contacted about this feedback'),
  }))();

/** A contact request as sent, structurally valid. */
export type ContactInput = z.infer<typeof contactInputSchema>;

/** The contacts feature serves no route of its own: contact requests come in with an answer. */
export const contactsContracts = {} as const satisfies ContractsOf<typeof contactsManifest>;
