/**
 * The staff survey files, `config/pulse-surveys/*.json`, apart from shared/config.ts on purpose: only
 * the pulse functions show their texts, so only they, synth and the local stack import this module
 * (the way shared/public-info-config.ts keeps the public documents out of every other bundle).
 */
import wellbeing from '../config/pulse-surveys/tyohyvinvointi.json' with { type: 'json' };
import pulse from '../config/pulse-surveys/tyoyhteiso-pulssi.json' with { type: 'json' };
import { type StaffSurvey, StaffSurveyCatalog, type StaffSurveyFile } from './pulse/index.ts';

/** The staff survey files of this deployment; a new one is a line here plus its JSON file. */
export const PULSE_SURVEY_FILES: readonly StaffSurveyFile[] = [
  { file: 'config/pulse-surveys/tyoyhteiso-pulssi.json', data: pulse as unknown },
  { file: 'config/pulse-surveys/tyohyvinvointi.json', data: wellbeing as unknown },
];

/** Validates staff survey files (the repository's unless others are given); throws a ConfigError naming every bad field. */
export function parsePulseSurveys(files: readonly StaffSurveyFile[] = PULSE_SURVEY_FILES): StaffSurveyCatalog {
  return StaffSurveyCatalog.parse(files);
}

/**
 * The staff surveys validated, as JSON: what lib/bundling.ts builds into the pulse functions' bundles,
 * so their cold starts run no zod on the files. Throws the ConfigError of a bad file, stopping bundling.
 */
export function validatedPulseSurveysJson(files: readonly StaffSurveyFile[] = PULSE_SURVEY_FILES): string {
  return JSON.stringify(parsePulseSurveys(files).all());
}

declare global {
  interface ImportMeta {
    /**
     * `validatedPulseSurveysJson()` as of the build, put here by esbuild's `define` in Lambda bundles
     * only (lib/bundling.ts); absent under tsx (tests, the local stack), which parse the files instead.
     */
    readonly palauteValidatedPulseSurveys?: string;
  }
}

let cached: StaffSurveyCatalog | undefined;

/**
 * The deployment's staff surveys, kept for the life of the process: in a Lambda bundle rebuilt from
 * the surveys validated when it was bundled (esbuild then drops the files and the parse), elsewhere
 * parsed from the files on first use.
 */
export function loadPulseSurveys(): StaffSurveyCatalog {
  // One expression on import.meta, as in shared/config.ts, so esbuild folds the defined text.
  cached ??=
    import.meta.palauteValidatedPulseSurveys === undefined
      ? parsePulseSurveys()
      : StaffSurveyCatalog.fromValidated(JSON.parse(import.meta.palauteValidatedPulseSurveys) as StaffSurvey[]);
  return cached;
}
