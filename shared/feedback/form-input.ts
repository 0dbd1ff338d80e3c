import type { ContactInput } from '../contacts/index.ts';
import type { Lang, LocalizedSurvey, Issue } from '../platform/index.ts';
import { CONTACT_FIELDS, FORM_CHANNELS, type FormChannel } from './form-page.ts';
import { UI } from './ui-text.ts';

/** The channel a form post or URL names in `ch`; anything unknown is `web`. */
export function formChannel(value: string | undefined): FormChannel {
  return (FORM_CHANNELS as readonly string[]).includes(value ?? '') ? (value as FormChannel) : 'web';
}

/** The form field each contact issue path (`contact.phone`) is shown at; the request as a whole at the phone. */
const CONTACT_PATHS: Record<string, string> = {
  contact: CONTACT_FIELDS.phone,
  'contact.name': CONTACT_FIELDS.name,
  'contact.phone': CONTACT_FIELDS.phone,
  'contact.email': CONTACT_FIELDS.email,
  'contact.consent': CONTACT_FIELDS.consent,
};

/**
 * The contact request of a form post: asked for by ticking `contact=yes` or by filling any contact
 * field (details left behind after unticking are never dropped silently: without consent they are an
 * error, and nothing is stored), with consent only when `contactConsent=yes`.
 */
function formContact(fields: Record<string, string>): ContactInput | { consent: boolean } | undefined {
  const value = (name: string) => (fields[name]?.trim() ? fields[name] : undefined);
  const name = value(CONTACT_FIELDS.name);
  const phone = value(CONTACT_FIELDS.phone);
  const email = value(CONTACT_FIELDS.email);
  if (fields[CONTACT_FIELDS.want] !== 'yes' && !name && !phone && !email) return undefined;
  return {
    ...(name ? { name } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    consent: fields[CONTACT_FIELDS.consent] === 'yes',
  };
}

/**
 * Turns posted form fields (all strings, named by question id) into the JSON shape the submit use
 * case validates, so that the form and the API share one set of rules. Empty fields are unanswered;
 * a value that is not a number stays a string so validation reports it.
 */
export function formToFeedback(fields: Record<string, string>, unitId: string, survey: LocalizedSurvey, lang: Lang, channel: FormChannel) {
  const answers: Record<string, string | number> = {};
  let text: string | undefined;
  let role: string | undefined;
  for (const q of survey.questions) {
    const v = fields[q.id];
    if (v === undefined || v === '') continue;
    if (q.type === 'text') text = v;
    else if (q.type === 'role') role = v;
    else answers[q.id] = /^\d{1,2}$/.test(v) ? Number(v) : v;
  }
  const contact = formContact(fields);
  return {
    unitId,
    channel,
    lang,
    surveyId: survey.id,
    answers,
    ...(text !== undefined ? { text } : {}),
    ...(role !== undefined ? { role } : {}),
    ...(fields.visitMode ? { visitMode: fields.visitMode } : {}),
    ...(contact ? { contact } : {}),
  };
}

/** Maps validation issues (`answers.nps`, `text`) to messages in the page language, one per field. */
export function localizeIssues(issues: readonly Issue[], survey: LocalizedSurvey, lang: Lang): { field: string; message: string }[] {
  const t = UI[lang];
  const out = new Map<string, string>();
  for (const issue of issues) {
    const contactField = CONTACT_PATHS[issue.path];
    if (contactField) {
      if (!out.has(contactField)) out.set(contactField, contactMessage(issue, contactField, lang));
      continue;
    }
    const field = issue.path.replace(/^answers\./, '');
    const q = survey.questions.find((x) => x.id === field);
    let message: string = t.errOther;
    if (q?.type === 'nps') message = t.errNps;
    else if (q?.type === 'statement') message = survey.scale === 'faces' ? t.errFace : t.errStatement;
    else if (q?.type === 'text') message = t.errText(q.maxLength);
    else if (field === 'answers') message = t.errNothing;
    else if (field === 'visitMode') message = t.errVisitMode;
    if (!out.has(field)) out.set(field, message);
  }
  return [...out].map(([field, message]) => ({ field, message }));
}

/** The page-language message of a contact issue at its form field. */
function contactMessage(issue: Issue, field: string, lang: Lang): string {
  const t = UI[lang];
  if (issue.path === 'contact') return t.errContactMissing;
  if (/at most/.test(issue.message)) return t.errContactLength;
  if (field === CONTACT_FIELDS.phone) return t.errContactPhone;
  if (field === CONTACT_FIELDS.email) return t.errContactEmail;
  if (field === CONTACT_FIELDS.consent) return t.errContactConsent;
  return t.errOther;
}
