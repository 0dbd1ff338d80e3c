/**
 * Staff survey definitions (config/pulse-surveys/*.json): a pulse of at most seven statements and a
 * yearly wellbeing survey of at most forty, grouped by the four themes (docs/domain.md, staff
 * experience). Versioned like the customer surveys: an answer records the id and version it answered.
 * Texts are configuration; the schema and the limits are checked when the config loads, so a pulse
 * with eight statements stops `npm start` and synth with a message naming the field.
 */
import { ConfigError, type Issue, type Lang, lazyValue, type LocalizedText, localizedTextSchema, toIssues } from '../platform/index.ts';
import * as z from '../platform/zod.ts';

/** Most statements a pulse may have: it is short so that a work unit answers it often. */
export const MAX_PULSE_STATEMENTS = 7;
/** Most statements the yearly wellbeing survey may have. */
export const MAX_WELLBEING_STATEMENTS = 40;
/** Most characters of the open answer. */
export const MAX_OPEN_TEXT = 2000;

/** The four themes of the yearly wellbeing survey. */
export const WELLBEING_THEMES = ['work', 'wellbeing', 'leadership', 'safety'] as const;
/** A theme of the wellbeing survey. */
export type WellbeingTheme = (typeof WELLBEING_THEMES)[number];

/** Field names the answer form uses for itself, so no statement may take them. */
const RESERVED_IDS = ['lang', 'text', 'code'];

/**
 * The staff survey files' zod schemas, built at the first parse: a Lambda bundle gets the files
 * validated when it is built (shared/pulse-config.ts) and never parses, so its cold start skips them.
 */
const surveySchemas = lazyValue(() => {
  const statementSchema = z.strictObject({
    id: z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _')),
    theme: z.optional(z.enum(WELLBEING_THEMES)),
    text: localizedTextSchema(),
  });

  const versionSchema = z.strictObject({
    version: z.number().check(z.int(), z.gte(1)),
    publishedOn: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')),
    wordingStatus: z.optional(z.string()),
    /** The 1–5 agreement scale's labels. */
    scale: z.strictObject({
      '1': localizedTextSchema(),
      '2': localizedTextSchema(),
      '3': localizedTextSchema(),
      '4': localizedTextSchema(),
      '5': localizedTextSchema(),
    }),
    statements: z.array(statementSchema).check(z.minLength(1)),
    /** The one optional open question. */
    openQuestion: z.optional(z.strictObject({ text: localizedTextSchema(), hint: z.optional(localizedTextSchema()) })),
  });

  /** zod schema of one staff survey file. */
  const staffSurveySchema = z.strictObject({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes')),
    kind: z.enum(['pulse', 'wellbeing']),
    name: localizedTextSchema(),
    themeNames: z.optional(
      z.strictObject({
        work: localizedTextSchema(),
        wellbeing: localizedTextSchema(),
        leadership: localizedTextSchema(),
        safety: localizedTextSchema(),
      }),
    ),
    versions: z.array(versionSchema).check(z.minLength(1)),
  });

  return { statementSchema, versionSchema, staffSurveySchema };
});

type SurveySchemas = ReturnType<typeof surveySchemas>;

/** A staff survey with its versions. */
export type StaffSurvey = z.infer<SurveySchemas['staffSurveySchema']>;
/** One immutable version of a staff survey. */
export type StaffSurveyVersion = z.infer<SurveySchemas['versionSchema']>;
/** One statement. */
export type StaffStatement = z.infer<SurveySchemas['statementSchema']>;

/** A staff survey file: its path (named in errors) and its parsed JSON. */
export interface StaffSurveyFile {
  file: string;
  data: unknown;
}

/** The rules beyond the schema: the statement limits, themes, unique ids and increasing versions. */
function checkSurvey(s: StaffSurvey): Issue[] {
  const issues: Issue[] = [];
  s.versions.forEach((v, i) => {
    const at = `versions[${i}]`;
    const prev = s.versions[i - 1];
    if (prev && v.version <= prev.version) issues.push({ path: `${at}.version`, message: 'versions must increase' });
    if (prev && v.publishedOn < prev.publishedOn)
      issues.push({ path: `${at}.publishedOn`, message: 'must not be before the previous version' });
    const max = s.kind === 'pulse' ? MAX_PULSE_STATEMENTS : MAX_WELLBEING_STATEMENTS;
    if (v.statements.length > max)
      issues.push({ path: `${at}.statements`, message: `a ${s.kind} survey has at most ${max} statements, got ${v.statements.length}` });
    const seen = new Set<string>();
    v.statements.forEach((st, j) => {
      if (seen.has(st.id)) issues.push({ path: `${at}.statements[${j}].id`, message: `duplicate statement id "${st.id}"` });
      if (RESERVED_IDS.includes(st.id)) issues.push({ path: `${at}.statements[${j}].id`, message: `"${st.id}" is reserved` });
      seen.add(st.id);
      if (s.kind === 'wellbeing' && !st.theme)
        issues.push({
          path: `${at}.statements[${j}].theme`,
          message: `is required in a wellbeing survey: one of ${WELLBEING_THEMES.join(', ')}`,
        });
    });
  });
  if (s.kind === 'wellbeing' && !s.themeNames) issues.push({ path: 'themeNames', message: 'is required in a wellbeing survey' });
  return issues;
}

/** Every staff survey of the deployment, by id; versions are append-only. */
export class StaffSurveyCatalog {
  private readonly byId: Map<string, StaffSurvey>;

  private constructor(surveys: StaffSurvey[]) {
    this.byId = new Map(surveys.map((s) => [s.id, s]));
  }

  /** Validates the files (schema, limits, unique ids) and builds the catalog; throws a ConfigError naming every bad field. */
  static parse(files: readonly StaffSurveyFile[]): StaffSurveyCatalog {
    const surveys: StaffSurvey[] = [];
    for (const { file, data } of files) {
      const parsed = surveySchemas().staffSurveySchema.safeParse(data);
      if (!parsed.success) throw new ConfigError(file, toIssues(parsed.error, '(root)'));
      const issues = checkSurvey(parsed.data);
      if (surveys.some((s) => s.id === parsed.data.id))
        issues.push({ path: 'id', message: `duplicate staff survey id "${parsed.data.id}"` });
      if (issues.length) throw new ConfigError(file, issues);
      surveys.push(parsed.data);
    }
    return new StaffSurveyCatalog(surveys);
  }

  /**
   * The catalog from surveys already validated by `parse` (when the function was bundled: see
   * shared/pulse-config.ts), so a cold start runs no zod on files that cannot have changed since.
   */
  static fromValidated(surveys: StaffSurvey[]): StaffSurveyCatalog {
    return new StaffSurveyCatalog(surveys);
  }

  /** Every staff survey as validated, in file order: what a build-time check hands to `fromValidated`. */
  all(): StaffSurvey[] {
    return [...this.byId.values()];
  }

  /** Ids of every staff survey. */
  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** The survey, or undefined. */
  survey(id: string): StaffSurvey | undefined {
    return this.byId.get(id);
  }

  /** The version in force on a Helsinki date (the highest published on or before it). */
  current(id: string, helsinkiDate: string): StaffSurveyVersion | undefined {
    const inForce = (this.byId.get(id)?.versions ?? []).filter((v) => v.publishedOn <= helsinkiDate);
    return inForce.at(-1);
  }

  /** One version by number. */
  version(id: string, version: number): StaffSurveyVersion | undefined {
    return this.byId.get(id)?.versions.find((v) => v.version === version);
  }
}

/** A text in one language. */
export const inLang = (text: LocalizedText, lang: Lang): string => text[lang];
