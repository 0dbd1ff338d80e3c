/**
 * Contracts of the cases routes: a node's queue, one case, its contact details and the change of a
 * case. Browser-safe (see `shared/platform/route-contract.ts`): the workbench's script imports them
 * for the types and to check a change before sending it.
 */
import * as z from '../platform/zod.ts';
import {
  BEARER_REPLIES,
  errorReply,
  errorSchema,
  gatewaySchema,
  htmlReply,
  jsonReply,
  LANGS,
  MAX_BODY_BYTES,
  SERVER_REPLIES,
  UNAVAILABLE_REPLIES,
  type ContractsOf,
} from '../platform/route-contract.ts';
import type { casesManifest } from './manifest.ts';
import { CASE_PAGE, CASE_STATUSES, HISTORY_ACTIONS, LABEL_SOURCES, MAX_ASSIGNEE_CHARS, MAX_NOTE_CHARS } from './model.ts';
import { sentimentSchema, themeIdSchema, themeListSchema } from '../text/contracts.ts';

export { SENTIMENTS, THEME_IDS, type Sentiment, type ThemeId } from '../text/contracts.ts';

const isRealDate = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
};
const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'), z.refine(isRealDate, 'is not a real date'));
const flag = z.optional(z.enum(['true', 'false']));

/**
 * `GET /api/cases` query: the node (any level; its units' cases are listed), filters, and paging.
 * `from`/`to` are Helsinki days of `createdAt`, both inclusive; `cursor` is the `next` of the
 * previous page, opaque.
 */
export const caseListQuerySchema = /* @__PURE__ */ (() =>
  z.object({
    node: z.string().check(z.minLength(1, 'must name an organisation node'), z.maxLength(64, 'is too long')),
    status: z.optional(z.enum(CASE_STATUSES)),
    overdue: flag,
    contactRequested: flag,
    escalated: flag,
    theme: z.optional(themeIdSchema),
    sentiment: z.optional(sentimentSchema),
    from: z.optional(date),
    to: z.optional(date),
    limit: z.optional(
      z.string().check(
        z.regex(/^\d{1,3}$/, `must be a whole number from 1 to ${CASE_PAGE.max}`),
        z.refine((s) => Number(s) >= 1 && Number(s) <= CASE_PAGE.max, `must be a whole number from 1 to ${CASE_PAGE.max}`),
      ),
    ),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024, 'is not a cursor of this API'))),
  }))();

/** A case as the queue lists it. `text` is the stored comment; `nps` null when not answered. */
export const caseSummarySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string(),
    feedbackId: z.string(),
    unitId: z.string(),
    status: z.enum(CASE_STATUSES),
    contactRequested: z.boolean(),
    /** When the case was opened: when its answer arrived. */
    createdAt: z.string(),
    /** The end of the due day (Helsinki), as a UTC instant. */
    dueAt: z.string(),
    /** Open and past `dueAt`. */
    overdue: z.boolean(),
    escalated: z.boolean(),
    assignee: z.nullable(z.string()),
    nps: z.nullable(z.number()),
    text: z.nullable(z.string()),
    /** Person names in `text` as `[start, end)` offsets: shown to the handlers, marked by the workbench. */
    textNames: z.array(z.strictObject({ start: z.number(), end: z.number() })),
    /** The comment's themes (ids of `region.themes`); empty without a comment. */
    themes: z.array(themeIdSchema),
    sentiment: z.nullable(sentimentSchema),
    /** Who set the labels: the offline classifier, the remote model, or a handler's correction. */
    labelledBy: z.nullable(z.enum(LABEL_SOURCES)),
    lang: z.enum(LANGS),
    channel: z.string(),
    /** The number `If-Match` names to change the case. */
    version: z.number(),
  }))();

/** A note on a case; its author is the token's subject. */
export const caseNoteSchema = /* @__PURE__ */ (() => z.strictObject({ at: z.string(), author: z.string(), text: z.string() }))();

/**
 * One entry of a case's history: when, who (`system` for the jobs) and what, with the details the
 * action has — the status `from`/`to`, the new `assignee`, the `days` before due of a reminder.
 */
export const caseHistoryEntrySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    at: z.string(),
    actor: z.string(),
    action: z.enum(HISTORY_ACTIONS),
    from: z.optional(z.enum(CASE_STATUSES)),
    to: z.optional(z.enum(CASE_STATUSES)),
    assignee: z.optional(z.nullable(z.string())),
    days: z.optional(z.number()),
    themesFrom: z.optional(z.array(themeIdSchema)),
    themesTo: z.optional(z.array(themeIdSchema)),
    sentimentFrom: z.optional(z.nullable(sentimentSchema)),
    sentimentTo: z.optional(sentimentSchema),
  }))();

/** `GET /api/cases/{id}` and `PATCH`: the case with its notes and history; never the contact data. */
export const caseDetailSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...caseSummarySchema.def.shape,
    /** The taxonomy version of the labels (`region.themes.taxonomyVersion` when they were given). */
    taxonomyVersion: z.nullable(z.number()),
    /** The machine's labels once a handler corrected them (the pair is labelled data); else null. */
    machineLabels: z.nullable(
      z.strictObject({ themes: z.array(themeIdSchema), sentiment: sentimentSchema, by: z.enum(['offline', 'bedrock']) }),
    ),
    notes: z.array(caseNoteSchema),
    history: z.array(caseHistoryEntrySchema),
  }))();

/** `GET /api/cases` answer: newest first; `next` is the cursor of the next page, null on the last. */
export const caseListSchema = /* @__PURE__ */ (() => z.strictObject({ cases: z.array(caseSummarySchema), next: z.nullable(z.string()) }))();

/** `GET /api/cases/corrections` query: the node, and the Helsinki days of the corrections (both optional). */
export const correctionsQuerySchema = /* @__PURE__ */ (() =>
  z.object({
    node: z.string().check(z.minLength(1, 'must name an organisation node'), z.maxLength(64, 'is too long')),
    from: z.optional(date),
    to: z.optional(date),
  }))();

/** `GET /api/cases/corrections`: the handlers' corrections as labelled data, oldest first. */
export const correctionsSchema = /* @__PURE__ */ (() => {
  const labels = { themes: z.array(themeIdSchema), sentiment: sentimentSchema };
  return z.strictObject({
    corrections: z.array(
      z.strictObject({
        caseId: z.string(),
        unitId: z.string(),
        lang: z.enum(LANGS),
        taxonomyVersion: z.nullable(z.number()),
        /** The comment with person names masked. */
        text: z.string(),
        /** The machine's labels before the first correction. */
        machine: z.strictObject({ ...labels, by: z.enum(['offline', 'bedrock']) }),
        /** The labels the handlers settled on. */
        corrected: z.strictObject(labels),
        correctedAt: z.string(),
      }),
    ),
  });
})();

/** `GET /api/cases/{id}/contact`: what the person gave; absent fields omitted. */
export const caseContactSchema = /* @__PURE__ */ (() =>
  z.strictObject({ name: z.optional(z.string()), phone: z.optional(z.string()), email: z.optional(z.string()) }))();

/**
 * `PATCH /api/cases/{id}` body: any of `status`, `assignee` (null to unassign), `note`; at least one.
 * Unknown fields are refused by name.
 */
export const casePatchSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      status: z.optional(z.enum(CASE_STATUSES)),
      assignee: z.optional(
        z.nullable(z.string().check(z.trim(), z.minLength(1, 'must not be empty (null unassigns)'), z.maxLength(MAX_ASSIGNEE_CHARS))),
      ),
      note: z.optional(z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(MAX_NOTE_CHARS))),
      /** The corrected themes (ids of the taxonomy), replacing the case's. */
      themes: z.optional(themeListSchema),
      /** The corrected sentiment. */
      sentiment: z.optional(sentimentSchema),
    })
    .check(
      z.refine(
        (b) =>
          b.status !== undefined || b.assignee !== undefined || b.note !== undefined || b.themes !== undefined || b.sentiment !== undefined,
        { message: 'give at least one of status, assignee, note, themes, sentiment' },
      ),
    ))();

/** `If-Match`: the case's `version`, bare (`3`) or quoted (`"3"`, also weak `W/"3"`). */
export const IF_MATCH_PATTERN = /^\s*(?:W\/)?("?)(\d{1,15})\1\s*$/;

/** The version an `If-Match` header names, or undefined when it names none. */
export function versionOfIfMatch(header: string): number | undefined {
  const m = IF_MATCH_PATTERN.exec(header);
  return m ? Number(m[2]) : undefined;
}

/** The cases feature's route contracts (built in a pure call: see platform/route-contract.ts). */
export const casesContracts = /* @__PURE__ */ (() => {
  const idParams = z.strictObject({ id: z.string().check(z.describe('The case id (the answer id).')) });
  const forbidden = jsonReply(
    "The token lacks the route's scope (API Gateway), or the case's unit is outside the organisation nodes the token holds (handler).",
    z.union([gatewaySchema('Forbidden'), errorSchema(['forbidden'])]),
  );
  const unknownCase = errorReply('No case with this id.', 'not_found');
  return {
    'GET /api/cases': {
      summary: "A node's case queue, newest first",
      description:
        "Every case of the units under the node (unit, service, service area or the region). Filters combine: status, overdue=true, contactRequested=true, escalated=true, theme (a theme id), sentiment, from/to (Helsinki days of createdAt, inclusive). limit 1–100 (default 50); cursor is the previous page's next.",
      request: { query: caseListQuerySchema },
      responses: {
        200: jsonReply('One page of the queue.', caseListSchema),
        400: errorReply('An invalid parameter or cursor (the issues name it as `query.<name>`).', 'validation_failed'),
        ...BEARER_REPLIES,
        403: forbidden,
        404: errorReply('An unknown organisation node.', 'not_found'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /api/cases/corrections': {
      summary: "The handlers' corrections of themes and sentiment, as labelled data",
      description:
        "Cases of the node's units whose labels a handler corrected in from/to (Helsinki days, optional), oldest first: the comment with names masked, the machine's labels and the handler's.",
      request: { query: correctionsQuerySchema },
      responses: {
        200: jsonReply('The corrections.', correctionsSchema),
        400: errorReply('An invalid parameter (the issues name it as `query.<name>`).', 'validation_failed'),
        ...BEARER_REPLIES,
        403: forbidden,
        404: errorReply('An unknown organisation node.', 'not_found'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /api/cases/{id}': {
      summary: 'One case with its notes and history',
      request: { params: idParams },
      responses: {
        200: jsonReply('The case; never the contact data.', caseDetailSchema, {
          etag: { description: "The case's version, quoted: send it back as If-Match.", required: true },
        }),
        ...BEARER_REPLIES,
        403: forbidden,
        404: unknownCase,
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /api/cases/{id}/contact': {
      summary: 'The contact details of a contact request (audited)',
      description: 'Needs contacts:read. Each read is recorded in the case history as contact_viewed with the reader.',
      request: { params: idParams },
      responses: {
        200: jsonReply('The contact details; absent fields omitted.', caseContactSchema),
        ...BEARER_REPLIES,
        403: forbidden,
        404: errorReply('No case with this id, or the case has no contact request.', 'not_found'),
        410: errorReply('The contact details were deleted after the retention period.', 'contact_deleted'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'PATCH /api/cases/{id}': {
      summary: 'Change a case: status, assignee, a note, corrected themes and sentiment',
      description:
        'If-Match names the version the change is based on (bare or quoted). Every change lands in the history (a correction of themes or sentiment as labels_corrected with before and after; the machine labels are kept as machineLabels); the answer is the case at version + 1. Closing a contact case that was never contacted needs a note in the same request.',
      request: {
        params: idParams,
        headers: z.object({ 'if-match': z.optional(z.string().check(z.describe('The case version, e.g. 3 or "3".'))) }),
        body: { type: 'application/json' as const, schema: casePatchSchema, maxBytes: MAX_BODY_BYTES },
      },
      responses: {
        200: jsonReply('The changed case.', caseDetailSchema, {
          etag: { description: 'The new version, quoted.', required: true },
        }),
        400: errorReply(
          'Malformed JSON, a forbidden field name or character, an invalid field, a malformed If-Match, or closing an uncontacted contact case without a note.',
          'invalid_json',
          'body_too_large',
          'invalid_body',
          'validation_failed',
        ),
        ...BEARER_REPLIES,
        403: forbidden,
        404: unknownCase,
        409: errorReply(
          'The case changed since that version (conflict), or the status cannot go there (invalid_transition).',
          'conflict',
          'invalid_transition',
        ),
        415: errorReply('The body is not application/json.', 'unsupported_media_type'),
        428: errorReply('If-Match is missing.', 'precondition_required'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /admin/cases': {
      summary:
        "The case handlers' workbench page (no data: its script reads and changes cases through the cases API with the signed-in token)",
      request: {
        query: z.object({
          lang: z.optional(z.string()),
          node: z.optional(z.string()),
          status: z.optional(z.string()),
          overdue: z.optional(z.string()),
          contactRequested: z.optional(z.string()),
          escalated: z.optional(z.string()),
          theme: z.optional(z.string()),
          sentiment: z.optional(z.string()),
          from: z.optional(z.string()),
          to: z.optional(z.string()),
          case: z.optional(z.string()),
        }),
      },
      responses: { 200: htmlReply('The page, under a Content-Security-Policy that allows only its own script.'), ...SERVER_REPLIES },
    },
  } satisfies ContractsOf<typeof casesManifest>;
})();
