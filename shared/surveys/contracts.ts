/** Contracts of the public read API: the units and the survey in force. Browser-safe (see `shared/platform/route-contract.ts`). */
import * as z from '../platform/zod.ts';
import {
  errorReply,
  htmlReply,
  jsonReply,
  LANGS,
  localizedTextSchema,
  SERVER_REPLIES,
  type ContractsOf,
} from '../platform/route-contract.ts';
import type { surveysManifest } from './manifest.ts';

/** A unit as the public API lists it. */
export const unitSummarySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string(),
    name: localizedTextSchema(),
    serviceId: z.string(),
    serviceAreaId: z.string(),
    surveyId: z.string(),
  }))();

/** A survey version in one language, as `GET /api/surveys/{surveyId}` returns it. */
export const localizedSurveySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string(),
    version: z.number(),
    lang: z.enum(LANGS),
    name: z.string(),
    audience: z.enum(['adult', 'child', 'relative', 'easy-read']),
    /** `faces`: show the statements' scale as faces, each with its words (the children's survey). */
    scale: z.optional(z.literal('faces')),
    /** Easy-read texts: true when these are they, false when `?easy=1` would give them, absent when none exist in this language. */
    easyRead: z.optional(z.boolean()),
    /** The easy-read introduction, when shown in easy-read. */
    intro: z.optional(z.string()),
    questions: z.array(
      z.discriminatedUnion('type', [
        z.strictObject({
          id: z.literal('nps'),
          type: z.literal('nps'),
          text: z.string(),
          min: z.literal(0),
          max: z.literal(10),
          minLabel: z.string(),
          maxLabel: z.string(),
        }),
        z.strictObject({
          id: z.string(),
          type: z.literal('statement'),
          text: z.string(),
          origin: z.enum(['national', 'region', 'unit']),
          options: z.array(z.strictObject({ value: z.literal([1, 2, 3, 4, 5, 'cant_say']), label: z.string() })),
        }),
        z.strictObject({
          id: z.literal('text'),
          type: z.literal('text'),
          text: z.string(),
          hint: z.optional(z.string()),
          maxLength: z.number(),
        }),
        z.strictObject({
          id: z.literal('role'),
          type: z.literal('role'),
          text: z.string(),
          options: z.array(z.strictObject({ value: z.enum(['client', 'relative']), label: z.string() })),
        }),
      ]),
    ),
  }))();

/** `GET /api/surveys/{surveyId}` query: the language, and `easy=1` for the easy-read texts. */
export const surveyQuerySchema = /* @__PURE__ */ (() =>
  z.object({
    lang: z.optional(z.enum(LANGS, { error: `must be one of ${LANGS.join(', ')}` })),
    easy: z.optional(
      z
        .literal('1', { error: 'must be 1' })
        .check(z.describe('1: the easy-read texts where the version has them in `lang` (`easyRead: true`).')),
    ),
  }))();

/** The surveys feature's route contracts (built in a pure call: see platform/route-contract.ts). */
export const surveysContracts = /* @__PURE__ */ (() => {
  const cacheable = { 'cache-control': { description: '`public, max-age=300`: config changes only with a deploy.' } };
  return {
    'GET /': {
      summary: "The front door: every unit's form, the public results and the dashboard, in fi, sv or en",
      request: {
        query: z.object({
          lang: z.optional(z.string().check(z.describe("fi, sv or en; else the browser's Accept-Language, else Finnish."))),
        }),
        headers: z.object({
          'accept-language': z.optional(z.string().check(z.describe('Picks fi, sv or en when the query names no language.'))),
        }),
      },
      responses: {
        200: htmlReply('The page.', {
          ...cacheable,
          vary: { description: '`accept-language`.' },
          'content-language': { description: 'The language of the page.', required: true },
        }),
        ...SERVER_REPLIES,
      },
    },
    'GET /api/units': {
      summary: 'Every unit feedback can be given to',
      request: {},
      responses: {
        200: jsonReply('The units in config order.', z.strictObject({ units: z.array(unitSummarySchema) }), cacheable),
        ...SERVER_REPLIES,
      },
    },
    'GET /api/surveys/{surveyId}': {
      summary: 'The survey version in force today, in one language',
      request: {
        params: z.strictObject({ surveyId: z.string() }),
        query: surveyQuerySchema,
      },
      responses: {
        200: jsonReply('The survey (Finnish without `lang`).', localizedSurveySchema, {
          ...cacheable,
          'content-language': { description: 'The language of the texts.', required: true },
        }),
        400: errorReply('An unknown language, or `easy` other than 1.', 'validation_failed'),
        404: errorReply('An unknown survey.', 'not_found'),
        ...SERVER_REPLIES,
      },
    },
  } satisfies ContractsOf<typeof surveysManifest>;
})();
