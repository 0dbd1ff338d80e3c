/**
 * Request size limits, in a module of their own with no imports: the handlers' HTTP plumbing and the
 * browser-safe route contracts both read them, and neither may drag the other's dependencies along.
 */

/** Largest request body accepted, in bytes (API Gateway itself allows 10 MB). */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Largest HTML form post: forms are URL-encoded, so 4,000 characters of Finnish text (ä = %C3%A4) or
 * emoji take up to 12 bytes each; the text limit is the same as the JSON API's.
 */
export const MAX_FORM_BYTES = 64 * 1024;
