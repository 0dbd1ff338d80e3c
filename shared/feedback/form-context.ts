import type { AppConfig } from '../platform/config.ts';
import type { OrgNode } from '../platform/org-tree.ts';
import { localizeSurvey, type LocalizedSurvey } from '../platform/surveys.ts';
import { helsinkiDate, type Clock } from '../platform/time.ts';
import { asLang, type Lang } from '../platform/i18n.ts';

/** What a form page for one unit needs: the unit, its survey in the page language, the region name. */
export interface FormContext {
  lang: Lang;
  unit: OrgNode;
  survey: LocalizedSurvey;
  regionName: string;
}

/** The page language: `?lang=` if supported, else Finnish (the region's first language). */
export function pageLang(param: string | undefined): Lang {
  return asLang(param) ?? 'fi';
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
