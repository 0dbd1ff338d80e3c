import { loadConfig } from '#shared/config.ts';
import { contactKeysFromEnv } from '#shared/contacts/index.ts';
import {
  ValidationError,
  asLang,
  type Lang,
  byRoute,
  clock,
  fillPath,
  formBody,
  type FunctionRouteKeys,
  MAX_FORM_BYTES,
  type HttpEvent,
  type HttpResult,
  httpHandler,
  htmlResponse,
  seeOther,
} from '#shared/platform/index.ts';
import { feedbackStoreFromEnv } from '#shared/feedback/index.ts';
import { rightsLinks } from '#shared/publicinfo/index.ts';
import { SURVEY_LINK_PATHS, type smsManifest } from '#shared/sms/manifest.ts';
import type { LinkRecord } from '#shared/sms/sms-store.ts';
import { smsStoreFromEnv } from '#shared/sms/store-from-env.ts';
import { smsSecretsSource } from '#shared/sms/secrets-from-env.ts';
import { answerLink, type LinkState, openLink, optOutByLink } from '#shared/sms/survey-link.ts';
import {
  CONTACT_REQUESTED_QUERY,
  contactRequestedIn,
  formContext,
  formCsp,
  handlingDeadlineDays,
  formToFeedback,
  localizeIssues,
  recordAnswerStored,
  renderConfirm,
  renderForm,
  renderMessage,
  renderThanks,
  UI,
} from '#shared/feedback/index.ts';

const deps = {
  config: loadConfig(),
  sms: smsStoreFromEnv(),
  feedback: feedbackStoreFromEnv(),
  clock: clock(),
  secrets: smsSecretsSource(),
  contactKeys: contactKeysFromEnv(),
};

// The survey runs the form's character counter; never framed, as every other page of the link.
const FORM_HEADERS = { 'content-security-policy': formCsp() };

/** What every page of a known link shows it with. */
interface LinkPage {
  token: string;
  /** The link's state; a used link no longer knows its unit or visit. */
  known: Exclude<LinkState, { state: 'not_found' } | { state: 'retired' }>;
  lang: Lang;
  /** The link's paths with its token filled in. */
  paths: { survey: string; thanks: string; optOut: string };
  regionName: string;
  t: (typeof UI)[Lang];
  langHref: (path: string) => (l: Lang) => string;
  message: (status: number, title: string, text: string, path?: string) => HttpResult;
}

/**
 * Opens the link and answers 404 (in the person's language) for an unknown one and 410 "expired"
 * for one sealed under a retired key version, on every page (its opt-out would be lost); any other
 * state (open, used, expired) reaches `page`, which decides what a used or expired link may still see.
 */
function knownLink(page: (p: LinkPage, event: HttpEvent) => Promise<HttpResult>) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const token = event.pathParameters?.token ?? '';
    const state = await openLink(deps, token);
    const lang: Lang =
      asLang(event.queryStringParameters?.lang) ?? ('link' in state ? state.link.lang : 'lang' in state ? state.lang : 'fi');
    const paths = {
      survey: fillPath(SURVEY_LINK_PATHS.survey, { token }),
      thanks: fillPath(SURVEY_LINK_PATHS.thanks, { token }),
      optOut: fillPath(SURVEY_LINK_PATHS.optOut, { token }),
    };
    const langHref = (path: string) => (l: Lang) => `${path}?lang=${l}`;
    const regionName = deps.config.org.node(deps.config.org.regionId)!.name[lang];
    const t = UI[lang];
    const message = (status: number, title: string, text: string, path = paths.survey) =>
      htmlResponse(status, renderMessage({ lang, regionName, title, text, langHref: langHref(path) }));
    if (state.state === 'not_found') return message(404, t.linkNotFoundTitle, t.linkNotFoundBody);
    if (state.state === 'retired') return message(410, t.linkExpiredTitle, t.linkExpiredBody);
    return page({ token, known: state, lang, paths, regionName, t, langHref, message }, event);
  };
}

/** The survey itself: only an open link (410 for a used or expired one) of a unit that still exists. */
function openSurvey(
  page: (p: LinkPage, link: LinkRecord, view: Parameters<typeof renderForm>[0], event: HttpEvent) => Promise<HttpResult>,
) {
  return knownLink(async (p, event) => {
    const { known, lang, t, paths } = p;
    if (known.state === 'used') return p.message(410, t.linkUsedTitle, t.linkUsedBody);
    if (known.state === 'expired') return p.message(410, t.linkExpiredTitle, t.linkExpiredBody);
    const link = known.link;
    const ctx = formContext(deps.config, deps.clock, link.unitId, lang);
    if (!ctx) return p.message(404, t.linkNotFoundTitle, t.linkNotFoundBody);
    const unitName = deps.config.org.unit(link.unitId)?.name[lang] ?? link.unitId;
    const view = {
      lang,
      unitId: link.unitId,
      unitName,
      regionName: p.regionName,
      channel: 'web' as const,
      survey: ctx.survey,
      idem: '',
      action: `${paths.survey}?lang=${lang}`,
      intro: t.smsIntro(unitName),
      footerLinks: [{ href: `${paths.optOut}?lang=${lang}`, text: t.optOutLink }],
      langHref: p.langHref(paths.survey),
    };
    return page(p, link, view, event);
  });
}

/**
 * The one-time SMS survey link: `GET /s/{token}` (the survey), `POST /s/{token}` (the answer, then
 * 303), `GET /s/{token}/thanks`, and `GET|POST /s/{token}/opt-out`. An unknown, used or expired link
 * gets a friendly page in the person's language, never an error dump; thanks and opt-out stay open
 * after the link is used.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof smsManifest, 'smsSurvey'>>({
    'GET /s/{token}': openSurvey(async (_p, _link, view) => htmlResponse(200, renderForm(view), FORM_HEADERS)),
    'POST /s/{token}': openSurvey(async (p, link, view, event) => {
      const fields = formBody(event, MAX_FORM_BYTES);
      const input = formToFeedback(fields, link.unitId, view.survey, p.lang, 'web');
      try {
        const outcome = await answerLink(deps, p.token, link, stripUnit(input));
        if (outcome === 'already_used') return p.message(410, p.t.linkUsedTitle, p.t.linkUsedBody);
        if (outcome === 'stored') recordAnswerStored('sms');
      } catch (e) {
        if (e instanceof ValidationError)
          return htmlResponse(
            400,
            renderForm({ ...view, values: fields, errors: localizeIssues(e.issues, view.survey, p.lang) }),
            FORM_HEADERS,
          );
        throw e;
      }
      return seeOther(`${p.paths.thanks}?lang=${p.lang}${'contact' in input ? `&${CONTACT_REQUESTED_QUERY}` : ''}`);
    }),
    // A used link no longer knows its unit; the thanks page needs none (no "answer again" link).
    'GET /s/{token}/thanks': knownLink(async (p, event) =>
      htmlResponse(
        200,
        renderThanks({
          lang: p.lang,
          unitId: '',
          regionName: p.regionName,
          channel: 'web',
          rights: rightsLinks(deps.config.org, p.lang),
          withAgainLink: false,
          ...(contactRequestedIn(event.queryStringParameters)
            ? { contactRequested: { withinDays: handlingDeadlineDays(deps.config.org).contact } }
            : {}),
          langHref: (l) =>
            `${p.langHref(p.paths.thanks)(l)}${contactRequestedIn(event.queryStringParameters) ? `&${CONTACT_REQUESTED_QUERY}` : ''}`,
        }),
      ),
    ),
    'GET /s/{token}/opt-out': knownLink(async (p) =>
      htmlResponse(
        200,
        renderConfirm({
          lang: p.lang,
          regionName: p.regionName,
          title: p.t.optOutTitle,
          text: p.t.optOutBody,
          action: `${p.paths.optOut}?lang=${p.lang}`,
          button: p.t.optOutButton,
          langHref: p.langHref(p.paths.optOut),
        }),
      ),
    ),
    'POST /s/{token}/opt-out': knownLink(async (p) => {
      await optOutByLink(deps, p.token, p.known.link);
      return p.message(200, p.t.optOutDoneTitle, p.t.optOutDoneBody, p.paths.optOut);
    }),
  }),
);

/** The link decides unit and channel; the form's own values for them are ignored. */
function stripUnit(input: Record<string, unknown>): Record<string, unknown> {
  const { unitId: _u, channel: _c, ...rest } = input;
  return rest;
}
