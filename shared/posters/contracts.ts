/** Contracts of the poster route: a PDF or an SVG file by the last path segment, or a JSON error naming it. */
import * as z from '../platform/zod.ts';
import { errorReply, SERVER_REPLIES, type ContractsOf } from '../platform/route-contract.ts';
import type { postersManifest } from './manifest.ts';

/** The formats a poster comes in: a PDF for any org node (a page per unit), an SVG for one unit. */
export const POSTER_FORMATS = ['pdf', 'svg'] as const;
/** A poster's file format. */
export type PosterFormat = (typeof POSTER_FORMATS)[number];

/** `keskusta-ta.pdf`: an org node id (the config's id pattern) and the format; parsed into its two parts. */
export const POSTER_FILE_PATTERN = /^([a-z0-9][a-z0-9-]{0,62})\.(pdf|svg)$/;

/** The poster routes' contracts (built in a pure call: see platform/route-contract.ts). */
export const postersContracts = /* @__PURE__ */ (() => {
  const cached = {
    'cache-control': {
      description: '`public, max-age=86400`: a poster changes only when the org tree config is deployed.',
      required: true,
    },
    'content-disposition': { description: '`inline; filename="palaute-<node>.<pdf|svg>"`: the name a browser saves it under.' },
  };
  return {
    'GET /posters/{poster}': {
      summary: 'A printable QR poster: `<nodeId>.pdf` (an A4 page per unit under the node) or `<unitId>.svg`',
      description:
        'Each poster shows the unit\'s name in Finnish, Swedish and English, "Anna palautetta · Ge respons · Give feedback", a QR code (error correction level Q) to `<public address>/f/<unitId>?ch=qr` and that address, short, under it. A unit\'s id gives a one-page PDF.',
      request: {
        params: z.strictObject({
          poster: z
            .string()
            .check(
              z.regex(POSTER_FILE_PATTERN, 'must be <nodeId>.pdf or <unitId>.svg, e.g. keskusta-ta.pdf'),
              z.describe('`<nodeId>.pdf` (any org node: region, service area, service or unit) or `<unitId>.svg` (a unit).'),
            ),
        }),
      },
      responses: {
        200: {
          description: 'The poster file: a PDF with one A4 page per unit, or one unit as an A4 SVG.',
          content: {
            'application/pdf': z.file().check(z.mime(['application/pdf'])),
            'image/svg+xml': z.string(),
          },
          headers: cached,
        },
        400: errorReply('The last path segment is not `<nodeId>.pdf` or `<unitId>.svg` (issue path `path.poster`).', 'validation_failed'),
        404: errorReply(
          'No org node has this id, the node has no units, or an SVG was asked for a node that is not a unit (the message says which).',
          'not_found',
        ),
        ...SERVER_REPLIES,
      },
    },
  } satisfies ContractsOf<typeof postersManifest>;
})();
