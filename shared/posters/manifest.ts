/**
 * QR posters: a printable A4 poster per unit with its names in fi/sv/en and a QR code to its form
 * (`?ch=qr`), as one PDF for any org node (a page per unit under it) or one unit's SVG. Config-only:
 * no table, no secret; the answers change only with a deploy, so CloudFront caches them (lib/edge.ts).
 */
import type { ManifestFragment } from '../platform/index.ts';

/**
 * The route: one path parameter that is the whole last segment (`keskusta-ta.pdf`), parsed by the
 * handler into node and format. API Gateway's path variables span whole segments, so
 * `/posters/{nodeId}.pdf` cannot be a route of its own; the addresses people use are the same.
 */
export const POSTER_PATH = '/posters/{poster}';

/** The CloudFront path pattern of the posters, cached at the edge (lib/edge.ts). */
export const POSTER_EDGE_PATTERN = '/posters/*';

/** How long browsers and CloudFront keep a poster: it changes only when the org tree's config is deployed. */
export const POSTER_MAX_AGE_SECONDS = 86_400;

const POSTERS_PUBLIC =
  'A poster is printed and put up where anyone may read it: it holds only the unit names of the region config and the public address of the form, no answers and nothing personal.';

/** The posters feature's manifest fragment: one config-only function behind one public route. */
export const postersManifest = /* @__PURE__ */ (() =>
  ({
    tables: {},
    functions: {
      posters: {
        entry: 'functions/posters/posters.ts',
        description: 'Printable QR posters: an A4 PDF page per unit under an org node, or one unit as SVG',
        // More memory is more CPU on Lambda: a region's PDF (a page per unit) renders in one request, at
        // about 15 ms a page warm here; a county of several hundred units needs seconds, so the timeout
        // is API Gateway's limit (30 s) less a second, not the 10 s of the JSON routes.
        memoryMb: 512,
        timeoutSeconds: 29,
        tables: {},
        needsPublicUrl: true,
      },
    },
    routes: [{ method: 'GET', path: POSTER_PATH, function: 'posters', public: POSTERS_PUBLIC }],
    queues: {},
    schedules: {},
    secrets: {},
    scopes: [],
  }) as const satisfies ManifestFragment)();
