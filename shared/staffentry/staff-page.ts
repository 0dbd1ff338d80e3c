/**
 * The staff entry pages: the code page and the entry form. Server-rendered in the common layout,
 * answered and sent without JavaScript like the public form, whose survey questions, contact section
 * and error summary they reuse, so a paper answer is typed into the same questions it was given on.
 */
import { charCountScript, errorLine, errorSummary, surveyFields } from '../feedback/index.ts';
import { fillPath, html, type Lang, layout, type LocalizedSurvey, raw } from '../platform/index.ts';
import { infoFooter } from '../publicinfo/index.ts';
import { STAFF_PATHS } from './manifest.ts';
import { MAX_GIVEN_DAYS_BACK } from './given-on.ts';
import { SESSION_HOURS } from './session.ts';
import { STAFF_UI } from './staff-text.ts';

/** A field error of a staff page, in the page's language. */
export interface FieldError {
  field: string;
  message: string;
}

/** What every staff entry page shows: language, unit, region, and its survey (for the error summary's anchors). */
interface PageBase {
  lang: Lang;
  unitId: string;
  unitName: string;
  regionName: string;
  survey: LocalizedSurvey;
}

/** Anchors of the staff form's own fields in the error summary. */
const ANCHORS = { code: 'code', channel: 'channel-0', givenOn: 'givenOn' } as const;

function staffLayout(v: PageBase, title: string, body: ReturnType<typeof html>, erroneous: boolean): string {
  const path = fillPath(STAFF_PATHS.form, { unitId: v.unitId });
  return layout({
    lang: v.lang,
    title: `${erroneous ? `${errorPrefix(v.lang)}: ` : ''}${title} – ${v.unitName}`,
    regionName: v.regionName,
    langHref: (l) => `${path}?lang=${l}`,
    body,
    footer: infoFooter(v.lang),
  });
}

function errorPrefix(lang: Lang): string {
  return { fi: 'Virhe', sv: 'Fel', en: 'Error' }[lang];
}

/** A message above a form (locked, session ended, sent from another site), announced when the page loads. */
function alertBox(id: string, title: string, text: string) {
  return html`<div class="error-summary" role="alert" aria-labelledby="${id}" tabindex="-1" autofocus><h2 id="${id}">${title}</h2><p>${text}</p></div>`;
}

/**
 * The page asking for the unit's entry code; with `errors` (no code, a wrong one) or a `notice`
 * (locked, the session ended) above the form.
 */
export function renderCodePage(v: PageBase & { errors?: FieldError[]; notice?: { title: string; text: string } }): string {
  const t = STAFF_UI[v.lang];
  const error = v.errors?.find((e) => e.field === 'code')?.message;
  const described = raw(` aria-describedby="code-hint${error ? ' code-error' : ''}"${error ? ' aria-invalid="true"' : ''}`);
  const body = html`<h1>${t.codeTitle}</h1>${v.notice ? alertBox('notice-title', v.notice.title, v.notice.text) : ''}${errorSummary(
    v.lang,
    v.survey,
    v.errors,
    ANCHORS,
  )}<p>${t.codeIntro(v.unitName)}</p><form method="post" action="${fillPath(STAFF_PATHS.session, { unitId: v.unitId })}" accept-charset="utf-8"><input type="hidden" name="lang" value="${v.lang}"><div class="q${error ? ' has-error' : ''}"><label class="label" for="code">${t.codeLabel}</label><p class="hint" id="code-hint">${t.codeHint(SESSION_HOURS)}</p>${errorLine('code', error)}<input class="field" type="text" id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40"${described}></div><button type="submit">${t.signIn}</button></form>`;
  return staffLayout(v, t.codeTitle, body, Boolean(v.errors?.length || v.notice));
}

/** Everything the entry form shows. */
export interface EntryFormView extends PageBase {
  /** Idempotency token of this form instance, so a double submit stores one answer. */
  idem: string;
  /** The earliest and latest day `givenOn` may be (Helsinki dates). */
  range: { min: string; max: string };
  /** Values by field name: `channel`, `assisted`, `givenOn` and the survey's question ids. */
  values: Record<string, string>;
  errors?: FieldError[];
  /** The previous entry was stored (the fresh form after the redirect). */
  saved?: boolean;
  notice?: { title: string; text: string };
}

/** The entry form: how and when the feedback was given, whether with help, then the survey's questions. */
export function renderEntryForm(v: EntryFormView): string {
  const t = STAFF_UI[v.lang];
  const errs = new Map((v.errors ?? []).map((e) => [e.field, e.message]));
  const channelError = errs.get('channel');
  const givenOnError = errs.get('givenOn');
  const channels = [
    { value: 'paper', label: t.channelPaper },
    { value: 'oral', label: t.channelOral },
  ];
  const channel = html`<fieldset class="q${channelError ? ' has-error' : ''}"${channelError ? raw(' aria-describedby="channel-error"') : ''}><legend>${t.channelLegend}</legend>${errorLine('channel', channelError)}<div class="opts two">${channels.map(
    (c, i) =>
      html`<label for="channel-${i}"><input type="radio" id="channel-${i}" name="channel" value="${c.value}"${v.values.channel === c.value ? raw(' checked') : ''}>${c.label}</label>`,
  )}</div></fieldset>`;
  const givenOnDescribed = raw(
    ` aria-describedby="givenOn-hint${givenOnError ? ' givenOn-error' : ''}"${givenOnError ? ' aria-invalid="true"' : ''}`,
  );
  const givenOn = html`<div class="q${givenOnError ? ' has-error' : ''}"><label class="label" for="givenOn">${t.givenOnLabel}</label><p class="hint" id="givenOn-hint">${t.givenOnHint(MAX_GIVEN_DAYS_BACK)}</p>${errorLine('givenOn', givenOnError)}<input class="field" type="date" id="givenOn" name="givenOn" min="${v.range.min}" max="${v.range.max}" value="${v.values.givenOn ?? ''}"${givenOnDescribed}></div>`;
  const assisted = html`<div class="opts col q"><label for="assisted"><input type="checkbox" id="assisted" name="assisted" value="yes"${v.values.assisted === 'yes' ? raw(' checked') : ''}>${t.assisted}</label></div>`;
  const saved = v.saved
    ? html`<p role="status" style="border-left:5px solid #00703c;padding:.5rem .75rem;font-weight:700">${t.saved}</p>`
    : '';
  const body = html`<h1>${t.formTitle}</h1>${saved}${v.notice ? alertBox('notice-title', v.notice.title, v.notice.text) : ''}${errorSummary(
    v.lang,
    v.survey,
    v.errors,
    ANCHORS,
  )}<p>${t.formIntro(v.unitName)}</p><form method="post" action="${fillPath(STAFF_PATHS.form, { unitId: v.unitId })}" accept-charset="utf-8"><input type="hidden" name="lang" value="${v.lang}"><input type="hidden" name="idem" value="${v.idem}">${channel}${givenOn}${assisted}${surveyFields(
    v.lang,
    v.survey,
    v.values,
    v.errors,
    { askVisitMode: true },
  )}<button type="submit">${t.submit}</button></form>${charCountScript()}`;
  return staffLayout(v, t.formTitle, body, Boolean(v.errors?.length || v.notice));
}
