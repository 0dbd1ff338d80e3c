import type { Lang, LocalizedSurvey, Issue } from '../platform/index.ts';
import { FORM_CHANNELS, type FormChannel } from './form-page.ts';
import { UI } from './ui-text.ts';

/** The channel a form post or URL names in `ch`; anything unknown is `web`. */
export function formChannel(value: string | undefined): FormChannel {
  return (FORM_CHANNELS as readonly string[]).includes(value ?? '') ? (value as FormChannel) : 'web';
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
  return {
    unitId,
    channel,
    lang,
    surveyId: survey.id,
    answers,
    ...(text !== undefined ? { text } : {}),
    ...(role !== undefined ? { role } : {}),
  };
}

/** Maps validation issues (`answers.nps`, `text`) to messages in the page language, one per field. */
export function localizeIssues(issues: readonly Issue[], survey: LocalizedSurvey, lang: Lang): { field: string; message: string }[] {
  const t = UI[lang];
  const out = new Map<string, string>();
  for (const issue of issues) {
    const field = issue.path.replace(/^answers\./, '');
    const q = survey.questions.find((x) => x.id === field);
    let message: string = t.errOther;
    if (q?.type === 'nps') message = t.errNps;
    else if (q?.type === 'statement') message = t.errStatement;
    else if (q?.type === 'text') message = t.errText(q.maxLength);
    else if (field === 'answers') message = t.errNothing;
    if (!out.has(field)) out.set(field, message);
  }
  return [...out].map(([field, message]) => ({ field, message }));
}
