/**
 * A service's or unit's own statements (omat väittämät, docs/domain.md#survey): the region config
 * attaches them to any node, and every unit below it asks them after the national statements. They
 * are answered, validated, stored and reported like the core statements, under their own ids.
 *
 * Versioning rule: an extra statement's id names one wording forever. Its texts are locked by hash in
 * `config/surveys/published.lock.json` (`extra:<id>`), so a changed wording must take a new id and an
 * answer's `answers.<id>` always means the words it was given to; nothing is ever re-mapped.
 */
import * as z from './zod.ts';
import { localizedTextSchema } from './i18n.ts';
import { NODE_ID_PATTERN, type OrgTree, regionSection, nodeSettings } from './org-tree.ts';
import { questionIdSchema, RESERVED_IDS, type SurveyCatalog, type SurveyVersion, type Question } from './surveys.ts';
import type { Issue } from './validation.ts';

/** One extra statement's schema; a function so that a bundle that never parses config never builds it. */
const extraStatementSchema = () =>
  z.strictObject({
    id: questionIdSchema(),
    /** `region` for the region's own statements, `unit` for a service's or unit's. */
    origin: z.enum(['region', 'unit']),
    text: localizedTextSchema(),
    /** The surveys that ask it; every survey without it (a child's form may need its own wording). */
    surveys: z.optional(z.array(z.string().check(z.regex(NODE_ID_PATTERN, 'must be a survey id')))),
  });

/** One extra statement as configured on a node. */
export type ExtraStatement = z.infer<ReturnType<typeof extraStatementSchema>>;

/** The region-config section: `extraStatements` on any node, inherited by the units below it. */
export const extraStatementSettings = regionSection(() => ({
  region: {},
  node: { extraStatements: z.optional(z.array(extraStatementSchema())) },
}));

/** The extra statements a unit asks in a survey: its ancestors' from the region down, then its own. */
export function extraStatementsFor(org: OrgTree, unitId: string, surveyId: string): ExtraStatement[] {
  return nodeSettings(org, extraStatementSettings, unitId)
    .flatMap((n) => n.extraStatements ?? [])
    .filter((x) => !x.surveys || x.surveys.includes(surveyId));
}

/**
 * The version as a unit asks it: the extra statements right after the version's last statement (the
 * national ones), before the free text, as SPEC.md §3 orders them.
 */
export function withExtraStatements(version: SurveyVersion, extras: readonly ExtraStatement[]): SurveyVersion {
  if (!extras.length) return version;
  const added: Question[] = extras.map((x) => ({ id: x.id, type: 'statement', origin: x.origin, text: x.text }));
  const lastStatement = version.questions.findLastIndex((q) => q.type === 'statement');
  const at = lastStatement + 1;
  return { ...version, questions: [...version.questions.slice(0, at), ...added, ...version.questions.slice(at)] };
}

/**
 * Cross-checks the extra statements against the surveys: ids unique across the tree and unlike any
 * survey question's (so two wordings never share a report row), no reserved form field, known surveys.
 */
export function checkExtraStatements(org: OrgTree, surveys: SurveyCatalog): Issue[] {
  const issues: Issue[] = [];
  const surveyQuestionIds = new Set(
    surveys.ids().flatMap((id) => surveys.survey(id)!.versions.flatMap((v) => v.questions.map((q) => q.id))),
  );
  const seen = new Map<string, string>();
  const visit = (node: Record<string, unknown>, path: string) => {
    ((node.extraStatements ?? []) as ExtraStatement[]).forEach((x, i) => {
      const at = `${path}.extraStatements[${i}]`;
      const first = seen.get(x.id);
      if (first) issues.push({ path: `${at}.id`, message: `duplicate extra statement id "${x.id}" (first used at ${first})` });
      else seen.set(x.id, at);
      if (surveyQuestionIds.has(x.id)) issues.push({ path: `${at}.id`, message: `"${x.id}" is a survey question's id; choose another` });
      if (RESERVED_IDS.includes(x.id)) issues.push({ path: `${at}.id`, message: `"${x.id}" is reserved` });
      (x.surveys ?? []).forEach((s, j) => {
        if (!surveys.survey(s))
          issues.push({ path: `${at}.surveys[${j}]`, message: `unknown survey "${s}"; known: ${surveys.ids().join(', ')}` });
      });
    });
  };
  const c = org.config;
  visit(c.region, 'region');
  c.serviceAreas.forEach((sa, i) => {
    visit(sa, `serviceAreas[${i}]`);
    sa.services.forEach((s, j) => {
      visit(s, `serviceAreas[${i}].services[${j}]`);
      for (const [k, u] of s.units.entries()) visit(u, `serviceAreas[${i}].services[${j}].units[${k}]`);
    });
  });
  return issues;
}

/** Every extra statement of the config by id, for the lock test and the reports' texts. */
export function allExtraStatements(org: OrgTree): ExtraStatement[] {
  const c = org.config;
  const nodes = [c.region, ...c.serviceAreas.flatMap((sa) => [sa, ...sa.services.flatMap((s) => [s, ...s.units])])];
  return nodes.flatMap((n) => (n.extraStatements ?? []) as ExtraStatement[]);
}

/**
 * The version of a survey a unit asks on a Helsinki date, with the unit's extra statements: what its
 * form shows and what its answers are checked against. Undefined for an unknown survey or unit, or
 * before the survey's first version.
 */
export function unitSurveyVersion(
  org: OrgTree,
  surveys: SurveyCatalog,
  unitId: string,
  surveyId: string,
  helsinkiDate: string,
): SurveyVersion | undefined {
  const version = surveys.current(surveyId, helsinkiDate);
  if (!version || !org.unit(unitId)) return undefined;
  return withExtraStatements(version, extraStatementsFor(org, unitId, surveyId));
}
