/**
 * The deployment's configuration, bundled into every function that needs it (esbuild inlines the
 * JSON) and validated once per cold start, per CDK synth and per local-stack start. Like the
 * manifest, it composes the features: each feature that has settings in the region config adds its
 * section here. Text only one function shows does not belong here, since every function carries it:
 * the privacy notice and the accessibility statement are `config/public-info.json`, read by
 * shared/public-info-config.ts (which also validates every file together for synth and `npm start`).
 */
import regionJson from '../config/region.json' with { type: 'json' };
import adultSurvey from '../config/surveys/thl-aikuiset.json' with { type: 'json' };
import childSurvey from '../config/surveys/thl-lapset.json' with { type: 'json' };
import relativeSurvey from '../config/surveys/thl-laheiset.json' with { type: 'json' };
import {
  checkExtraStatements,
  ConfigError,
  edgeSettings,
  extraStatementSettings,
  OrgTree,
  operationsSettings,
  SurveyCatalog,
  type AppConfig,
  type RegionSection,
} from './platform/index.ts';
import { embedSettings, handlingSettings, retentionSettings } from './feedback/index.ts';
import { kioskSettings } from './kiosk/index.ts';
import { publicInfoSettings } from './publicinfo/index.ts';
import { pulseSettings } from './pulse/index.ts';
import { reportingSettings } from './reporting/index.ts';
import { smsSettings } from './sms/index.ts';
import { redactionSettings, themeSettings } from './text/index.ts';

export type { AppConfig } from './platform/index.ts';

/** Survey files of this deployment; a new survey is one line here plus its JSON file. */
export const SURVEY_FILES = [
  { file: 'config/surveys/thl-aikuiset.json', data: adultSurvey as unknown },
  { file: 'config/surveys/thl-lapset.json', data: childSurvey as unknown },
  { file: 'config/surveys/thl-laheiset.json', data: relativeSurvey as unknown },
];

/** The features' sections of the region config. */
export const REGION_SECTIONS: readonly RegionSection[] = [
  operationsSettings,
  extraStatementSettings,
  smsSettings,
  reportingSettings,
  retentionSettings,
  handlingSettings,
  embedSettings,
  edgeSettings,
  publicInfoSettings,
  redactionSettings,
  themeSettings,
  pulseSettings,
  kioskSettings,
];

/** Validates the given raw config; throws a ConfigError naming every bad field. */
export function parseConfig(region: unknown = regionJson, surveyFiles = SURVEY_FILES): AppConfig {
  const surveys = SurveyCatalog.parse(surveyFiles);
  const org = OrgTree.parse(region, surveys.ids(), REGION_SECTIONS);
  const issues = checkExtraStatements(org, surveys);
  if (issues.length) throw new ConfigError('config/region.json', issues);
  return { org, surveys };
}

let cached: AppConfig | undefined;

/** The deployment's config, parsed on first use and kept for the life of the process. */
export function loadConfig(): AppConfig {
  cached ??= parseConfig();
  return cached;
}
