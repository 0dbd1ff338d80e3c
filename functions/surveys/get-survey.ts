import { loadConfig } from '#shared/config.ts';
// Its contract's query schema alone (test/surveys/unit/contract-parts.test.ts), so the contracts'
// response schemas stay out of the bundle and off its cold start.
import { type surveysContracts, surveyQuerySchema } from '#shared/surveys/contracts.ts';
import { getLocalizedSurvey } from '#shared/surveys/get-survey.ts';
import { clock, httpHandler, parsePart, replyOf } from '#shared/platform/index.ts';

const config = loadConfig();
const reply = replyOf<(typeof surveysContracts)['GET /api/surveys/{surveyId}']>();

/** `GET /api/surveys/{surveyId}?lang=fi|sv|en&easy=1`: the survey version in force, texts in one language. */
export const handler = httpHandler(async (event) => {
  const { lang, easy } = parsePart(surveyQuerySchema, event.queryStringParameters, 'query', 'Unknown language.');
  const survey = getLocalizedSurvey(config.surveys, clock(), event.pathParameters?.surveyId ?? '', lang, easy === '1');
  return reply(200, survey, { 'cache-control': 'public, max-age=300', 'content-language': survey.lang });
});
