/**
 * The staff survey files, `config/pulse-surveys/*.json`, apart from shared/config.ts on purpose: only
 * the pulse functions show their texts, so only they, synth and the local stack import this module
 * (the way shared/public-info-config.ts keeps the public documents out of every other bundle).
 */
import wellbeing from '../config/pulse-surveys/tyohyvinvointi.json' with { type: 'json' };
import pulse from '../config/pulse-surveys/tyoyhteiso-pulssi.json' with { type: 'json' };
import { StaffSurveyCatalog, type StaffSurveyFile } from './pulse/index.ts';

/** The staff survey files of this deployment; a new one is a line here plus its JSON file. */
export const PULSE_SURVEY_FILES: readonly StaffSurveyFile[] = [
  { file: 'config/pulse-surveys/tyoyhteiso-pulssi.json', data: pulse as unknown },
  { file: 'config/pulse-surveys/tyohyvinvointi.json', data: wellbeing as unknown },
];

/** Validates staff survey files (the repository's unless others are given); throws a ConfigError naming every bad field. */
export function parsePulseSurveys(files: readonly StaffSurveyFile[] = PULSE_SURVEY_FILES): StaffSurveyCatalog {
  return StaffSurveyCatalog.parse(files);
}

let cached: StaffSurveyCatalog | undefined;

/** The deployment's staff surveys, parsed on first use and kept for the life of the process. */
export function loadPulseSurveys(): StaffSurveyCatalog {
  cached ??= parsePulseSurveys();
  return cached;
}
