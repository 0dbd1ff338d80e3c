/**
 * The public documents file, `config/public-info.json` (the privacy notice and the accessibility
 * statement), and the check of every config file together. Apart from shared/config.ts on purpose:
 * every function imports that module, and only the publicInfo function shows these ~20 KB of text, so
 * only it, synth and the local stack import this one (test/platform/infra/bundling.test.ts checks
 * that no other function bundles the texts).
 */
import publicInfoJson from '../config/public-info.json' with { type: 'json' };
import { type AppConfig, parseConfig } from './config.ts';
import { parsePublicInfoDocuments, type PublicInfoDocuments } from './publicinfo/index.ts';
import type { StaffSurveyCatalog, StaffSurveyFile } from './pulse/index.ts';
import { parsePulseSurveys } from './pulse-config.ts';

/** A config file: its path in the repository (named in error messages) and its parsed JSON. */
export interface ConfigFile {
  file: string;
  data: unknown;
}

/** The deployment's privacy notice and accessibility statement. */
export const PUBLIC_INFO_FILE: ConfigFile = { file: 'config/public-info.json', data: publicInfoJson };

/** Validates a documents file (the repository's unless another is given); throws a ConfigError naming every bad field. */
export function parsePublicInfo(file: ConfigFile = PUBLIC_INFO_FILE): PublicInfoDocuments {
  return parsePublicInfoDocuments(file.data, file.file);
}

/**
 * The documents validated, as JSON: what lib/bundling.ts builds into the publicInfo bundle, so its
 * cold start runs no zod on the file. Throws the ConfigError of a bad file, stopping bundling.
 */
export function validatedPublicInfoJson(file: ConfigFile = PUBLIC_INFO_FILE): string {
  return JSON.stringify(parsePublicInfo(file));
}

declare global {
  interface ImportMeta {
    /**
     * `validatedPublicInfoJson()` as of the build, put here by esbuild's `define` in Lambda bundles
     * only (lib/bundling.ts); absent under tsx (tests, the local stack), which parse the file instead.
     */
    readonly palauteValidatedPublicInfo?: string;
  }
}

let cached: PublicInfoDocuments | undefined;

/**
 * The deployment's documents, kept for the life of the process: in a Lambda bundle as validated when
 * it was bundled (esbuild then drops the parse), elsewhere parsed from the file on first use.
 */
export function loadPublicInfo(): PublicInfoDocuments {
  // One expression on import.meta, as in shared/config.ts, so esbuild folds the defined text.
  cached ??=
    import.meta.palauteValidatedPublicInfo === undefined
      ? parsePublicInfo()
      : (JSON.parse(import.meta.palauteValidatedPublicInfo) as PublicInfoDocuments);
  return cached;
}

/** The deployment's config files; each one left out is the repository's. */
export interface ConfigFiles {
  /** The raw content of `config/region.json`. */
  region?: unknown;
  /** The survey files (`SURVEY_FILES` of shared/config.ts). */
  surveyFiles?: ConfigFile[];
  publicInfo?: ConfigFile;
  /** The staff survey files (`PULSE_SURVEY_FILES` of shared/pulse-config.ts). */
  pulseSurveyFiles?: readonly StaffSurveyFile[];
}

/** Every config file of the deployment, validated. */
export interface DeploymentConfig extends AppConfig {
  publicInfo: PublicInfoDocuments;
  pulseSurveys: StaffSurveyCatalog;
}

/**
 * Validates every config file of the deployment: the region and survey config every function loads
 * (`parseConfig`) and the documents only publicInfo loads. Synth (lib/config-check.ts) and `npm start`
 * (local/stack.ts) run it first, so a bad text stops them as a bad unit id does. Throws the first bad
 * file's ConfigError, region and surveys first.
 */
export function parseAllConfig(files: ConfigFiles = {}): DeploymentConfig {
  const config = parseConfig(files.region, files.surveyFiles);
  return { ...config, publicInfo: parsePublicInfo(files.publicInfo), pulseSurveys: parsePulseSurveys(files.pulseSurveyFiles) };
}
