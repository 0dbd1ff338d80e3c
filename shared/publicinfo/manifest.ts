/**
 * Public information: the privacy notice and the accessibility statement of the whole service, in
 * fi, sv and en, with their texts from the region config. Every public page of every feature links
 * them in its footer, so they are a feature of their own rather than part of one page's feature.
 */
import type { ManifestFragment } from '../platform/index.ts';

/** The documents this feature serves. */
export const INFO_DOCUMENTS = ['privacy', 'accessibility'] as const;
/** A public document: the privacy notice or the accessibility statement. */
export type InfoDocument = (typeof INFO_DOCUMENTS)[number];

/** Each document's path in each language; the language versions link each other. */
export const INFO_PATHS = {
  privacy: { fi: '/tietosuoja', sv: '/dataskydd', en: '/privacy' },
  accessibility: { fi: '/saavutettavuus', sv: '/tillganglighet', en: '/accessibility' },
} as const;

const INFO_PAGES =
  'It is the privacy notice or the accessibility statement, which the law requires to be open to everyone and which every public page links; it returns only texts of the config.';

/**
 * The public information feature's manifest fragment: one config-only function, six pages. Built in a
 * call annotated `@__PURE__`, because its routes read `INFO_PATHS`, and a property read is a possible
 * side effect to esbuild: as a plain literal the fragment stayed in every function that links the
 * documents (1 KB in smsSurvey, formPage, …), though only the manifest reads it.
 */
export const publicInfoManifest = /* @__PURE__ */ (() =>
  ({
    tables: {},
    functions: {
      publicInfo: {
        entry: 'functions/publicinfo/public-info.ts',
        description: 'Serves the privacy notice and the accessibility statement in fi, sv and en',
        memoryMb: 256,
        timeoutSeconds: 5,
        tables: {},
      },
    },
    routes: [
      { method: 'GET', path: INFO_PATHS.privacy.fi, function: 'publicInfo', public: INFO_PAGES },
      { method: 'GET', path: INFO_PATHS.privacy.sv, function: 'publicInfo', public: INFO_PAGES },
      { method: 'GET', path: INFO_PATHS.privacy.en, function: 'publicInfo', public: INFO_PAGES },
      { method: 'GET', path: INFO_PATHS.accessibility.fi, function: 'publicInfo', public: INFO_PAGES },
      { method: 'GET', path: INFO_PATHS.accessibility.sv, function: 'publicInfo', public: INFO_PAGES },
      { method: 'GET', path: INFO_PATHS.accessibility.en, function: 'publicInfo', public: INFO_PAGES },
    ],
    queues: {},
    schedules: {},
    secrets: {},
    scopes: [],
  }) as const satisfies ManifestFragment)();
