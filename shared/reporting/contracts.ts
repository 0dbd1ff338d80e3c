/**
 * Contracts of the reporting routes: the reporting API, the national export, the dashboard page and
 * the public results. Browser-safe (see `shared/platform/route-contract.ts`): the dashboard's script
 * imports them for the reports' types and to check a period before any request.
 */
import * as z from '../platform/zod.ts';
import {
  BEARER_REPLIES,
  csvReply,
  errorReply,
  errorSchema,
  gatewaySchema,
  htmlReply,
  jsonReply,
  LANGS,
  localizedTextSchema,
  SERVER_REPLIES,
  UNAVAILABLE_REPLIES,
  type ContractsOf,
} from '../platform/route-contract.ts';
import { BREAKDOWNS, SERIES_GRANULARITIES } from './api-contract.ts';
import { SENTIMENTS, themeIdSchema } from '../text/contracts.ts';
import type { reportingManifest } from './manifest.ts';

const isRealDate = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
};

const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'), z.refine(isRealDate, 'is not a real date'));
const node = z.string().check(z.minLength(1, 'must name an organisation node'), z.maxLength(64, 'is too long'));

/**
 * `node`, `from`, `to` (Helsinki days): whole closed months, `from` the first day of one and `to` the
 * last day of one; that, `from ≤ to` and the range's length are checked after it (query.ts).
 */
export const rangeQuerySchema = z.object({ node, from: date, to: date });
/** The range and the series granularity (months, the only one). */
export const npsQuerySchema = z.object({ node, from: date, to: date, granularity: z._default(z.enum(SERIES_GRANULARITIES), 'month') });
/** The range and the breakdown dimension. */
export const breakdownQuerySchema = z.object({ node, from: date, to: date, by: z.enum(BREAKDOWNS) });
/** The range and the language of the theme labels (fi by default). */
export const themesQuerySchema = /* @__PURE__ */ (() => z.object({ node, from: date, to: date, lang: z._default(z.enum(LANGS), 'fi') }))();

/** A month YYYY-MM. */
const month = z.string().check(
  z.regex(/^\d{4}-\d{2}$/, 'must be a month YYYY-MM'),
  z.refine((m) => isRealDate(`${m}-01`), 'is not a real month'),
);

/** The export's month. */
export const monthQuerySchema = z.object({ month });

/** The digest's node, closed month and language of the theme labels (fi by default). */
export const digestQuerySchema = /* @__PURE__ */ (() => z.object({ node, month, lang: z._default(z.enum(LANGS), 'fi') }))();

/** NPS figures of a cell, or only that it is hidden (a small group or its complement). */
const cell = /* @__PURE__ */ (() => ({
  figures: {
    /** Answers to the NPS question. */
    n: z.number(),
    promoters: z.number(),
    passives: z.number(),
    detractors: z.number(),
    nps: z.nullable(z.number()),
    ci95: z.nullable(z.tuple([z.number(), z.number()])),
  },
  hidden: { suppressed: z.literal(true) },
}))();

/** Either shape of a cell, with the fields that name it. */
function cellOf<S extends z.core.$ZodLooseShape>(named: S) {
  return z.union([z.strictObject({ ...named, ...cell.figures }), z.strictObject({ ...named, ...cell.hidden })]);
}

/** A cell of a report: its NPS figures over a period, or only that it is hidden. */
export const npsCellSchema = /* @__PURE__ */ (() => cellOf({ period: z.string() }))();

/** One statement's row: counts of 1–5 and "can't say", share agreeing and mean, or hidden. */
export const statementRowSchema = /* @__PURE__ */ (() =>
  z.union([
    z.strictObject({
      id: z.string(),
      text: z.nullable(localizedTextSchema()),
      values: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]),
      cantSay: z.number(),
      n: z.number(),
      shareAgreeing: z.nullable(z.number()),
      mean: z.nullable(z.number()),
    }),
    z.strictObject({ id: z.string(), text: z.nullable(localizedTextSchema()), ...cell.hidden }),
  ]))();

/** The node and Helsinki days a report covers. */
const range = /* @__PURE__ */ (() => ({ node: z.string(), from: z.string(), to: z.string() }))();

/** `GET /api/reports/nps`: the series by day, week or month and the exact total over from…to. */
export const npsReportSchema = /* @__PURE__ */ (() =>
  z.strictObject({ ...range, granularity: z.enum(SERIES_GRANULARITIES), series: z.array(npsCellSchema), total: npsCellSchema }))();
/** `GET /api/reports/statements`. */
export const statementsReportSchema = /* @__PURE__ */ (() => z.strictObject({ ...range, statements: z.array(statementRowSchema) }))();
/** `GET /api/reports/children`: the node's total and each child's. */
export const childrenReportSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...range,
    total: npsCellSchema,
    children: z.array(
      cellOf({
        node: z.string(),
        kind: z.enum(['region', 'serviceArea', 'service', 'unit']),
        name: localizedTextSchema(),
        period: z.string(),
      }),
    ),
  }))();
/** `GET /api/reports/breakdown`: the node's total and each channel's, role's or visit mode's. */
export const breakdownReportSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...range,
    by: z.enum(BREAKDOWNS),
    total: npsCellSchema,
    /** Answers to the NPS question in no shown group cell (null when the total is hidden). */
    hiddenN: z.nullable(z.number()),
    groups: z.array(cellOf({ group: z.string(), period: z.string() })),
  }))();

/** One theme's row: its comments by sentiment, or only that it is hidden. */
export const themeRowSchema = /* @__PURE__ */ (() =>
  z.union([
    z.strictObject({
      id: themeIdSchema,
      /** The theme's label in the asked language (`region.themes.labels`). */
      label: z.string(),
      /** Comments with this theme (a comment may have several themes). */
      n: z.number(),
      ...(Object.fromEntries(SENTIMENTS.map((s) => [s, z.number()])) as Record<(typeof SENTIMENTS)[number], z.ZodMiniNumber>),
    }),
    z.strictObject({ id: themeIdSchema, label: z.string(), ...cell.hidden }),
  ]))();

/** `GET /api/reports/themes`: comments by theme and sentiment; `total.n` counts comments with themes. */
export const themesReportSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...range,
    total: z.union([z.strictObject({ n: z.number() }), z.strictObject(cell.hidden)]),
    themes: z.array(themeRowSchema),
  }))();

/** One top theme of a digest: its comments this month and the month before, by sentiment, with examples. */
const digestThemeSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    id: themeIdSchema,
    label: z.string(),
    n: z.number(),
    /** Comments in the month before; null when that cell is hidden. */
    previous: z.nullable(z.number()),
    /** n − previous; null when previous is hidden. */
    change: z.nullable(z.number()),
    ...(Object.fromEntries(SENTIMENTS.map((s) => [s, z.number()])) as Record<(typeof SENTIMENTS)[number], z.ZodMiniNumber>),
    /** Up to three representative comments chosen by the code, person names masked. */
    comments: z.array(z.string()),
  }))();

/** `GET /api/reports/digest`: a node's month in themes; empty lists when the month is hidden. */
export const digestReportSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    node: z.string(),
    month: z.string(),
    previousMonth: z.string(),
    total: z.union([z.strictObject({ n: z.number() }), z.strictObject(cell.hidden)]),
    topThemes: z.array(digestThemeSchema),
    /** Themes with negative or mixed comments: n of those, and up to three of them, names masked. */
    developmentIdeas: z.array(z.strictObject({ id: themeIdSchema, label: z.string(), n: z.number(), comments: z.array(z.string()) })),
  }))();

/** The reporting feature's route contracts (built in a pure call: see platform/route-contract.ts). */
export const reportingContracts = /* @__PURE__ */ (() => {
  const forbidden = (why: string) =>
    jsonReply(
      `The token lacks the scope (API Gateway), or ${why} (handler).`,
      z.union([gatewaySchema('Forbidden'), errorSchema(['forbidden'])]),
    );
  const report = <Q extends z.ZodMiniObject, S extends z.ZodMiniType>(summary: string, query: Q, schema: S) => ({
    summary,
    request: { query },
    responses: {
      200: jsonReply('The report; cells with 1–4 answers (and their complements) are hidden.', schema),
      400: errorReply(
        'An invalid parameter, or a range that is not whole closed months (the issues name it as `query.<name>`).',
        'validation_failed',
      ),
      ...BEARER_REPLIES,
      403: forbidden('the node is outside the organisation nodes the token holds'),
      404: errorReply('An unknown organisation node.', 'not_found'),
      ...SERVER_REPLIES,
      ...UNAVAILABLE_REPLIES,
    },
  });
  const publicResults = {
    summary: 'Public results: NPS of the newest reported month (ended, and past the 30 days of late answers) per service area and unit',
    request: {},
    responses: {
      200: htmlReply('The page in its language; small groups hidden.', {
        'cache-control': { description: '`public, max-age=900`.' },
        'content-language': { description: 'fi, sv or en.' },
      }),
      ...SERVER_REPLIES,
      ...UNAVAILABLE_REPLIES,
    },
  };
  return {
    'GET /api/reports/nps': report('NPS series and total of an organisation node', npsQuerySchema, npsReportSchema),
    'GET /api/reports/statements': report('The national statements of an organisation node', rangeQuerySchema, statementsReportSchema),
    'GET /api/reports/children': report("An organisation node's total and each child's", rangeQuerySchema, childrenReportSchema),
    'GET /api/reports/themes': report('Comments of an organisation node by theme and sentiment', themesQuerySchema, themesReportSchema),
    'GET /api/reports/digest': {
      ...report(
        'The monthly digest of an organisation node: top themes, development ideas, example comments',
        digestQuerySchema,
        digestReportSchema,
      ),
      description:
        'A closed month: the top themes and their change on the month before, negative and mixed comments by theme, and up to three representative comments per theme chosen by the code (extractive), person names masked. Nothing is shown for a hidden cell.',
    },
    'GET /api/reports/breakdown': report(
      "An organisation node's total by channel, by role or by visit mode (individual, group, home, remote, unspecified)",
      breakdownQuerySchema,
      breakdownReportSchema,
    ),
    'GET /api/exports/monthly': {
      summary: 'The national monthly export (holders of the region node only)',
      description: 'UTF-8 with a byte-order mark, `;`-separated, CRLF, one row per unit; the columns are listed in the README.',
      request: { query: monthQuerySchema },
      responses: {
        200: csvReply('The CSV file.', {
          'content-disposition': { description: '`attachment; filename="palaute-<region>-<month>.csv"`.', required: true },
        }),
        400: errorReply('An invalid month, or one not yet closed.', 'validation_failed'),
        ...BEARER_REPLIES,
        403: forbidden('it does not hold the region node'),
        ...SERVER_REPLIES,
        ...UNAVAILABLE_REPLIES,
      },
    },
    'GET /admin': {
      summary: "The managers' dashboard page (no data: its script reads the reporting API with the signed-in token)",
      request: {
        query: z.object({
          lang: z.optional(z.string()),
          node: z.optional(z.string()),
          from: z.optional(z.string()),
          to: z.optional(z.string()),
        }),
      },
      responses: { 200: htmlReply('The page, under a Content-Security-Policy that allows only its own script.'), ...SERVER_REPLIES },
    },
    'GET /tulokset': publicResults,
    'GET /resultat': publicResults,
    'GET /results': publicResults,
  } satisfies ContractsOf<typeof reportingManifest>;
})();
