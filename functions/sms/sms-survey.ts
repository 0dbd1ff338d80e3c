import { loadConfig } from '#shared/config.ts';
import { ValidationError, asLang, type Lang, clock, formBody, httpHandler, MAX_FORM_BYTES, htmlResponse, seeOther } from '#shared/platform/index.ts';
import { feedbackStoreFromEnv } from '#shared/feedback/index.ts';
import { smsStoreFromEnv } from '#shared/sms/store-from-env.ts';
import { answerLink, openLink, optOutByLink } from '#shared/sms/survey-link.ts';
import { formContext, formToFeedback, localizeIssues, recordAnswerStored, renderConfirm, renderForm, renderMessage, renderThanks, UI } from '#shared/feedback/index.ts';

const deps = { config: loadConfig(), sms: smsStoreFromEnv(), feedback: feedbackStoreFromEnv(), clock: clock() };

/**
 * The one-time SMS survey link: `GET /s/{token}` (the survey), `POST /s/{token}` (the answer, then
 * 303), `GET /s/{token}/thanks`, and `GET|POST /s/{token}/opt-out`. An unknown, used or expired link
 * gets a friendly page in the person's language, never an error dump.
 */
export const handler = httpHandler(async (event) => {
  const token = event.pathParameters?.token ?? '';
  const sub = event.rawPath.split('/')[3] ?? '';
  const method = event.requestContext.http.method;
  const state = await openLink(deps, token);
  const q = event.queryStringParameters ?? {};
  const lang: Lang = asLang(q.lang) ?? ('link' in state ? state.link.lang : 'fi');
  const base = `/s/${encodeURIComponent(token)}`;
  const langHref = (path: string) => (l: Lang) => `${path}?lang=${l}`;
  const regionName = deps.config.org.node(deps.config.org.regionId)!.name[lang];
  const t = UI[lang];
  const message = (status: number, title: string, text: string, path = base) => htmlResponse(status, renderMessage({ lang, regionName, title, text, langHref: langHref(path) }));

  if (state.state === 'not_found') return message(404, t.linkNotFoundTitle, t.linkNotFoundBody);
  if (sub === 'thanks') {
    // A used link no longer knows its unit; the thanks page needs none (no "answer again" link).
    return htmlResponse(200, renderThanks({ lang, unitId: '', regionName, channel: 'web', withAgainLink: false, langHref: langHref(`${base}/thanks`) }));
  }
  if (sub === 'opt-out') {
    if (method === 'POST') {
      await optOutByLink(deps, token, state.link);
      return message(200, t.optOutDoneTitle, t.optOutDoneBody, `${base}/opt-out`);
    }
    return htmlResponse(200, renderConfirm({ lang, regionName, title: t.optOutTitle, text: t.optOutBody, action: `${base}/opt-out?lang=${lang}`, button: t.optOutButton, langHref: langHref(`${base}/opt-out`) }));
  }
  if (state.state === 'used') return message(410, t.linkUsedTitle, t.linkUsedBody);
  if (state.state === 'expired') return message(410, t.linkExpiredTitle, t.linkExpiredBody);
  const link = state.link;
  const unitName = deps.config.org.unit(link.unitId)?.name[lang] ?? link.unitId;

  const ctx = formContext(deps.config, deps.clock, link.unitId, lang);
  if (!ctx) return message(404, t.linkNotFoundTitle, t.linkNotFoundBody);
  const view = {
    lang,
    unitId: link.unitId,
    unitName,
    regionName,
    channel: 'web' as const,
    survey: ctx.survey,
    idem: '',
    action: `${base}?lang=${lang}`,
    intro: t.smsIntro(unitName),
    footerLinks: [{ href: `${base}/opt-out?lang=${lang}`, text: t.optOutLink }],
    langHref: langHref(base),
  };
  if (method !== 'POST') return htmlResponse(200, renderForm(view));

  const fields = formBody(event, MAX_FORM_BYTES);
  try {
    const outcome = await answerLink(deps, token, link, stripUnit(formToFeedback(fields, link.unitId, ctx.survey, lang, 'web')));
    if (outcome === 'already_used') return message(410, t.linkUsedTitle, t.linkUsedBody);
    if (outcome === 'stored') recordAnswerStored('sms');
  } catch (e) {
    if (e instanceof ValidationError) return htmlResponse(400, renderForm({ ...view, values: fields, errors: localizeIssues(e.issues, ctx.survey, lang) }));
    throw e;
  }
  return seeOther(`${base}/thanks?lang=${lang}`);
});

/** The link decides unit and channel; the form's own values for them are ignored. */
function stripUnit(input: Record<string, unknown>): Record<string, unknown> {
  const { unitId: _u, channel: _c, ...rest } = input;
  return rest;
}
