/**
 * The staff answer form of a one-time code (`/p/{code}`): server-rendered, answered and sent without
 * JavaScript, in fi/sv/en, with the customer form's layout and 1–5 scale boxes (platform/page.ts).
 * Also the friendly refusals, the thank-you page and the printable A4 sheet of a round's codes.
 */
import { html, type Html, type Issue, type Lang, layout, LANGS, raw } from '../platform/index.ts';
import { infoFooter } from '../publicinfo/index.ts';
import { groupedCode } from './codes.ts';
import { PULSE_FORM_TEXT } from './form-text.ts';
import { qrSvg } from './qr.ts';
import { MAX_OPEN_TEXT, type StaffSurvey, type StaffSurveyVersion } from './survey.ts';

/** What the form shows. */
export interface PulseFormView {
  lang: Lang;
  regionName: string;
  unitName: string;
  survey: StaffSurvey;
  version: StaffSurveyVersion;
  /** Where the form posts (its own path and language). */
  action: string;
  langHref: (l: Lang) => string;
  values?: Readonly<Record<string, string>>;
  errors?: readonly Issue[];
  /** A message above the form (storage briefly unavailable). */
  notice?: string;
}

/** The issues' messages in the form's language. */
function localized(issues: readonly Issue[], lang: Lang): Map<string, string> {
  const t = PULSE_FORM_TEXT[lang];
  return new Map(
    issues.map((i) => [i.path, i.path === 'text' ? t.tooLong : i.message.startsWith('answer at least') ? t.answerOne : t.badValue]),
  );
}

/** One statement: a fieldset of five radio boxes labelled 1–5, each with its words for screen readers. */
function statement(v: PulseFormView, id: string, text: string, error: string | undefined): Html {
  const scale = v.version.scale;
  const current = v.values?.[id];
  const points = ([1, 2, 3, 4, 5] as const).map(
    (n, i) =>
      html`<label class="pt" for="${id}-${i}"><input type="radio" id="${id}-${i}" name="${id}" value="${n}"${current === String(n) ? raw(' checked') : ''}><span class="box">${n}</span><span class="vh"> – ${scale[String(n) as '1'][v.lang]}</span></label>`,
  );
  const err = error ? html`<p class="err" id="${id}-error">${error}</p>` : '';
  return html`<fieldset class="q stmt${error ? ' has-error' : ''}"${error ? raw(` aria-describedby="${id}-error"`) : ''}><legend>${text}</legend>${err}<div class="scale"><div class="pts">${points}</div><p class="ends" aria-hidden="true"><span>1 = ${scale['1'][v.lang]}</span><span>5 = ${scale['5'][v.lang]}</span></p></div></fieldset>`;
}

/** The answer form. */
export function renderPulseForm(v: PulseFormView): string {
  const t = PULSE_FORM_TEXT[v.lang];
  const errs = localized(v.errors ?? [], v.lang);
  const summary = errs.size
    ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>${t.errorTitle}</h2><ul>${[...errs].map(([path, m]) => html`<li><a href="#${path === 'text' ? 'text' : `${path}-0`}">${m}</a></li>`)}</ul></div>`
    : '';
  const byTheme = v.survey.kind === 'wellbeing' && v.survey.themeNames;
  const statements = v.version.statements;
  let body: Html[];
  if (byTheme) {
    const names = v.survey.themeNames!;
    const themes = [...new Set(statements.map((s) => s.theme!))];
    body = themes.map(
      (th) =>
        html`<h2>${names[th][v.lang]}</h2>${statements.filter((s) => s.theme === th).map((s) => statement(v, s.id, s.text[v.lang], errs.get(s.id)))}`,
    );
  } else body = statements.map((s) => statement(v, s.id, s.text[v.lang], errs.get(s.id)));
  const oq = v.version.openQuestion;
  const textErr = errs.get('text');
  const textDescribedBy = [...(oq?.hint ? ['text-hint'] : []), ...(textErr ? ['text-error'] : [])];
  const open = oq
    ? html`<div class="q${textErr ? ' has-error' : ''}"><label class="label" for="text">${oq.text[v.lang]}</label>${oq.hint ? html`<p class="hint" id="text-hint">${oq.hint[v.lang]}</p>` : ''}${textErr ? html`<p class="err" id="text-error">${textErr}</p>` : ''}<textarea id="text" name="text" rows="5" maxlength="${MAX_OPEN_TEXT}"${textDescribedBy.length ? raw(` aria-describedby="${textDescribedBy.join(' ')}"`) : ''}${textErr ? raw(' aria-invalid="true"') : ''}>${v.values?.text ?? ''}</textarea></div>`
    : '';
  const notice = v.notice ? html`<p class="error-summary" role="alert">${v.notice}</p>` : '';
  const content = html`<h1>${v.survey.name[v.lang]}</h1>${notice}${summary}<p>${t.intro(v.unitName)}</p><p>${t.anonymous}</p><p>${t.optional}</p><form method="post" action="${v.action}" accept-charset="utf-8">${body}${open}<button type="submit">${t.submit}</button></form>`;
  return layout({
    lang: v.lang,
    title: `${v.survey.name[v.lang]} – ${v.regionName}`,
    regionName: v.regionName,
    langHref: v.langHref,
    body: content,
    footer: infoFooter(v.lang),
  });
}

/** A friendly page: a refusal or the thank-you page. */
export function renderPulseMessage(v: {
  lang: Lang;
  regionName: string;
  title: string;
  text: string;
  langHref: (l: Lang) => string;
}): string {
  return layout({
    lang: v.lang,
    title: `${v.title} – ${v.regionName}`,
    regionName: v.regionName,
    langHref: v.langHref,
    body: html`<h1>${v.title}</h1><p>${v.text}</p>`,
    footer: infoFooter(v.lang),
  });
}

// A4 portrait, three slips a row: each slip keeps together on a page, with a dashed cutting line.
const SHEET_CSS = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.25rem 0 .5rem}
nav ul{list-style:none;margin:0 0 1rem;padding:0;display:flex;gap:1rem}
a{color:#0b4f8a}
.slips{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:0}
.slip{border:1px dashed #505a5f;padding:.75rem;break-inside:avoid;page-break-inside:avoid;display:flex;gap:.75rem;align-items:center}
.slip svg{width:7.5rem;height:7.5rem;flex:none}
.slip p{margin:.125rem 0;font-size:.8125rem}
.code{font:700 1.125rem/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em}
.url{overflow-wrap:anywhere}
@page{size:A4 portrait;margin:10mm}
@media print{nav,.lead{display:none}main{padding:0;max-width:none}h1{font-size:12pt}.slips{grid-template-columns:repeat(3,1fr)}.slip{padding:3mm}.slip svg{width:30mm;height:30mm}}
`;

/** The printable sheet of a round's codes: a slip per code with its QR code, the address and the code. */
export function renderSheet(v: {
  lang: Lang;
  unitName: string;
  opensOn: string;
  closesOn: string;
  codes: readonly string[];
  formUrl: (code: string) => string;
  langHref: (l: Lang) => string;
}): string {
  const t = PULSE_FORM_TEXT[v.lang];
  const title = t.sheetTitle(v.unitName);
  const base = v.formUrl('').replace(/\/$/, '');
  const slips = v.codes.map(
    (c) =>
      html`<li class="slip">${raw(qrSvg(v.formUrl(c), t.qrLabel(groupedCode(c))))}<div><p>${t.sheetSlip}</p><p class="url">${base}/</p><p>${t.sheetCode}: <span class="code">${groupedCode(c)}</span></p></div></li>`,
  );
  const langs = html`<nav aria-label="Kieli / Språk / Language"><ul>${LANGS.map((l) => html`<li><a href="${v.langHref(l)}" lang="${l}" hreflang="${l}"${l === v.lang ? raw(' aria-current="page"') : ''}>${l.toUpperCase()}</a></li>`)}</ul></nav>`;
  return `<!doctype html>${html`<html lang="${v.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${raw(SHEET_CSS)}</style></head><body><main>${langs}<h1>${title}</h1><p class="lead">${t.sheetLead(v.opensOn, v.closesOn)}</p><ul class="slips">${slips}</ul></main></body></html>`}`;
}
