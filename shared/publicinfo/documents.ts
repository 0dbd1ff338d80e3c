/**
 * The privacy notice and the accessibility statement in fi, sv and en (`config/public-info.json`):
 * the region's texts, validated like the region config, so that a broken link, a missing language or
 * a misspelt placeholder stops `npm run synth` and `npm start` with the field named.
 *
 * They are a file of their own, not part of `config/region.json`, because they are some 20 KB of text
 * that only the publicInfo function shows, while the region config is bundled into every function
 * (and no function may grow more than 25 KB). This module is only the schema and the parse; the file
 * itself is read by `shared/public-info-config.ts`.
 */
import { ConfigError, type Issue, LANGS, type Lang, lazyValue, toIssues } from '../platform/index.ts';
import * as z from '../platform/zod.ts';
import { httpsUrl } from './settings.ts';

/**
 * The documents file's zod schemas, built at the first parse: a Lambda bundle gets the file validated
 * when it is built (shared/public-info-config.ts) and never parses, so its cold start skips them.
 */
const documentSchemas = lazyValue(() => {
  const mailtoPattern = /^mailto:(.+)$/;
  const email = z.email();

  /** Where a link in a document may lead: a web page (https) or an e-mail address (`mailto:`). */
  const linkHref = z
    .string()
    .check(
      z.refine(
        (v) => httpsUrl().safeParse(v).success || email.safeParse(mailtoPattern.exec(v)?.[1] ?? '').success,
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

  /**
   * zod schema of `config/public-info.json`: `privacyNotice.{fi,sv,en}` and
   * `accessibilityStatement.{fi,sv,en}`, each a list of sections of `heading`, `paragraphs` and optional
   * `links` (`{ text, href }`, https or mailto). Both are required, because a deployment without a
   * privacy notice and an accessibility statement may not serve the public.
   */
  const publicInfoDocumentsSchema = z.strictObject({ privacyNotice: documentSchema, accessibilityStatement: documentSchema });

  return { sectionSchema, publicInfoDocumentsSchema };
});

type DocumentSchemas = ReturnType<typeof documentSchemas>;

/** The privacy notice and the accessibility statement, as validated. */
export type PublicInfoDocuments = z.infer<DocumentSchemas['publicInfoDocumentsSchema']>;

/** A section of the privacy notice or the accessibility statement. */
export type InfoSection = z.infer<DocumentSchemas['sectionSchema']>;

/**
 * Placeholders a document's text may use, filled in from the region config when the page is
 * rendered, so that the text cannot drift from the setting it describes.
 */
export const INFO_PLACEHOLDERS = ['answerYears', 'contactRetentionDays'] as const;
/** A placeholder's name. */
export type InfoPlaceholder = (typeof INFO_PLACEHOLDERS)[number];

/**
 * The retention periods the privacy notice must state in every language (GDPR art. 13(2)(a)), each
 * through its placeholder so the text follows the setting: the answers', and the contact details'
 * after their case closes.
 */
const REQUIRED_IN_PRIVACY_NOTICE: Readonly<Record<InfoPlaceholder, string>> = {
  answerYears: 'must state how long answers are kept with {answerYears}, filled in from region.retention.answerYears',
  contactRetentionDays:
    'must state how long contact details are kept after the case closes with {contactRetentionDays}, filled in from region.handling.contactRetentionDays',
};

/**
 * Validates the documents file's content; throws a ConfigError naming `file` and every bad field
 * (paths from the file's root, e.g. `privacyNotice.sv[8].links[0].href`). Beyond the schema: no
 * unknown `{placeholder}`, and the privacy notice states in every language the answers' retention
 * with `{answerYears}` and the contact details' with `{contactRetentionDays}` (GDPR art. 13(2)(a)),
 * filled in from `region.retention.answerYears` and `region.handling.contactRetentionDays`.
 */
export function parsePublicInfoDocuments(raw: unknown, file: string): PublicInfoDocuments {
  const parsed = documentSchemas().publicInfoDocumentsSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, toIssues(parsed.error, '(root)'));
  const docs = parsed.data;
  const issues = [
    ...placeholderIssues('privacyNotice', docs.privacyNotice),
    ...placeholderIssues('accessibilityStatement', docs.accessibilityStatement),
    ...Object.entries(REQUIRED_IN_PRIVACY_NOTICE).flatMap(([name, message]) =>
      LANGS.filter((l) => !docs.privacyNotice[l].some((s) => textsOf(s).some((t) => t.includes(`{${name}}`)))).map((l) => ({
        path: `privacyNotice.${l}`,
        message,
      })),
    ),
  ];
  if (issues.length) throw new ConfigError(file, issues);
  return docs;
}

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
              path: `${doc}.${lang}[${i}].${field}`,
              message: `unknown placeholder {${name}}; known: ${INFO_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
            });
        }
      }
    });
  }
  return issues;
}

/** A text with its `{placeholders}` filled in. */
export function fillPlaceholders(text: string, values: Readonly<Record<InfoPlaceholder, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name as InfoPlaceholder]) : whole));
}
