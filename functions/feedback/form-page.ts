import { randomUUID } from 'node:crypto';
import { loadConfig } from '#shared/config.ts';
import { easyRequested, formContext, pageLang, unknownSurvey, type FormContext } from '#shared/feedback/form-context.ts';
import { formChannel } from '#shared/feedback/form-input.ts';
import {
  contactRequestedIn,
  formCsp,
  formVisitMode,
  renderForm,
  renderMessage,
  renderThanks,
  type FormChannel,
} from '#shared/feedback/form-page.ts';
import { handlingDeadlineDays } from '#shared/feedback/settings.ts';
import type { feedbackManifest } from '#shared/feedback/manifest.ts';
import { UI } from '#shared/feedback/ui-text.ts';
import {
  byRoute,
  clock,
  type FunctionRouteKeys,
  type HttpEvent,
  type HttpResult,
  httpHandler,
  htmlResponse,
  type Lang,
  pageCsp,
} from '#shared/platform/index.ts';
import { formFrameAncestors } from '#shared/feedback/settings.ts';
import { rightsLinks } from '#shared/publicinfo/index.ts';

const config = loadConfig();
// A county may embed the form in its own website (`region.form.embedOrigins`); nobody else may frame it.
const frameAncestors = formFrameAncestors(config.org);
const headers = { 'content-security-policy': pageCsp(frameAncestors), vary: 'accept-language' };
// Only the form runs a script (its character counter); the thank-you and 404 pages run none.
const formHeaders = { ...headers, 'content-security-policy': formCsp(frameAncestors) };

/** A page of an existing unit in the asked language and channel; an unknown unit gets the 404 page. */
function unitPage(
  render: (v: {
    lang: Lang;
    channel: FormChannel;
    regionName: string;
    ctx: FormContext;
    query: Record<string, string | undefined>;
  }) => string,
  pageHeaders: Record<string, string> = headers,
) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const q = event.queryStringParameters ?? {};
    const lang = pageLang(q.lang, event.headers?.['accept-language']);
    const channel = formChannel(q.ch);
    const regionName = config.org.node(config.org.regionId)!.name[lang];
    // A variant (`?survey=`) this deployment lacks is the link's mistake: say which parameter, not "no such unit".
    if (unknownSurvey(config, q.survey))
      return htmlResponse(
        404,
        renderMessage({ lang, regionName, title: UI[lang].surveyNotFoundTitle, text: UI[lang].surveyNotFound(q.survey!) }),
        headers,
      );
    const ctx = formContext(config, clock(), event.pathParameters?.unitId ?? '', lang, { surveyId: q.survey, easy: easyRequested(q.easy) });
    if (!ctx)
      return htmlResponse(404, renderMessage({ lang, regionName, title: UI[lang].notFoundTitle, text: UI[lang].notFoundBody }), headers);
    return htmlResponse(200, render({ lang, channel, regionName, ctx, query: q }), pageHeaders);
  };
}

/** `GET /f/{unitId}` (the form) and `GET /f/{unitId}/thanks` (the page after sending). */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof feedbackManifest, 'formPage'>>({
    'GET /f/{unitId}': unitPage(
      ({ lang, channel, regionName, ctx, query }) =>
        renderForm({
          lang,
          unitId: ctx.unit.id,
          unitName: ctx.unit.name[lang],
          regionName,
          channel,
          survey: ctx.survey,
          idem: randomUUID(),
          ...(query.survey ? { chosenSurvey: ctx.survey.id } : {}),
          ...(formVisitMode(query.visit) ? { visitMode: formVisitMode(query.visit)! } : {}),
        }),
      formHeaders,
    ),
    'GET /f/{unitId}/thanks': unitPage(({ lang, channel, regionName, ctx, query }) =>
      renderThanks({
        lang,
        unitId: ctx.unit.id,
        regionName,
        channel,
        ...(query.survey ? { chosenSurvey: ctx.survey.id } : {}),
        rights: rightsLinks(config.org, lang),
        ...(contactRequestedIn(query) ? { contactRequested: { withinDays: handlingDeadlineDays(config.org).contact } } : {}),
      }),
    ),
  }),
);
