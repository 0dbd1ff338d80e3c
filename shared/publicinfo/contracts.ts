/** Contracts of the public information pages: plain HTML in one language each, no input. */
import { htmlReply, SERVER_REPLIES, type ContractsOf } from '../platform/route-contract.ts';
import type { publicInfoManifest } from './manifest.ts';

/** The public information routes' contracts (built in a pure call: see platform/route-contract.ts). */
export const publicInfoContracts = /* @__PURE__ */ (() => {
  const page = (summary: string) => ({
    summary,
    request: {},
    responses: {
      200: htmlReply('The page in its language, with links to its other language versions.', {
        'cache-control': { description: '`public, max-age=3600`: the text changes only with a deploy.' },
        'content-language': { description: 'fi, sv or en.' },
      }),
      ...SERVER_REPLIES,
    },
  });
  return {
    'GET /tietosuoja': page('The privacy notice (Finnish)'),
    'GET /dataskydd': page('The privacy notice (Swedish)'),
    'GET /privacy': page('The privacy notice (English)'),
    'GET /saavutettavuus': page('The accessibility statement (Finnish)'),
    'GET /tillganglighet': page('The accessibility statement (Swedish)'),
    'GET /accessibility': page('The accessibility statement (English)'),
  } satisfies ContractsOf<typeof publicInfoManifest>;
})();
