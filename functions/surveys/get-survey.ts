import { loadConfig } from '#shared/config.ts';
import { surveysContracts } from '#shared/surveys/contracts.ts';
import { getLocalizedSurvey } from '#shared/surveys/get-survey.ts';
import { clock, httpHandler, parsePart, reply } from '#shared/platform/index.ts';

const config = loadConfig();
const contract = surveysContracts['GET /api/surveys/{surveyId}'];

/** `GET /api/surveys/{surveyId}?lang=fi|sv|en&easy=1`: the survey version in force, texts in one language. */
export const handler = httpHandler(async (event) => {
  const { lang, easy } = parsePart(contract.request.query, event.queryStringParameters, 'query', 'Unknown language.');
  const survey = getLocalizedSurvey(config.surveys, clock(), event.pathParameters?.surveyId ?? '', lang, easy === '1');
  return reply(contract, 200, survey, { 'cache-control': 'public, max-age=300', 'content-language': survey.lang });
});
