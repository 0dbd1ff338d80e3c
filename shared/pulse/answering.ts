/**
 * Answering with a one-time code: what the code opens (a form, or a friendly refusal), and storing
 * an answer so that nothing links it to the code. Nothing personal is asked or kept: the answer holds
 * the values, the redacted open text and the Helsinki day.
 */
import { randomUUID } from 'node:crypto';
import { type AppConfig, type Clock, helsinkiDate, type Issue, type Lang, ValidationError } from '../platform/index.ts';
import { redactText } from '../text/index.ts';
import { codeHash, normalizeCode } from './codes.ts';
import type { PulseAnswer, Round, ScaleValue } from './model.ts';
import type { PulseStore } from './pulse-store.ts';
import { MAX_OPEN_TEXT, type StaffSurvey, type StaffSurveyCatalog, type StaffSurveyVersion } from './survey.ts';

/** What the answer form reads. */
export interface AnswerDeps {
  config: AppConfig;
  surveys: StaffSurveyCatalog;
  store: PulseStore;
  clock: Clock;
}

/** What a code opens. */
export type CodeOpening =
  | { state: 'unknown' }
  | { state: 'used' }
  | { state: 'not_open'; round: Round }
  | { state: 'closed'; round: Round }
  | { state: 'open'; hash: string; round: Round; survey: StaffSurvey; version: StaffSurveyVersion };

/** Looks a code up: unknown, used, its round not yet open or closed, or open for an answer. */
export async function openCode(deps: AnswerDeps, raw: string): Promise<CodeOpening> {
  const code = normalizeCode(raw);
  if (!code) return { state: 'unknown' };
  const hash = codeHash(code);
  const c = await deps.store.codeState(hash);
  if (c.state === 'unknown') return { state: 'unknown' };
  if (c.state === 'used') return { state: 'used' };
  const round = await deps.store.getRound(c.roundId);
  const survey = round && deps.surveys.survey(round.surveyId);
  const version = round && deps.surveys.version(round.surveyId, round.version);
  if (!round || !survey || !version) return { state: 'unknown' };
  const today = helsinkiDate(deps.clock.now());
  if (today < round.opensOn) return { state: 'not_open', round };
  if (today > round.closesOn) return { state: 'closed', round };
  return { state: 'open', hash, round, survey, version };
}

/**
 * The form's fields as an answer: each statement 1–5 or left out, `text` optional. At least one
 * statement must be answered; a bad value names its field.
 */
export function formToValues(
  fields: Readonly<Record<string, string>>,
  version: StaffSurveyVersion,
): { values: Record<string, ScaleValue>; text: string | undefined } {
  const issues: Issue[] = [];
  const values: Record<string, ScaleValue> = {};
  for (const s of version.statements) {
    const v = fields[s.id];
    if (v === undefined || v === '') continue;
    if (!/^[1-5]$/.test(v)) issues.push({ path: s.id, message: 'must be 1–5' });
    else values[s.id] = Number(v) as ScaleValue;
  }
  const text = (fields.text ?? '').trim();
  if (text.length > MAX_OPEN_TEXT) issues.push({ path: 'text', message: `must be at most ${MAX_OPEN_TEXT} characters` });
  if (!version.openQuestion && text) issues.push({ path: 'text', message: 'this survey has no open question' });
  if (!issues.length && Object.keys(values).length === 0)
    issues.push({ path: version.statements[0]!.id, message: 'answer at least one statement' });
  if (issues.length) throw new ValidationError('The answer is not valid.', issues);
  return { values, text: text || undefined };
}

/**
 * Stores an answer for an open code: the text redacted before it is stored, the day only. `used` when
 * the code was spent meanwhile (a second tab, a double click): nothing is stored then.
 */
export async function submitAnswer(
  deps: AnswerDeps,
  opened: Extract<CodeOpening, { state: 'open' }>,
  fields: Readonly<Record<string, string>>,
  lang: Lang,
): Promise<'stored' | 'used'> {
  const { values, text } = formToValues(fields, opened.version);
  const answer: PulseAnswer = {
    id: randomUUID(),
    roundId: opened.round.id,
    surveyId: opened.round.surveyId,
    version: opened.round.version,
    date: helsinkiDate(deps.clock.now()),
    values,
    ...(text ? { text: redactText(text, { lang }) } : {}),
  };
  return deps.store.answer(opened.hash, answer);
}
