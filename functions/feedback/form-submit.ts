import { randomUUID } from 'node:crypto';
import { loadConfig } from '#shared/config.ts';
import { contactKeysFromEnv } from '#shared/contacts/index.ts';
import {
  ValidationError,
  clock,
  fillPath,
  formBody,
  HttpError,
  httpHandler,
  MAX_FORM_BYTES,
  htmlResponse,
  seeOther,
  unavailable,
} from '#shared/platform/index.ts';
import { feedbackStoreFromEnv } from '#shared/feedback/store-from-env.ts';
import { submitFormInstance, type SubmitResult } from '#shared/feedback/submit-feedback.ts';
import { recordAnswerStored } from '#shared/feedback/metrics.ts';
import { MAX_TEXT_LENGTH } from '#shared/feedback/validate-feedback.ts';
import { easyRequested, formContext, pageLang, unknownSurvey } from '#shared/feedback/form-context.ts';
import { formChannel, formToFeedback, localizeIssues } from '#shared/feedback/form-input.ts';
import { CONTACT_REQUESTED_QUERY, formCsp, formQuery, formVisitMode, renderForm, renderMessage } from '#shared/feedback/form-page.ts';
import { FORM_PATHS } from '#shared/feedback/manifest.ts';
import { UI } from '#shared/feedback/ui-text.ts';
import { formFrameAncestors } from '#shared/feedback/settings.ts';

const deps = { config: loadConfig(), store: feedbackStoreFromEnv(), clock: clock(), contactKeys: contactKeysFromEnv() };
// The form shown again (errors, storage busy) may sit in the same frame as the form it replaces, and
// runs its character counter as the form did; the hash lets exactly that script run on any page here.
const csp = formCsp(formFrameAncestors(deps.config.org));
const page = (status: number, body: string, headers: Record<string, string> = {}) =>
  htmlResponse(status, body, { ...headers, 'content-security-policy': csp });

/**
 * `POST /f/{unitId}`: stores an answer from the HTML form and redirects (303) to the thank-you page;
 * on bad input shows the form again with the answers kept and an error summary; while storage is
 * unavailable (503, Retry-After) shows it again with the answers and the same form instance kept,
 * so sending again after recovery stores the answer exactly once.
 */
export const handler = httpHandler(async (event) => {
  let fields: Record<string, string> = {};
  let tooLarge = false;
  try {
    fields = formBody(event, MAX_FORM_BYTES);
  } catch (e) {
    if (!(e instanceof HttpError && e.code === 'body_too_large')) throw e;
    tooLarge = true;
  }
  const lang = pageLang(fields.lang ?? event.queryStringParameters?.lang);
  const channel = formChannel(fields.ch ?? event.queryStringParameters?.ch);
  const regionName = deps.config.org.node(deps.config.org.regionId)!.name[lang];
  const chosenSurvey = fields.surveyId || event.queryStringParameters?.survey || undefined;
  if (unknownSurvey(deps.config, chosenSurvey))
    return page(
      404,
      renderMessage({ lang, regionName, title: UI[lang].surveyNotFoundTitle, text: UI[lang].surveyNotFound(chosenSurvey!) }),
    );
  // The easy-read switch posts the answers so far with `switch`: the same form comes back in the other wording.
  const switching = fields.switch === 'easy' || fields.switch === 'standard';
  const easy = switching ? fields.switch === 'easy' : easyRequested(fields.easy);
  const ctx = formContext(deps.config, deps.clock, event.pathParameters?.unitId ?? '', lang, { surveyId: chosenSurvey, easy });
  if (!ctx) return page(404, renderMessage({ lang, regionName, title: UI[lang].notFoundTitle, text: UI[lang].notFoundBody }));
  const idem = fields.idem || randomUUID();
  const visitMode = formVisitMode(fields.visitMode);
  const view = {
    lang,
    unitId: ctx.unit.id,
    unitName: ctx.unit.name[lang],
    regionName,
    channel,
    survey: ctx.survey,
    idem,
    values: fields,
    ...(chosenSurvey ? { chosenSurvey: ctx.survey.id } : {}),
    ...(visitMode ? { visitMode } : {}),
  };
  if (switching) return page(200, renderForm(view));
  if (tooLarge) return page(400, renderForm({ ...view, errors: [{ field: 'text', message: UI[lang].errText(MAX_TEXT_LENGTH) }] }));
  const input = formToFeedback(fields, ctx.unit.id, ctx.survey, lang, channel);
  let result: SubmitResult;
  try {
    result = await submitFormInstance(deps, input, idem);
  } catch (e) {
    if (e instanceof ValidationError) return page(400, renderForm({ ...view, errors: localizeIssues(e.issues, ctx.survey, lang) }));
    const busy = unavailable(e);
    if (!busy) throw e;
    const notice = { title: UI[lang].unavailableTitle, text: UI[lang].unavailable };
    return page(busy.status, renderForm({ ...view, notice }), busy.headers);
  }
  if (result.created) recordAnswerStored(result.channel);
  const flag = result.contactRequested ? `&${CONTACT_REQUESTED_QUERY}` : '';
  const variant = { survey: chosenSurvey };
  return seeOther(`${fillPath(FORM_PATHS.thanks, { unitId: ctx.unit.id })}${formQuery(lang, channel, undefined, variant)}${flag}`);
});
