/**
 * The deployment's configuration, bundled into every function that needs it and validated per CDK
 * synth, per local-stack start and once when the functions are bundled (a bundle carries the
 * validated result, so its cold start does not validate again; see `loadConfig`). Like the
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
  type RegionConfig,
  type RegionSection,
  type Survey,
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

/** The config as `parseConfig` returned it, in plain JSON: what a Lambda bundle carries instead of the files. */
export interface ValidatedConfig {
  region: RegionConfig;
  surveys: Survey[];
}

/**
 * Validates the config files (the repository's unless others are given) and returns the result as JSON text, for the bundler to
 * build into every function (lib/bundling.ts); throws the ConfigError naming every bad field, so a bad
 * file stops bundling and `cdk synth` with the message the cold start would have given.
 */
export function validatedConfigJson(region: unknown = regionJson, surveyFiles = SURVEY_FILES): string {
  const { org, surveys } = parseConfig(region, surveyFiles);
  return JSON.stringify({ region: org.config, surveys: surveys.all() } satisfies ValidatedConfig);
}

declare global {
  interface ImportMeta {
    /**
     * `validatedConfigJson()` as of the build, put here by esbuild's `define` in Lambda bundles only
     * (lib/bundling.ts); absent under tsx (tests, the local stack), which parse the files instead.
     */
    readonly palauteValidatedConfig?: string;
  }
}

let cached: AppConfig | undefined;

/**
 * The deployment's config, kept for the life of the process. A Lambda bundle builds it from the
 * config validated when it was bundled, so its cold start skips zod on files that cannot have changed
 * since (and esbuild drops the raw files and this parse from the bundle); elsewhere it is parsed on
 * first use.
 */
export function loadConfig(): AppConfig {
  // Written as one expression on import.meta: esbuild folds the defined string here and removes the
  // parse branch, which it would keep behind a local variable.
  cached ??=
    import.meta.palauteValidatedConfig === undefined
      ? parseConfig()
      : fromValidated(JSON.parse(import.meta.palauteValidatedConfig) as ValidatedConfig);
  return cached;
}

function fromValidated(config: ValidatedConfig): AppConfig {
  return { org: OrgTree.fromValidated(config.region), surveys: SurveyCatalog.fromValidated(config.surveys) };
}
