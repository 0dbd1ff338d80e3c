import {
  localizeSurvey,
  type LocalizedSurvey,
  type SurveyCatalog,
  helsinkiDate,
  type Clock,
  NotFoundError,
  ValidationError,
  asLang,
  LANGS,
} from '../platform/index.ts';

/**
 * The survey version in force today in the asked language (default fi), in easy-read words with
 * `easy` where the version has them; 400 for an unknown language.
 */
export function getLocalizedSurvey(
  catalog: SurveyCatalog,
  clock: Clock,
  surveyId: string,
  langParam: string | undefined,
  easy = false,
): LocalizedSurvey {
  const lang = langParam === undefined ? 'fi' : asLang(langParam);
  if (!lang) throw new ValidationError('Unknown language.', [{ path: 'query.lang', message: `must be one of ${LANGS.join(', ')}` }]);
  const survey = catalog.survey(surveyId);
  const version = survey && catalog.current(surveyId, helsinkiDate(clock.now()));
  if (!survey || !version)
    throw new NotFoundError(`Survey "${surveyId}" does not exist.`, [{ path: 'surveyId', message: 'unknown survey' }]);
  return localizeSurvey(survey, version, lang, { easy });
}
