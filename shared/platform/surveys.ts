import * as z from './zod.ts';
import { toIssues, type Issue } from './validation.ts';
import { localizedTextSchema, type Lang, type LocalizedText } from './i18n.ts';
import { ConfigError } from './org-tree.ts';

/** Question ids the HTML form uses for its own fields, so no question may take them. */
const RESERVED_IDS = ['lang', 'ch', 'idem', 'unitId', 'channel', 'assisted', 'surveyId', 'answers'];

const questionId = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _'));
const origin = z.enum(['national', 'region']);

const npsQuestion = z.strictObject({
  id: z.literal('nps'),
  type: z.literal('nps'),
  origin,
  text: localizedTextSchema,
  minLabel: localizedTextSchema,
  maxLabel: localizedTextSchema,
});
const statementQuestion = z.strictObject({ id: questionId, type: z.literal('statement'), origin, text: localizedTextSchema });
const textQuestion = z.strictObject({
  id: z.literal('text'),
  type: z.literal('text'),
  origin,
  text: localizedTextSchema,
  hint: z.optional(localizedTextSchema),
  maxLength: z.number().check(z.int(), z.gte(1), z.lte(4000)),
});
const roleQuestion = z.strictObject({
  id: z.literal('role'),
  type: z.literal('role'),
  origin,
  text: localizedTextSchema,
  options: z.array(z.strictObject({ value: z.enum(['client', 'relative']), label: localizedTextSchema })).check(z.minLength(1)),
});

const questionSchema = z.discriminatedUnion('type', [npsQuestion, statementQuestion, textQuestion, roleQuestion]);

const versionSchema = z.strictObject({
  version: z.number().check(z.int(), z.gte(1)),
  /** Helsinki date from which the version is current; a published version never changes. */
  publishedOn: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')),
  wordingStatus: z.optional(z.string()),
  agreementScale: z.strictObject({
    '1': localizedTextSchema,
    '2': localizedTextSchema,
    '3': localizedTextSchema,
    '4': localizedTextSchema,
    '5': localizedTextSchema,
    cant_say: localizedTextSchema,
  }),
  questions: z.array(questionSchema).check(z.minLength(1)),
});

/** zod schema of one survey file in `config/surveys/`. */
export const surveySchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes')),
  name: localizedTextSchema,
  audience: z.enum(['adult', 'child', 'relative', 'easy-read']),
  versions: z.array(versionSchema).check(z.minLength(1)),
});

/** A survey with all its published versions. */
export type Survey = z.infer<typeof surveySchema>;
/** One immutable version of a survey. */
export type SurveyVersion = z.infer<typeof versionSchema>;
/** One question of a survey version. */
export type Question = z.infer<typeof questionSchema>;
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
  questions: LocalizedQuestion[];
}

/** A question with its texts in one language. */
export type LocalizedQuestion =
  | { id: 'nps'; type: 'nps'; text: string; min: 0; max: 10; minLabel: string; maxLabel: string }
  | { id: string; type: 'statement'; text: string; origin: 'national' | 'region'; options: { value: StatementAnswer; label: string }[] }
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
      const parsed = surveySchema.safeParse(data);
      if (!parsed.success) throw new ConfigError(file, toIssues(parsed.error, '(root)'));
      const issues = checkSurvey(parsed.data);
      if (surveys.some((s) => s.id === parsed.data.id)) issues.push({ path: 'id', message: `duplicate survey id "${parsed.data.id}"` });
      if (issues.length) throw new ConfigError(file, issues);
      surveys.push(parsed.data);
    }
    return new SurveyCatalog(surveys);
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
  return issues;
}

/** Renders one survey version in one language for the API and the form. */
export function localizeSurvey(survey: Survey, version: SurveyVersion, lang: Lang): LocalizedSurvey {
  const t = (text: LocalizedText) => text[lang];
  const scale = AGREEMENT_VALUES.map((value) => ({
    value,
    label: t(version.agreementScale[String(value) as keyof typeof version.agreementScale]),
  }));
  return {
    id: survey.id,
    version: version.version,
    lang,
    name: t(survey.name),
    questions: version.questions.map((q): LocalizedQuestion => {
      switch (q.type) {
        case 'nps':
          return { id: 'nps', type: 'nps', text: t(q.text), min: 0, max: 10, minLabel: t(q.minLabel), maxLabel: t(q.maxLabel) };
        case 'statement':
          return { id: q.id, type: 'statement', text: t(q.text), origin: q.origin, options: scale };
        case 'text':
          return { id: 'text', type: 'text', text: t(q.text), ...(q.hint ? { hint: t(q.hint) } : {}), maxLength: q.maxLength };
        case 'role':
          return { id: 'role', type: 'role', text: t(q.text), options: q.options.map((o) => ({ value: o.value, label: t(o.label) })) };
        default: {
          const unknown: never = q;
          throw new Error(`unknown question type in ${JSON.stringify(unknown)}`);
        }
      }
    }),
  };
}
