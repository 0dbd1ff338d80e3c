import { loadConfig } from '#shared/config.ts';
import {
  asLang,
  byRoute,
  clock,
  fillPath,
  formBody,
  type FunctionRouteKeys,
  type HttpEvent,
  type HttpResult,
  htmlResponse,
  httpHandler,
  type Lang,
  langFromAcceptLanguage,
  MAX_FORM_BYTES,
  PUBLIC_BASE_URL_ENV,
  seeOther,
  unavailable,
  ValidationError,
} from '#shared/platform/index.ts';
import { loadPulseSurveys } from '#shared/pulse-config.ts';
import {
  type CodeOpening,
  openCode,
  openCodes,
  PULSE_FORM_PATH,
  PULSE_FORM_TEXT,
  PULSE_SHEET_PATH,
  PULSE_THANKS_PATH,
  type pulseManifest,
  pulseStoreFromEnv,
  renderPulseForm,
  renderPulseMessage,
  renderSheet,
  sheetHash,
  submitAnswer,
} from '#shared/pulse/index.ts';

const deps = { config: loadConfig(), surveys: loadPulseSurveys(), store: pulseStoreFromEnv(), clock: clock() };

/** The page's language: `?lang=`, else the browser's, else Finnish. */
const langOf = (event: HttpEvent): Lang =>
  asLang(event.queryStringParameters?.lang) ?? langFromAcceptLanguage(event.headers?.['accept-language']) ?? 'fi';

const regionName = (lang: Lang) => deps.config.org.node(deps.config.org.regionId)!.name[lang];

/** A friendly page of one status in the reader's language, its language links back to `path`. */
function message(status: number, lang: Lang, path: string, title: string, text: string, headers: Record<string, string> = {}): HttpResult {
  return htmlResponse(
    status,
    renderPulseMessage({ lang, regionName: regionName(lang), title, text, langHref: (l) => `${path}?lang=${l}` }),
    headers,
  );
}

/** The refusal page of a code that opens no form; nothing is stored for it. */
function refusal(o: Exclude<CodeOpening, { state: 'open' }>, lang: Lang, path: string): HttpResult {
  const t = PULSE_FORM_TEXT[lang];
  switch (o.state) {
    case 'unknown':
      return message(404, lang, path, t.unknownTitle, t.unknownBody);
    case 'used':
      return message(410, lang, path, t.usedTitle, t.usedBody);
    case 'closed':
      return message(410, lang, path, t.closedTitle, t.closedBody);
    case 'not_open':
      return message(404, lang, path, t.notOpenTitle, t.notOpenBody(o.round.opensOn));
  }
}

/** The form view of an open code. */
function formView(o: Extract<CodeOpening, { state: 'open' }>, lang: Lang, path: string) {
  return {
    lang,
    regionName: regionName(lang),
    unitName: deps.config.org.node(o.round.nodeId)?.name[lang] ?? o.round.nodeId,
    survey: o.survey,
    version: o.version,
    action: `${path}?lang=${lang}`,
    langHref: (l: Lang) => `${path}?lang=${l}`,
  };
}

/** Runs `page` for an open code and answers every other state with its friendly page. */
function withCode(page: (o: Extract<CodeOpening, { state: 'open' }>, lang: Lang, path: string, event: HttpEvent) => Promise<HttpResult>) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const raw = event.pathParameters?.code ?? '';
    const path = fillPath(PULSE_FORM_PATH, { code: raw });
    const lang = langOf(event);
    const o = await openCode(deps, raw);
    return o.state === 'open' ? page(o, lang, path, event) : refusal(o, lang, path);
  };
}

/**
 * The staff answer pages: `GET /p/{code}` (the form), `POST /p/{code}` (the answer, then 303 to the
 * thank-you page), `GET /pulse/thanks` and `GET /pulse/sheet/{sheet}` (the printable sheet). An
 * unknown, used or closed code gets a friendly page in the reader's language and stores nothing.
 */
export const handler = httpHandler(
  byRoute<FunctionRouteKeys<typeof pulseManifest, 'pulseForm'>>({
    'GET /p/{code}': withCode(async (o, lang, path) => htmlResponse(200, renderPulseForm(formView(o, lang, path)))),
    'POST /p/{code}': withCode(async (o, lang, path, event) => {
      const fields = formBody(event, MAX_FORM_BYTES);
      const view = formView(o, lang, path);
      try {
        const outcome = await submitAnswer(deps, o, fields, lang);
        if (outcome === 'used') return refusal({ state: 'used' }, lang, path);
      } catch (e) {
        if (e instanceof ValidationError) return htmlResponse(400, renderPulseForm({ ...view, values: fields, errors: e.issues }));
        const busy = unavailable(e);
        if (busy) return htmlResponse(503, renderPulseForm({ ...view, values: fields, notice: PULSE_FORM_TEXT[lang].busy }), busy.headers);
        throw e;
      }
      return seeOther(`${PULSE_THANKS_PATH}?lang=${lang}`);
    }),
    'GET /pulse/thanks': async (event) => {
      const lang = langOf(event);
      const t = PULSE_FORM_TEXT[lang];
      return message(200, lang, PULSE_THANKS_PATH, t.thanksTitle, t.thanksBody);
    },
    'GET /pulse/sheet/{sheet}': async (event) => {
      const token = event.pathParameters?.sheet ?? '';
      const path = fillPath(PULSE_SHEET_PATH, { sheet: token });
      const lang = langOf(event);
      const t = PULSE_FORM_TEXT[lang];
      const sheet = /^[A-Za-z0-9_-]{43}$/.test(token) ? await deps.store.sheet(sheetHash(token)) : undefined;
      const codes = sheet && openCodes(token, sheet.sealed);
      const round = sheet && codes ? await deps.store.getRound(sheet.roundId) : undefined;
      if (!codes || !round) return message(404, lang, path, t.sheetUnknownTitle, t.sheetUnknownBody);
      // Read per request: the local stack sets the origin after the handlers' modules may have loaded.
      const origin = (process.env[PUBLIC_BASE_URL_ENV] ?? '').replace(/\/$/, '');
      const page = renderSheet({
        lang,
        unitName: deps.config.org.node(round.nodeId)?.name[lang] ?? round.nodeId,
        opensOn: round.opensOn,
        closesOn: round.closesOn,
        codes,
        formUrl: (code) => `${origin}${fillPath(PULSE_FORM_PATH, { code })}`,
        langHref: (l) => `${path}?lang=${l}`,
      });
      // The sheet holds live codes: never cached, never sent on as a referrer.
      return htmlResponse(200, page);
    },
  }),
);
