import {
  type Lang,
  type LocalizedQuestion,
  type LocalizedSurvey,
  fillPath,
  html,
  inlineScript,
  pageCsp,
  raw,
  type Html,
  layout,
} from '../platform/index.ts';
import { infoFooter, type RightsLinks } from '../publicinfo/index.ts';
import { CHAR_COUNT_BUNDLE } from './browser/char-count.generated.ts';
import { VISIT_MODES, type VisitMode } from './answer.ts';
import { FORM_PATHS } from './manifest.ts';
import { UI } from './ui-text.ts';

/** The form's one script, the free text's character counter; answering never needs it. */
const SCRIPT = inlineScript(CHAR_COUNT_BUNDLE);

/**
 * The Content-Security-Policy of a page showing the form: the page CSP (framed only by
 * `frameAncestors`) with exactly the character counter allowed to run.
 */
export function formCsp(frameAncestors?: string): string {
  return pageCsp(frameAncestors, SCRIPT.hash);
}

/** The character counter's script element, for a page that shows the free text and sends `formCsp`. */
export function charCountScript(): Html {
  return html`<script>${raw(SCRIPT.code)}</script>`;
}

/**
 * Channels a form URL may carry in `?ch=`; anything else is the plain web form. Only what anyone may
 * claim: a link cannot make its answers kiosk ones (an enrolled kiosk device can, when kiosks exist).
 */
export const FORM_CHANNELS = ['web', 'qr'] as const;
/** The contact section's field names (the JSON `contact` object's fields in the form). */
export const CONTACT_FIELDS = {
  want: 'contact',
  name: 'contactName',
  phone: 'contactPhone',
  email: 'contactEmail',
  consent: 'contactConsent',
} as const;

/** A channel the HTML form records. */
export type FormChannel = (typeof FORM_CHANNELS)[number];

/** Everything the form page shows. */
export interface FormView {
  lang: Lang;
  unitId: string;
  unitName: string;
  regionName: string;
  channel: FormChannel;
  survey: LocalizedSurvey;
  /** Idempotency token of this form instance, so a double submit stores one answer. */
  idem: string;
  /** The person's earlier answers, by field name, when the form is shown again after an error. */
  values?: Record<string, string>;
  /** Field errors, by field name, already in the page's language. */
  errors?: { field: string; message: string }[];
  /**
   * A problem that is not the person's (the service briefly unavailable), shown above the form with
   * their answers kept, so that sending again is one click and nothing they wrote is lost.
   */
  notice?: { title: string; text: string };
  /** Where the form posts; the unit's form URL by default. */
  action?: string;
  /** The visit mode the form's link names (`?visit=`), sent with the answer as a hidden field. */
  visitMode?: VisitMode;
  /** Introduction line instead of the default one. */
  intro?: string;
  /** Links shown under the form, e.g. the SMS opt-out. */
  footerLinks?: { href: string; text: string }[];
  /** Language switch targets; the unit's form URL by default. */
  langHref?: (lang: Lang) => string;
  /** The survey the URL chose (`?survey=`), sent back as the hidden `surveyId`; absent for the unit's default. */
  chosenSurvey?: string;
}

/** A form variant a URL names: another survey (`survey=`) and easy-read texts (`easy=1`). */
export interface VariantQuery {
  survey?: string | undefined;
  easy?: boolean | undefined;
}

/**
 * Query string of a form URL for a language, channel, visit mode and variant
 * (`?lang=sv&ch=qr&visit=group&survey=thl-lapset&easy=1`).
 */
export function formQuery(lang: Lang, channel: FormChannel, visitMode?: VisitMode, variant: VariantQuery = {}): string {
  const survey = variant.survey ? `&survey=${encodeURIComponent(variant.survey)}` : '';
  return `?lang=${lang}${channel === 'web' ? '' : `&ch=${channel}`}${visitMode ? `&visit=${visitMode}` : ''}${survey}${variant.easy ? '&easy=1' : ''}`;
}

/** The visit mode a form URL names in `visit`, if it is one; anything else is none. */
export function formVisitMode(value: string | undefined): VisitMode | undefined {
  return (VISIT_MODES as readonly string[]).includes(value ?? '') ? (value as VisitMode) : undefined;
}

/**
 * The thank-you page's query flag saying the answer came with a contact request, so the page promises
 * contact (only the flag: the contact itself is never in a URL). Anyone may set it on a link; it
 * changes one sentence of a static page.
 */
export const CONTACT_REQUESTED_QUERY = 'contact=yes';

/** Whether a thank-you page URL carries the contact flag. */
export function contactRequestedIn(query: Record<string, string | undefined> | undefined): boolean {
  return query?.contact === 'yes';
}

/** Id of the element an error summary link points to: the first input of the question. */
function anchor(q: LocalizedQuestion): string {
  return q.type === 'text' ? 'text' : `${q.id}-0`;
}

/**
 * The error summary above a form: one link per field error, to the question's first input, a contact
 * field, or `anchors[field]` for fields of the page's own (the staff entry form's date); empty without errors.
 */
export function errorSummary(
  lang: Lang,
  survey: LocalizedSurvey,
  errors: readonly { field: string; message: string }[] | undefined,
  anchors: Readonly<Record<string, string>> = {},
): Html | '' {
  if (!errors?.length) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus><h2 id="error-summary-title">${UI[lang].errorSummary}</h2><ul>${errors.map(
    (e) => {
      const q = survey.questions.find((q) => q.id === e.field);
      const href = anchors[e.field] ?? (q || !isOwnField(e.field) ? anchor(q ?? survey.questions[0]!) : e.field);
      return html`<li><a href="#${href}">${e.message}</a></li>`;
    },
  )}</ul></div>`;
}

/**
 * The survey's questions and the contact section, with the answers given so far and the errors at
 * their fields: the part of the form every form that stores an answer shows alike (the public form,
 * the SMS survey, staff entry).
 */
export function surveyFields(
  lang: Lang,
  survey: LocalizedSurvey,
  values: Record<string, string> = {},
  errors: readonly { field: string; message: string }[] = [],
  opts: { askVisitMode?: boolean } = {},
): Html {
  const errs = new Map(errors.map((e) => [e.field, e.message]));
  const visitMode = opts.askVisitMode ? visitModeField(lang, values.visitMode, errs.get('visitMode')) : '';
  const faces = survey.scale === 'faces';
  // A child's form asks for no contact details: a child is not asked to identify themself.
  const contact = survey.audience === 'child' ? '' : contactSection(lang, values, errs);
  return html`${faces ? FACE_SYMBOLS : ''}${survey.questions.map((q) => question(lang, q, values[q.id], errs.get(q.id), faces))}${visitMode}${contact}`;
}

/** Mouths of the five faces, from very sad (1) to very happy (5). */
const FACE_MOUTHS = ['M12 30Q20 19 28 30', 'M13 28Q20 25 27 28', 'M13 26H27', 'M13 24Q20 29 27 24', 'M11 23Q20 35 29 23'];

/** The faces, drawn once per page and used by every statement (`<use>`), so five statements cost five faces' bytes once. */
const FACE_SYMBOLS = raw(
  `<svg class="vh" aria-hidden="true" focusable="false">${FACE_MOUTHS.map(
    (d, i) =>
      `<symbol id="face${i + 1}" viewBox="0 0 40 40"><g fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"><circle cx="20" cy="20" r="17"/><path d="${d}"/></g><circle cx="14" cy="16" r="2" fill="currentColor"/><circle cx="26" cy="16" r="2" fill="currentColor"/></symbol>`,
  ).join('')}</svg>`,
);

/**
 * The optional visit mode question (`visitMode`), a select one row high, on the staff entry form. The
 * public form does not ask it: on a phone it would cost about 86 px, and the Swedish form has 12 px
 * left of its height budget (issue 12); there the mode comes from the link (`?visit=group`, a poster in
 * the group room), and on the SMS survey from the visit record.
 */
function visitModeField(lang: Lang, current: string | undefined, error: string | undefined): Html {
  const t = UI[lang];
  const option = (value: string, label: string) =>
    html`<option value="${value}"${current === value ? raw(' selected') : ''}>${label}</option>`;
  return html`<div class="q${error ? ' has-error' : ''}"><label class="label" for="visitMode">${t.visitMode}</label>${errorLine('visitMode', error)}<select class="field" id="visitMode" name="visitMode"${error ? raw(' aria-invalid="true" aria-describedby="visitMode-error"') : ''}>${option('', t.visitModeNone)}${VISIT_MODES.map((m) => option(m, t[`visitMode_${m}`]))}</select></div>`;
}

/** The public feedback form; works without JavaScript and posts as a plain form. */
export function renderForm(v: FormView): string {
  const t = UI[v.lang];
  const summary = errorSummary(v.lang, v.survey, v.errors);
  const notice = v.notice
    ? html`<div class="error-summary" role="alert" aria-labelledby="notice-title" tabindex="-1" autofocus><h2 id="notice-title">${v.notice.title}</h2><p>${v.notice.text}</p></div>`
    : '';
  const easy = v.survey.easyRead === true;
  const variant = { survey: v.chosenSurvey, easy };
  const child = v.survey.audience === 'child';
  const intro =
    v.intro ??
    (v.survey.intro ? html`<strong>${v.unitName}</strong>. ${v.survey.intro}` : child ? t.introChild(v.unitName) : t.intro(v.unitName));
  // Easy-read is offered where the survey has it in this language: a plain link at the top (nothing
  // answered yet) and, beside the send button but after it (so Enter still sends), a button that posts
  // the answers so far and shows them again in the other wording. Both cost no height of the phone form.
  const easyLink =
    v.survey.easyRead === false
      ? html` <a href="${formQuery(v.lang, v.channel, v.visitMode, { ...variant, easy: true })}">${t.easyLink}</a>`
      : '';
  const easySwitch =
    v.survey.easyRead === undefined
      ? ''
      : html`<button type="submit" class="secondary" name="switch" value="${easy ? 'standard' : 'easy'}">${easy ? t.easyOff : t.easyOn}<span class="vh"> ${t.easyKeeps}</span></button>`;
  const hidden = html`${v.chosenSurvey ? html`<input type="hidden" name="surveyId" value="${v.chosenSurvey}">` : ''}${easy ? html`<input type="hidden" name="easy" value="1">` : ''}`;
  const body = html`<h1>${t.title}</h1>${notice}${summary}<p>${intro}</p><p>${child ? t.optionalChild : t.optional}${easyLink}</p><form method="post" action="${v.action ?? fillPath(FORM_PATHS.form, { unitId: v.unitId })}" accept-charset="utf-8"><input type="hidden" name="lang" value="${v.lang}"><input type="hidden" name="ch" value="${v.channel}"><input type="hidden" name="idem" value="${v.idem}">${v.visitMode ? html`<input type="hidden" name="visitMode" value="${v.visitMode}">` : ''}${hidden}${surveyFields(v.lang, v.survey, v.values, v.errors)}<button type="submit">${t.submit}</button>${easySwitch}</form>${(v.footerLinks ?? []).map((l) => html`<p><a href="${l.href}">${l.text}</a></p>`)}${charCountScript()}`;
  const title = `${v.errors?.length || v.notice ? `${t.errorPrefix}: ` : ''}${t.title} – ${v.unitName}`;
  return layout({
    lang: v.lang,
    title,
    regionName: v.regionName,
    langHref: v.langHref ?? ((l) => formQuery(l, v.channel, v.visitMode, variant)),
    body,
    footer: infoFooter(v.lang),
  });
}

/** Whether a form field is one of the form's own beside the survey's questions: the visit mode or the contact section's. */
function isOwnField(field: string): boolean {
  return field === 'visitMode' || (Object.values(CONTACT_FIELDS) as string[]).includes(field);
}

/**
 * The optional contact section: a person may ask to be contacted, with name, phone and/or e-mail and
 * consent. Plain inputs in a fieldset, so it works without JavaScript and reads in order with a screen
 * reader; each input has its label, and its error is tied to it as on the questions. The details show
 * once the "contact me" box is ticked (CSS `:has`, no script), so the many who do not ask scroll past
 * one line; they show from the start when the box was ticked or anything was filled in (the form
 * shown again), and in a browser without `:has` always.
 */
function contactSection(lang: Lang, values: Record<string, string>, errs: Map<string, string>): Html {
  const t = UI[lang];
  const box = (name: string, label: string) =>
    html`<div class="opts col${errs.has(name) ? ' has-error' : ''}">${errorLine(name, errs.get(name))}<label for="${name}"><input type="checkbox" id="${name}" name="${name}" value="yes"${values[name] === 'yes' ? raw(' checked') : ''}${errs.has(name) ? raw(` aria-invalid="true" aria-describedby="${name}-error"`) : ''}>${label}</label></div>`;
  const input = (name: string, label: string, type: string, autocomplete: string) => {
    const error = errs.get(name);
    return html`<div${error ? raw(' class="has-error"') : ''}><label class="label" for="${name}">${label}</label>${errorLine(name, error)}<input class="field" type="${type}" id="${name}" name="${name}" autocomplete="${autocomplete}" maxlength="200" value="${values[name] ?? ''}"${error ? raw(` aria-invalid="true" aria-describedby="${name}-error"`) : ''}></div>`;
  };
  const open = (Object.values(CONTACT_FIELDS) as string[]).some((f) => (values[f] ?? '') !== '' || errs.has(f));
  return html`<fieldset class="contact${open ? ' open' : ''}" aria-describedby="contact-hint"><legend>${t.contactLegend}</legend>${box(CONTACT_FIELDS.want, t.contactWant)}<div class="reveal"><p class="hint" id="contact-hint">${t.contactHint}</p>${input(CONTACT_FIELDS.name, t.contactName, 'text', 'name')}${input(CONTACT_FIELDS.phone, t.contactPhone, 'tel', 'tel')}${input(CONTACT_FIELDS.email, t.contactEmail, 'email', 'email')}${box(CONTACT_FIELDS.consent, t.contactConsent)}</div></fieldset>`;
}

/** Radios with their words, side by side as long as they fit (the role question's two). */
function radios(name: string, options: { value: string | number; label: string }[], current: string | undefined): Html {
  return html`<div class="opts two">${options.map(
    (o, i) =>
      html`<label for="${name}-${i}"><input type="radio" id="${name}-${i}" name="${name}" value="${String(o.value)}"${current === String(o.value) ? raw(' checked') : ''}>${o.label}</label>`,
  )}</div>`;
}

/** One point of a scale: a box of equal size with the value on it and, for screen readers, its words. */
interface ScalePoint {
  value: string;
  shown: string | Html;
  /** Said after `shown` to screen readers only, e.g. " – Strongly agree". */
  spoken?: string;
}

/**
 * A scale on one row at any width from 320 px: equal boxes side by side, each a whole radio's target
 * (the radio itself fills its box unseen), with the end labels under the first and last box. `extra`
 * is a point beside the scale, apart from it ("can't say"). The ends are `endsId`'s text, or hidden
 * from screen readers when each point says its words already.
 */
function scale(
  name: string,
  points: ScalePoint[],
  ends: { first: Html | string; last: Html | string; id?: string },
  current: string | undefined,
  extra?: ScalePoint,
): Html {
  const point = (p: ScalePoint, i: number, cls: string) => scalePoint(name, p, i, cls, current);
  const endsAttr = ends.id ? raw(` id="${ends.id}"`) : raw(' aria-hidden="true"');
  return html`<div class="row"><div class="nums"><div class="pts">${points.map((p, i) => point(p, i, 'pt'))}</div><p class="ends"${endsAttr}><span>${ends.first}</span><span>${ends.last}</span></p></div>${extra ? point(extra, points.length, 'pt other') : ''}</div>`;
}

/** One radio of a scale in its box, checked when it is the answer so far. */
function scalePoint(name: string, p: ScalePoint, i: number, cls: string, current: string | undefined): Html {
  return html`<label class="${cls}" for="${name}-${i}"><input type="radio" id="${name}-${i}" name="${name}" value="${p.value}"${current === p.value ? raw(' checked') : ''}><span class="box">${p.shown}</span>${p.spoken ? html`<span class="vh">${p.spoken}</span>` : ''}</label>`;
}

/**
 * The children's scale: five faces in a row, each with its words visible under it (a face alone is
 * read differently by different children), and "I don't know" apart below them. Native radios, so
 * Tab reaches the group, the arrow keys move between faces and Space chooses.
 */
function faceScale(name: string, points: ScalePoint[], current: string | undefined, extra?: ScalePoint): Html {
  return html`<div class="pts faces">${points.map((p, i) => scalePoint(name, p, i, 'pt', current))}</div>${extra ? html`<div class="pts">${scalePoint(name, extra, points.length, 'pt other', current)}</div>` : ''}`;
}

/** A field's error message, with the id its input names in `aria-describedby`; nothing without an error. */
export function errorLine(id: string, message: string | undefined): Html | '' {
  return message ? html`<p class="err" id="${id}-error">${message}</p>` : '';
}

function question(lang: Lang, q: LocalizedQuestion, current: string | undefined, error: string | undefined, faces = false): Html {
  const t = UI[lang];
  const describedBy = (ids: string[]) => (ids.length ? raw(` aria-describedby="${ids.join(' ')}"`) : '');
  const errIds = error ? [`${q.id}-error`] : [];
  switch (q.type) {
    case 'nps': {
      const points = Array.from({ length: 11 }, (_, i) => ({ value: String(i), shown: String(i) }));
      const ends = {
        first: html`<span class="vh">0 = </span>${q.minLabel}`,
        last: html`<span class="vh">10 = </span>${q.maxLabel}`,
        id: `${q.id}-ends`,
      };
      return html`<fieldset class="q${error ? ' has-error' : ''}"${describedBy([`${q.id}-ends`, ...errIds])}><legend>${q.text}</legend>${errorLine(q.id, error)}${scale(q.id, points, ends, current)}</fieldset>`;
    }
    case 'statement': {
      const numbered = q.options.filter((o) => typeof o.value === 'number');
      const other = q.options.find((o) => typeof o.value !== 'number');
      if (faces) {
        const facePoints = numbered.map((o) => ({
          value: String(o.value),
          shown: html`${raw(`<svg class="face" aria-hidden="true" focusable="false"><use href="#face${o.value}"/></svg>`)}${o.label}`,
        }));
        const otherPoint = other ? { value: String(other.value), shown: other.label } : undefined;
        return html`<fieldset class="q${error ? ' has-error' : ''}"${describedBy(errIds)}><legend>${q.text}</legend>${errorLine(q.id, error)}${faceScale(q.id, facePoints, current, otherPoint)}</fieldset>`;
      }
      const points = numbered.map((o) => ({ value: String(o.value), shown: String(o.value), spoken: ` – ${o.label}` }));
      const ends = { first: numbered[0]?.label ?? '', last: numbered.at(-1)?.label ?? '' };
      return html`<fieldset class="q stmt${error ? ' has-error' : ''}"${describedBy(errIds)}><legend>${q.text}</legend><div class="scale">${errorLine(q.id, error)}${scale(
        q.id,
        points,
        ends,
        current,
        other ? { value: String(other.value), shown: other.label } : undefined,
      )}</div></fieldset>`;
    }
    case 'role':
      return html`<fieldset class="q"><legend>${q.text}</legend>${radios(q.id, q.options, current)}</fieldset>`;
    case 'text':
      return html`<div class="q${error ? ' has-error' : ''}"><label class="label" for="text">${q.text}</label>${q.hint ? html`<p class="hint" id="text-hint">${q.hint}</p>` : ''}${errorLine('text', error)}<textarea id="text" name="text" rows="4" maxlength="${q.maxLength}" data-left="${t.textLeft}" data-left-one="${t.textLeftOne}"${describedBy([...(q.hint ? ['text-hint'] : []), 'text-limit', ...errIds])}${error ? raw(' aria-invalid="true"') : ''}>${current ?? ''}</textarea><p class="hint count" id="text-limit">${t.textLimit(q.maxLength)}</p></div>`;
  }
}

/**
 * A person who asked to be contacted, and the days the unit has to do it
 * (`region.handling.deadlineDays.contact`). Contact requests come with case handling; until then no
 * page passes one, and every thank-you page says feedback is not answered individually.
 */
export interface ContactRequested {
  withinDays: number;
}

/**
 * What happens to the feedback next: the unit's staff read it, and either it is not answered
 * individually or — when the person asked to be contacted — the unit contacts them within the
 * deadline. The contacted case is the slot case handling switches on by passing `contactRequested`.
 */
export function whatHappensNext(lang: Lang, contactRequested?: ContactRequested): Html {
  const t = UI[lang];
  return html`<h2>${t.nextTitle}</h2><p>${t.nextRead} ${contactRequested ? t.nextContact(contactRequested.withinDays) : t.nextNoReply}</p>`;
}

/**
 * Where a formal complaint (muistutus) goes and where the patient and social ombudsmen are found,
 * with the region's links: feedback is not a complaint, and a person who needs one must not have to
 * search for it.
 */
export function complaintsAndOmbudsmen(lang: Lang, links: RightsLinks): Html {
  const t = UI[lang];
  return html`<h2>${t.rightsTitle}</h2><p>${t.rightsBody}</p><ul><li><a href="${links.complaint}">${t.rightsComplaint}</a></li><li><a href="${links.patientOmbudsman}">${t.rightsPatientOmbudsman}</a></li><li><a href="${links.socialOmbudsman}">${t.rightsSocialOmbudsman}</a></li></ul>`;
}

/**
 * The page shown after a successful post (the target of the 303 redirect): thanks, what happens next,
 * and where complaints and the ombudsmen are.
 */
export function renderThanks(v: {
  lang: Lang;
  unitId: string;
  regionName: string;
  channel: FormChannel;
  /** The region's complaint and ombudsman links in `lang` (`rightsLinks` of the public information feature). */
  rights: RightsLinks;
  contactRequested?: ContactRequested;
  withAgainLink?: boolean;
  langHref?: (l: Lang) => string;
  /** The survey the form was chosen with (`?survey=`), so "give feedback again" opens the same variant. */
  chosenSurvey?: string;
}): string {
  const t = UI[v.lang];
  const variant = { survey: v.chosenSurvey };
  const again = `${fillPath(FORM_PATHS.form, { unitId: v.unitId })}${formQuery(v.lang, v.channel, undefined, variant)}`;
  const body = html`<h1>${t.thanksTitle}</h1><p>${t.thanksBody}</p>${whatHappensNext(v.lang, v.contactRequested)}${complaintsAndOmbudsmen(
    v.lang,
    v.rights,
  )}${v.withAgainLink === false ? '' : html`<p><a href="${again}">${t.again}</a></p>`}`;
  return layout({
    lang: v.lang,
    title: t.thanksTitle,
    regionName: v.regionName,
    langHref:
      v.langHref ??
      ((l) =>
        `${fillPath(FORM_PATHS.thanks, { unitId: v.unitId })}${formQuery(l, v.channel, undefined, variant)}${v.contactRequested ? `&${CONTACT_REQUESTED_QUERY}` : ''}`),
    body,
    footer: infoFooter(v.lang),
  });
}

/** A page with a heading, a text and one POST button (the SMS opt-out confirmation). */
export function renderConfirm(v: {
  lang: Lang;
  regionName: string;
  title: string;
  text: string;
  action: string;
  button: string;
  langHref: (l: Lang) => string;
}): string {
  const body = html`<h1>${v.title}</h1><p>${v.text}</p><form method="post" action="${v.action}"><button type="submit">${v.button}</button></form>`;
  return layout({ lang: v.lang, title: v.title, regionName: v.regionName, langHref: v.langHref, body, footer: infoFooter(v.lang) });
}

/** A friendly page for an unknown unit or a failure, in the person's language. */
export function renderMessage(v: { lang: Lang; regionName: string; title: string; text: string; langHref?: (l: Lang) => string }): string {
  return layout({
    lang: v.lang,
    title: v.title,
    regionName: v.regionName,
    langHref: v.langHref ?? ((l) => `?lang=${l}`),
    body: html`<h1>${v.title}</h1><p>${v.text}</p>`,
    footer: infoFooter(v.lang),
  });
}
