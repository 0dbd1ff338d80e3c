import {
  type AppConfig,
  type OrgNode,
  localizeSurvey,
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

/** Resolves a form URL's unit and survey; undefined when the unit does not exist. */
export function formContext(config: AppConfig, clock: Clock, unitId: string, lang: Lang): FormContext | undefined {
  const unit = config.org.unit(unitId);
  if (!unit) return undefined;
  const survey = config.surveys.survey(unit.surveyId)!;
  const version = config.surveys.current(unit.surveyId, helsinkiDate(clock.now()));
  if (!version) return undefined;
  return { lang, unit, survey: localizeSurvey(survey, version, lang), regionName: config.org.node(config.org.regionId)!.name[lang] };
}
