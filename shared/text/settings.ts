/**
 * The text feature's part of the region config (`region.themes`): the versioned theme taxonomy with
 * its fi/sv/en labels, and the classifier switch. The ids are fixed in code (taxonomy.ts); the config
 * must label every one of them and no other, so a typo or a theme left out stops `npm start` and
 * `npm run synth` with the field named instead of showing a raw id on a dashboard.
 */
import { type Lang, type LocalizedText, type OrgTree, regionSection, regionSettings } from '../platform/index.ts';
import * as z from '../platform/zod.ts';
import { THEME_IDS, type ThemeId } from './taxonomy.ts';

/**
 * The Bedrock inference profiles (or models) a deployment may name: EU cross-region inference
 * profiles only (`eu.` prefix), so the masked text stays inside EU regions whichever region serves it.
 */
export const BEDROCK_MODEL_PATTERN = /^eu\.[a-z0-9-]+\.[A-Za-z0-9.:_-]{1,100}$/;

/**
 * `region.themes.classifier`: `offline` (the default: the classifier inside the function) or
 * `bedrock` (an EU cross-region inference profile, called by the case opener only, masked text only,
 * the offline result standing on any error or after `timeoutMs`). A function, called by the section's
 * builder, so that it is built at the first parse and never in a Lambda bundle.
 */
const classifierSchema = () =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('offline') }),
    z.strictObject({
      kind: z.literal('bedrock'),
      modelId: z
        .string()
        .check(
          z.regex(BEDROCK_MODEL_PATTERN, 'must be an EU cross-region inference profile id, e.g. eu.anthropic.claude-3-haiku-20240307-v1:0'),
        ),
      /** The AWS region the profile is called in (an EU one). */
      region: z.string().check(z.regex(/^eu-[a-z]+-\d$/, 'must be an EU AWS region, e.g. eu-north-1')),
      timeoutMs: z.optional(z.number().check(z.int(), z.gte(200, 'must be at least 200'), z.lte(20_000, 'must be at most 20000'))),
    }),
  ]);

/**
 * `region.themes`: `taxonomyVersion` (a positive whole number, raised whenever a theme's meaning
 * changes, and stored with every case's labels), `labels` (every theme id with its fi/sv/en label,
 * exactly the ids of THEME_IDS) and the optional `classifier` switch.
 */
export const themeSettings = regionSection(() => {
  const label = z.strictObject({
    fi: z.string().check(z.minLength(1), z.maxLength(60)),
    sv: z.string().check(z.minLength(1), z.maxLength(60)),
    en: z.string().check(z.minLength(1), z.maxLength(60)),
  });
  return {
    region: {
      themes: z.strictObject({
        taxonomyVersion: z.number().check(z.int('must be a whole number'), z.gte(1, 'must be at least 1')),
        labels: z.strictObject(Object.fromEntries(THEME_IDS.map((id) => [id, label])) as Record<ThemeId, typeof label>),
        classifier: z.optional(classifierSchema()),
      }),
    },
    node: {},
  };
});

/** The classifier switch, as validated. */
export type ClassifierSettings = z.infer<ReturnType<typeof classifierSchema>>;

/** The region's theme taxonomy: its version and every theme's labels. */
export interface Taxonomy {
  version: number;
  labels: Readonly<Record<ThemeId, LocalizedText>>;
}

/** The region's theme taxonomy. */
export function taxonomyOf(org: OrgTree): Taxonomy {
  const t = regionSettings(org, themeSettings).themes;
  return { version: t.taxonomyVersion, labels: t.labels };
}

/** The region's classifier switch: offline unless the config turns Bedrock on. */
export function classifierSettingsOf(org: OrgTree): ClassifierSettings {
  return regionSettings(org, themeSettings).themes.classifier ?? { kind: 'offline' };
}

/** A theme's label in `lang`. */
export function themeLabel(taxonomy: Taxonomy, id: ThemeId, lang: Lang): string {
  return taxonomy.labels[id][lang];
}
