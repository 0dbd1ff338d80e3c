import * as z from './zod.ts';
import { lazyValue, toIssues, type Issue } from './validation.ts';
import { localizedTextSchema, type Lang, type LocalizedText } from './i18n.ts';
import { ConfigError } from './org-tree.ts';

/** Question ids the HTML form uses for its own fields, so no question may take them. */
export const RESERVED_IDS = ['lang', 'ch', 'idem', 'unitId', 'channel', 'assisted', 'surveyId', 'answers', 'easy', 'switch', 'survey'];

/**
 * What a question id may be; extra statements of the region config share it. Built at the first call:
 * only config parsing uses it, which a Lambda bundle never runs (see `surveySchemas`).
 */
export const questionIdSchema = lazyValue(() =>
  z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _')),
);
/** Who wrote a question: THL (national), the region, or a service or unit (its own statements). */
export const QUESTION_ORIGINS = ['national', 'region', 'unit'] as const;
/** A question's origin. */
export type QuestionOrigin = (typeof QUESTION_ORIGINS)[number];

/**
 * zod schemas of a survey file in `config/surveys/`. Built at the first parse rather than at load: a
 * Lambda bundle gets its surveys validated when it is built (shared/config.ts) and never parses one,
 * so its cold start should not construct them (zod schemas are costly to build).
 */
function surveySchemas() {
  const questionId = questionIdSchema();
  const origin = z.enum(QUESTION_ORIGINS);
  const npsQuestion = z.strictObject({
    id: z.literal('nps'),
    type: z.literal('nps'),
    origin,
    text: localizedTextSchema(),
    minLabel: localizedTextSchema(),
    maxLabel: localizedTextSchema(),
  });
  const statementQuestion = z.strictObject({ id: questionId, type: z.literal('statement'), origin, text: localizedTextSchema() });
  const textQuestion = z.strictObject({
    id: z.literal('text'),
    type: z.literal('text'),
    origin,
    text: localizedTextSchema(),
    hint: z.optional(localizedTextSchema()),
    maxLength: z.number().check(z.int(), z.gte(1), z.lte(4000)),
  });
  const roleQuestion = z.strictObject({
    id: z.literal('role'),
    type: z.literal('role'),
    origin,
    text: localizedTextSchema(),
    options: z.array(z.strictObject({ value: z.enum(['client', 'relative']), label: localizedTextSchema() })).check(z.minLength(1)),
  });

  const questionSchema = z.discriminatedUnion('type', [npsQuestion, statementQuestion, textQuestion, roleQuestion]);

  const versionSchema = z.strictObject({
    version: z.number().check(z.int(), z.gte(1)),
    /** Helsinki date from which the version is current; a published version never changes. */
    publishedOn: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')),
    wordingStatus: z.optional(z.string()),
    agreementScale: z.strictObject({
      '1': localizedTextSchema(),
      '2': localizedTextSchema(),
      '3': localizedTextSchema(),
      '4': localizedTextSchema(),
      '5': localizedTextSchema(),
      cant_say: localizedTextSchema(),
    }),
    /**
     * How the statements' 1–5 scale is shown: numbered boxes (default) or five faces, each with its
     * words visible (the children's form, where a number means little to a seven-year-old).
     */
    scaleStyle: z.optional(z.enum(['numbers', 'faces'])),
    questions: z.array(questionSchema).check(z.minLength(1)),
  });

  /** An easy-read text: Finnish always (selkokieli), Swedish (lättläst) or English only where written. */
  const easyTextSchema = z.strictObject({
    fi: z.string().check(z.minLength(1)),
    sv: z.optional(z.string().check(z.minLength(1))),
    en: z.optional(z.string().check(z.minLength(1))),
  });

  /**
   * The easy-read (selkokieli) texts of one published version: the same questions and the same scale
   * values in plainer words, so answers given either way are one data set. Locked with the version.
   */
  const easyReadSchema = z.strictObject({
    version: z.number().check(z.int(), z.gte(1)),
    intro: z.optional(easyTextSchema),
    agreementScale: z.optional(
      z.strictObject({
        '1': z.optional(easyTextSchema),
        '2': z.optional(easyTextSchema),
        '3': z.optional(easyTextSchema),
        '4': z.optional(easyTextSchema),
        '5': z.optional(easyTextSchema),
        cant_say: z.optional(easyTextSchema),
      }),
    ),
    questions: z.record(questionId, easyTextSchema),
  });

  const surveySchema = z.strictObject({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes')),
    name: localizedTextSchema(),
    audience: z.enum(['adult', 'child', 'relative', 'easy-read']),
    versions: z.array(versionSchema).check(z.minLength(1)),
    /** Easy-read text sets, one per version at most (`?easy=1` on the form). */
    easyRead: z.optional(z.array(easyReadSchema)),
  });
  return { surveySchema, versionSchema, questionSchema, easyTextSchema, easyReadSchema };
}
type SurveySchemas = ReturnType<typeof surveySchemas>;
let schemas: SurveySchemas | undefined;

/** An easy-read text, in the languages it was written in. */
export type EasyText = z.infer<SurveySchemas['easyTextSchema']>;
/** The easy-read texts of one survey version. */
export type EasyRead = z.infer<SurveySchemas['easyReadSchema']>;

/** A survey with all its published versions. */
export type Survey = z.infer<SurveySchemas['surveySchema']>;
/** One immutable version of a survey. */
export type SurveyVersion = z.infer<SurveySchemas['versionSchema']>;
/** One question of a survey version. */
export type Question = z.infer<SurveySchemas['questionSchema']>;
/** The value a statement may be answered with. */
export type StatementAnswer = 1 | 2 | 3 | 4 | 5 | 'cant_say';

/** Values of the agreement scale in display order. */
export const AGREEMENT_VALUES = [1, 2, 3, 4, 5, 'cant_say'] as const;

/** A survey version rendered in one language, as `GET /api/surveys/{id}` returns it. */
export interface LocalizedSurvey {
  id: string;
  version: number;
  lang: Lang;
  name: string;
  audience: Survey['audience'];
  /** `faces` when the statements' scale is shown as faces. */
  scale?: 'faces';
  /**
   * Easy-read texts: `true` when shown, `false` when the version has them in this language but the
   * standard texts are shown, absent when there are none in this language.
   */
  easyRead?: boolean;
  /** The easy-read introduction, when shown in easy-read and the set has one. */
  intro?: string;
  questions: LocalizedQuestion[];
}

/** A question with its texts in one language. */
export type LocalizedQuestion =
  | { id: 'nps'; type: 'nps'; text: string; min: 0; max: 10; minLabel: string; maxLabel: string }
  | { id: string; type: 'statement'; text: string; origin: QuestionOrigin; options: { value: StatementAnswer; label: string }[] }
  | { id: 'text'; type: 'text'; text: string; hint?: string; maxLength: number }
  | { id: 'role'; type: 'role'; text: string; options: { value: 'client' | 'relative'; label: string }[] };

/**
 * Every survey and version known to this deployment. Versions are append-only: an answer records
 * the id and version it answered, so a later wording change never re-maps old answers.
 */
export class SurveyCatalog {
  private readonly byId: Map<string, Survey>;

  private constructor(surveys: Survey[]) {
    this.byId = new Map(surveys.map((s) => [s.id, s]));
  }

  /** Validates raw survey files (schema, unique ids, increasing versions) and builds the catalog. */
  static parse(raws: readonly { file: string; data: unknown }[]): SurveyCatalog {
    const surveys: Survey[] = [];
    for (const { file, data } of raws) {
      schemas ??= surveySchemas();
      const parsed = schemas.surveySchema.safeParse(data);
      if (!parsed.success) throw new ConfigError(file, toIssues(parsed.error, '(root)'));
      const issues = checkSurvey(parsed.data);
      if (surveys.some((s) => s.id === parsed.data.id)) issues.push({ path: 'id', message: `duplicate survey id "${parsed.data.id}"` });
      if (issues.length) throw new ConfigError(file, issues);
      surveys.push(parsed.data);
    }
    return new SurveyCatalog(surveys);
  }

  /**
   * The catalog of surveys that `parse` already accepted, as `all()` returned them, without validating
   * them again: a Lambda bundle gets its config checked at build time (shared/config.ts).
   */
  static fromValidated(surveys: Survey[]): SurveyCatalog {
    return new SurveyCatalog(surveys);
  }

  /** Every survey as validated, in file order: what a build-time check hands to `fromValidated`. */
  all(): Survey[] {
    return [...this.byId.values()];
  }

  /** Ids of all surveys. */
  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** The survey, or undefined. */
  survey(id: string): Survey | undefined {
    return this.byId.get(id);
  }

  /**
   * The version in force on a Helsinki date: the highest version published on or before it, so
   * a version can be merged ahead of its start date.
   */
  current(id: string, helsinkiDate: string): SurveyVersion | undefined {
    const survey = this.byId.get(id);
    if (!survey) return undefined;
    const inForce = survey.versions.filter((v) => v.publishedOn <= helsinkiDate);
    return inForce.length ? inForce[inForce.length - 1] : undefined;
  }
}

function checkSurvey(s: Survey): Issue[] {
  const issues: Issue[] = [];
  s.versions.forEach((v, i) => {
    const prev = s.versions[i - 1];
    if (prev && v.version <= prev.version) issues.push({ path: `versions[${i}].version`, message: 'versions must increase' });
    if (prev && v.publishedOn < prev.publishedOn)
      issues.push({ path: `versions[${i}].publishedOn`, message: 'must not be before the previous version' });
    const seen = new Set<string>();
    v.questions.forEach((q, j) => {
      if (seen.has(q.id)) issues.push({ path: `versions[${i}].questions[${j}].id`, message: `duplicate question id "${q.id}"` });
      if (RESERVED_IDS.includes(q.id)) issues.push({ path: `versions[${i}].questions[${j}].id`, message: `"${q.id}" is reserved` });
      seen.add(q.id);
    });
  });
  (s.easyRead ?? []).forEach((set, i) => {
    const v = s.versions.find((x) => x.version === set.version);
    if (!v) {
      issues.push({ path: `easyRead[${i}].version`, message: `no version ${set.version} in this survey` });
      return;
    }
    if (s.easyRead!.findIndex((x) => x.version === set.version) !== i)
      issues.push({ path: `easyRead[${i}].version`, message: `a second easy-read set for version ${set.version}` });
    for (const id of Object.keys(set.questions)) {
      if (!v.questions.some((q) => q.id === id))
        issues.push({ path: `easyRead[${i}].questions.${id}`, message: `no question "${id}" in version ${set.version}` });
    }
  });
  return issues;
}

/** The easy-read set of a version, if the survey has one. */
export function easyReadOf(survey: Survey, version: number): EasyRead | undefined {
  return survey.easyRead?.find((e) => e.version === version);
}

/** Renders one survey version in one language for the API and the form. */
export function localizeSurvey(survey: Survey, version: SurveyVersion, lang: Lang, opts: { easy?: boolean } = {}): LocalizedSurvey {
  const set = easyReadOf(survey, version.version);
  const available = set !== undefined && (lang === 'fi' || Object.values(set.questions).some((e) => e[lang] !== undefined));
  // Easy-read replaces a text only where the set has it in this language; the rest stays standard.
  const easy = opts.easy && available ? set : undefined;
  const t = (text: LocalizedText, e?: EasyText) => e?.[lang] ?? text[lang];
  const scaleKey = (value: StatementAnswer) => String(value) as keyof typeof version.agreementScale;
  const scale = AGREEMENT_VALUES.map((value) => ({
    value,
    label: t(version.agreementScale[scaleKey(value)], easy?.agreementScale?.[scaleKey(value)]),
  }));
  const intro = easy?.intro?.[lang];
  return {
    id: survey.id,
    version: version.version,
    lang,
    name: t(survey.name),
    audience: survey.audience,
    ...(version.scaleStyle === 'faces' ? { scale: 'faces' as const } : {}),
    ...(available ? { easyRead: easy !== undefined } : {}),
    ...(intro ? { intro } : {}),
    questions: version.questions.map((q): LocalizedQuestion => {
      const e = easy?.questions[q.id];
      switch (q.type) {
        case 'nps':
          return { id: 'nps', type: 'nps', text: t(q.text, e), min: 0, max: 10, minLabel: t(q.minLabel), maxLabel: t(q.maxLabel) };
        case 'statement':
          return { id: q.id, type: 'statement', text: t(q.text, e), origin: q.origin, options: scale };
        case 'text':
          return { id: 'text', type: 'text', text: t(q.text, e), ...(q.hint ? { hint: t(q.hint) } : {}), maxLength: q.maxLength };
        case 'role':
          return { id: 'role', type: 'role', text: t(q.text, e), options: q.options.map((o) => ({ value: o.value, label: t(o.label) })) };
        default: {
          const unknown: never = q;
          throw new Error(`unknown question type in ${JSON.stringify(unknown)}`);
        }
      }
    }),
  };
}
