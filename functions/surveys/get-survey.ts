import { loadConfig } from '#shared/config.ts';
import { getLocalizedSurvey } from '#shared/surveys/get-survey.ts';
import { clock, httpHandler, json } from '#shared/platform/index.ts';

const config = loadConfig();

/** `GET /api/surveys/{surveyId}?lang=fi|sv|en`: the survey version in force, texts in one language. */
export const handler = httpHandler(async (event) => {
  const survey = getLocalizedSurvey(config.surveys, clock(), event.pathParameters?.surveyId ?? '', event.queryStringParameters?.lang);
  return json(200, survey, { 'cache-control': 'public, max-age=300', 'content-language': survey.lang });
});
