import type * as z from '../platform/zod.ts';
import { toIssues, type Issue, type Lang, type SurveyVersion, type StatementAnswer, ValidationError } from '../platform/index.ts';
import { KIOSK_CHANNELS, PUBLIC_CHANNELS, STAFF_CHANNELS, type Channel, type EntryPoint, type Role, type VisitMode } from './answer.ts';
import { answerInputSchema, feedbackInputSchema, kioskEntrySchema, staffEntrySchema } from './contracts.ts';

/** Longest free text accepted, in characters (Unicode code points). */
export const MAX_TEXT_LENGTH = 4000;

/** Channels whose answers may arrive late with the time they were given (paper or oral feedback typed in later, a kiosk's offline queue). */
export const LATE_CHANNELS: readonly Channel[] = [...STAFF_CHANNELS, ...KIOSK_CHANNELS];
/** How old an answer given offline may be when it arrives. */
export const MAX_LATE_DAYS = 30;

/** A structurally valid submission. */
export type FeedbackInput = z.infer<typeof answerInputSchema>;

/** What each entry point may submit: its schema (which names what it may claim) and its channels. */
const ENTRY_POINTS = {
  public: { schema: feedbackInputSchema, channels: PUBLIC_CHANNELS },
  staff: { schema: staffEntrySchema, channels: STAFF_CHANNELS },
  sms: { schema: answerInputSchema, channels: ['sms'] },
  kiosk: { schema: kioskEntrySchema, channels: KIOSK_CHANNELS },
} as const satisfies Record<EntryPoint, { schema: z.ZodMiniType; channels: readonly Channel[] }>;

/** A submission whose answers have been checked against a survey version. */
export interface ValidFeedback {
  unitId: string;
  channel: Channel;
  lang: Lang;
  surveyId: string;
  answers: Record<string, number | StatementAnswer>;
  text?: string;
  role?: Role;
  visitMode?: VisitMode;
  assisted: boolean;
}

/** Checks the shape of a submission for its entry point; throws a ValidationError naming each bad field. */
export function parseFeedbackInput(raw: unknown, entry: EntryPoint = 'public'): FeedbackInput {
  const { schema, channels } = ENTRY_POINTS[entry];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(
      'The feedback is not valid.',
      toIssues(parsed.error).map((i) => explainClaim(i, entry)),
    );
  }
  const input = parsed.data as FeedbackInput;
  if (!(channels as readonly Channel[]).includes(input.channel)) {
    throw new ValidationError('The feedback is not valid.', [
      { path: 'channel', message: `channel "${input.channel}" is not accepted here; use one of ${channels.join(', ')}` },
    ]);
  }
  return input;
}

/** Says why a public submission may not claim staff-only fields, instead of only "unknown field". */
function explainClaim(issue: Issue, entry: EntryPoint): Issue {
  if (entry !== 'public') return issue;
  if (issue.path === 'assisted' || issue.path === 'answeredAt')
    return { path: issue.path, message: `${issue.message}: only staff entering paper or oral feedback may send it` };
  if (issue.path === 'channel') return { path: issue.path, message: `${issue.message} (kiosk, paper and oral answers need a credential)` };
  return issue;
}

/**
 * Checks every answer against the survey version: known question ids, NPS an integer 0–10,
 * statements 1–5 or "cant_say", text within the limit, and at least one question answered.
 */
export function checkAgainstSurvey(input: FeedbackInput, surveyId: string, version: SurveyVersion): ValidFeedback {
  const issues: Issue[] = [];
  const answers: Record<string, number | StatementAnswer> = {};
  const questions = new Map(version.questions.map((q) => [q.id, q]));
  for (const [id, value] of Object.entries(input.answers)) {
    const q = questions.get(id);
    const path = `answers.${id}`;
    if (!q || q.type === 'text' || q.type === 'role') {
      const hint = q ? ` (send it as the top-level "${id}" field)` : '';
      issues.push({ path, message: `unknown question "${id}"${hint}` });
    } else if (q.type === 'nps') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) {
        issues.push({ path, message: 'must be an integer from 0 to 10' });
      } else answers[id] = value;
    } else if (value === 'cant_say' || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5)) {
      answers[id] = value as StatementAnswer;
    } else {
      issues.push({ path, message: 'must be an integer from 1 to 5 or "cant_say"' });
    }
  }
  const textQuestion = version.questions.find((q) => q.type === 'text');
  const text = input.text?.trim() ? input.text.trim() : undefined;
  if (text !== undefined) {
    const max = Math.min(textQuestion?.type === 'text' ? textQuestion.maxLength : 0, MAX_TEXT_LENGTH);
    if (!textQuestion) issues.push({ path: 'text', message: 'this survey has no free-text question' });
    else if ([...text].length > max) issues.push({ path: 'text', message: `must be at most ${max} characters` });
  }
  if (input.role !== undefined && !version.questions.some((q) => q.type === 'role')) {
    issues.push({ path: 'role', message: 'this survey does not ask for the respondent role' });
  }
  if (issues.length === 0 && Object.keys(answers).length === 0 && text === undefined) {
    issues.push({ path: 'answers', message: 'answer at least one question' });
  }
  if (issues.length) throw new ValidationError('The feedback is not valid.', issues);
  return {
    unitId: input.unitId,
    channel: input.channel,
    lang: input.lang,
    surveyId,
    answers,
    ...(text !== undefined ? { text } : {}),
    ...(input.role ? { role: input.role } : {}),
    ...(input.visitMode ? { visitMode: input.visitMode } : {}),
    assisted: input.assisted ?? false,
  };
}
