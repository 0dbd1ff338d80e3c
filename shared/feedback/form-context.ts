import {
  type AppConfig,
  type OrgNode,
  localizeSurvey,
  unitSurveyVersion,
  type LocalizedSurvey,
  helsinkiDate,
  type Clock,
  asLang,
  type Lang,
  langFromAcceptLanguage,
} from '../platform/index.ts';

/** What a form page for one unit needs: the unit, its survey in the page language, the region name. */
export interface FormContext {
  lang: Lang;
  unit: OrgNode;
  survey: LocalizedSurvey;
  regionName: string;
}

/**
 * The page language: `?lang=` if supported, else the first supported language of the browser's
 * `Accept-Language` (when given), else Finnish (the region's first language).
 */
export function pageLang(param: string | undefined, acceptLanguage?: string): Lang {
  return asLang(param) ?? langFromAcceptLanguage(acceptLanguage) ?? 'fi';
}

/** Which variant a form shows: another survey than the unit's default (`?survey=`), easy-read texts (`?easy=1`). */
export interface FormVariant {
  surveyId?: string | undefined;
  easy?: boolean | undefined;
}

/**
 * Resolves a form URL's unit and survey (the variant's, else the unit's default) with the unit's
 * extra statements; undefined when the unit or the survey does not exist (`unknownSurvey` tells which).
 */
export function formContext(
  config: AppConfig,
  clock: Clock,
  unitId: string,
  lang: Lang,
  variant: FormVariant = {},
): FormContext | undefined {
  const unit = config.org.unit(unitId);
  if (!unit) return undefined;
  const surveyId = variant.surveyId || unit.surveyId;
  const survey = config.surveys.survey(surveyId);
  const version = survey && unitSurveyVersion(config.org, config.surveys, unit.id, surveyId, helsinkiDate(clock.now()));
  if (!survey || !version) return undefined;
  return {
    lang,
    unit,
    survey: localizeSurvey(survey, version, lang, { easy: variant.easy === true }),
    regionName: config.org.node(config.org.regionId)!.name[lang],
  };
}

/** Whether a form names a survey (`?survey=`, the hidden `surveyId`) that this deployment does not have. */
export function unknownSurvey(config: AppConfig, surveyId: string | undefined): boolean {
  return surveyId !== undefined && surveyId !== '' && config.surveys.survey(surveyId) === undefined;
}

/** Whether a form URL or post asks for easy-read texts (`easy=1`). */
export function easyRequested(value: string | undefined): boolean {
  return value === '1';
}
