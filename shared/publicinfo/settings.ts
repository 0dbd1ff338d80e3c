/**
 * The public information part of the region config (`region.publicInfo`): the privacy notice and the
 * accessibility statement in fi, sv and en, and where a person takes a formal complaint (muistutus) or
 * finds the patient and social ombudsmen. Each county is its own controller with its own ombudsmen, so
 * the texts and links are the region's, validated with the rest of the config: a broken link stops
 * `npm run synth` and `npm start` with the field named, instead of reaching a patient.
 */
import { type Issue, LANGS, type Lang, type OrgTree, regionSection, regionSettings } from '../platform/index.ts';
import * as z from '../platform/zod.ts';

const HTTPS_ONLY = 'must be an https:// address';

/** An https address with a real host name: a patient follows it from a public page. */
const httpsUrl = z.url({ protocol: /^https$/, hostname: z.regexes.domain, error: HTTPS_ONLY });

const mailtoPattern = /^mailto:(.+)$/;
const email = z.email();

/** Where a link in a document may lead: a web page (https) or an e-mail address (`mailto:`). */
const linkHref = z
  .string()
  .check(
    z.refine(
      (v) => httpsUrl.safeParse(v).success || email.safeParse(mailtoPattern.exec(v)?.[1] ?? '').success,
      'must be an https:// address or mailto: followed by an e-mail address',
    ),
  );

const text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));

/** A section of a document: a heading, plain paragraphs (no markup), and links listed after them. */
const sectionSchema = z.strictObject({
  heading: text,
  paragraphs: z.array(text).check(z.minLength(1, 'needs at least one paragraph')),
  links: z.optional(z.array(z.strictObject({ text, href: linkHref }))),
});

/** A document in every language, each a list of sections. */
const documentSchema = z.strictObject({
  fi: z.array(sectionSchema).check(z.minLength(1, 'needs at least one section')),
  sv: z.array(sectionSchema).check(z.minLength(1, 'needs at least one section')),
  en: z.array(sectionSchema).check(z.minLength(1, 'needs at least one section')),
});

/** One address in every language (a county's Swedish and English pages have their own). */
const localizedUrl = z.strictObject({ fi: httpsUrl, sv: httpsUrl, en: httpsUrl });

/** A section of the privacy notice or the accessibility statement. */
export type InfoSection = z.infer<typeof sectionSchema>;

/**
 * Placeholders a document's text may use, filled in from other config when the page is rendered, so
 * that the text cannot drift from the setting it describes.
 */
export const INFO_PLACEHOLDERS = ['answerYears'] as const;
/** A placeholder's name. */
export type InfoPlaceholder = (typeof INFO_PLACEHOLDERS)[number];

/**
 * `region.publicInfo`: required, because a deployment without a privacy notice, an accessibility
 * statement and the ways to complain may not serve the public.
 *
 * - `privacyNotice.{fi,sv,en}` and `accessibilityStatement.{fi,sv,en}`: sections of `heading`,
 *   `paragraphs` and optional `links` (`{ text, href }`, https or mailto). The privacy notice must
 *   state the answers' retention with `{answerYears}` (GDPR art. 13(2)(a)), which is filled in from
 *   `region.retention.answerYears`.
 * - `links.complaint`, `links.patientOmbudsman`, `links.socialOmbudsman`, each `{fi,sv,en}`: the
 *   county's page on making a formal complaint (muistutus) and its patient and social ombudsmen
 *   (potilasasiavastaava, sosiaaliasiavastaava), shown on every thank-you page.
 */
export const publicInfoSettings = regionSection({
  region: {
    publicInfo: z.strictObject({
      privacyNotice: documentSchema,
      accessibilityStatement: documentSchema,
      links: z.strictObject({ complaint: localizedUrl, patientOmbudsman: localizedUrl, socialOmbudsman: localizedUrl }),
    }),
  },
  node: {},
  check: (region) => [
    ...placeholderIssues('privacyNotice', region.publicInfo.privacyNotice),
    ...placeholderIssues('accessibilityStatement', region.publicInfo.accessibilityStatement),
    ...LANGS.filter((l) => !region.publicInfo.privacyNotice[l].some((s) => textsOf(s).some((t) => t.includes('{answerYears}')))).map(
      (l) => ({
        path: `region.publicInfo.privacyNotice.${l}`,
        message: 'must state how long answers are kept with {answerYears}, filled in from region.retention.answerYears',
      }),
    ),
  ],
});

/** Every text of a section a placeholder may appear in. */
function textsOf(s: InfoSection): string[] {
  return [s.heading, ...s.paragraphs, ...(s.links ?? []).map((l) => l.text)];
}

/** Unknown `{placeholders}` in a document, each named by its field: a typo would otherwise reach the page. */
function placeholderIssues(doc: string, byLang: Record<Lang, InfoSection[]>): Issue[] {
  const known = new Set<string>(INFO_PLACEHOLDERS);
  const issues: Issue[] = [];
  for (const lang of LANGS) {
    byLang[lang].forEach((s, i) => {
      const fields: [string, string][] = [
        ['heading', s.heading],
        ...s.paragraphs.map((p, j): [string, string] => [`paragraphs[${j}]`, p]),
        ...(s.links ?? []).map((l, j): [string, string] => [`links[${j}].text`, l.text]),
      ];
      for (const [field, value] of fields) {
        for (const [, name] of value.matchAll(/\{([^{}]*)\}/g)) {
          if (!known.has(name!))
            issues.push({
              path: `region.publicInfo.${doc}.${lang}[${i}].${field}`,
              message: `unknown placeholder {${name}}; known: ${INFO_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
            });
        }
      }
    });
  }
  return issues;
}

/** The region's public information, as validated. */
export type PublicInfo = z.infer<(typeof publicInfoSettings)['region']['publicInfo']>;

/** The region's `region.publicInfo`. */
export function publicInfoOf(org: OrgTree): PublicInfo {
  return regionSettings(org, publicInfoSettings).publicInfo;
}

/** Where a person takes a formal complaint or finds the ombudsmen, in one language. */
export interface RightsLinks {
  /** The county's page on making a formal complaint (muistutus). */
  complaint: string;
  /** The patient ombudsman (potilasasiavastaava). */
  patientOmbudsman: string;
  /** The social ombudsman (sosiaaliasiavastaava). */
  socialOmbudsman: string;
}

/** The complaint and ombudsman links of the region config in one language, for a thank-you page. */
export function rightsLinks(org: OrgTree, lang: Lang): RightsLinks {
  const { links } = publicInfoOf(org);
  return { complaint: links.complaint[lang], patientOmbudsman: links.patientOmbudsman[lang], socialOmbudsman: links.socialOmbudsman[lang] };
}

/** A text with its `{placeholders}` filled in. */
export function fillPlaceholders(text: string, values: Readonly<Record<InfoPlaceholder, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name as InfoPlaceholder]) : whole));
}
