/**
 * The deployment's configuration, bundled into every function that needs it (esbuild inlines the
 * JSON) and validated once per cold start, per CDK synth and per local-stack start.
 */
import regionJson from '../../config/region.json' with { type: 'json' };
import adultSurvey from '../../config/surveys/thl-aikuiset.json' with { type: 'json' };
import { OrgTree } from './org-tree.ts';
import { SurveyCatalog } from './surveys.ts';

/** Survey files of this deployment; a new survey is one line here plus its JSON file. */
export const SURVEY_FILES = [{ file: 'config/surveys/thl-aikuiset.json', data: adultSurvey as unknown }];

/** Validated organisation tree and survey catalog. */
export interface AppConfig {
  org: OrgTree;
  surveys: SurveyCatalog;
}

/** Validates the given raw config; throws a ConfigError naming every bad field. */
export function parseConfig(region: unknown = regionJson, surveyFiles = SURVEY_FILES): AppConfig {
  const surveys = SurveyCatalog.parse(surveyFiles);
  const org = OrgTree.parse(region, surveys.ids());
  return { org, surveys };
}

let cached: AppConfig | undefined;

/** The deployment's config, parsed on first use and kept for the life of the process. */
export function loadConfig(): AppConfig {
  cached ??= parseConfig();
  return cached;
}
