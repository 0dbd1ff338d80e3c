import { createHash, randomUUID } from 'node:crypto';
import { type Contact, contactIssues, type DataKeys, loadPhoneKind, sealContact, validContact } from '../contacts/index.ts';
import {
  type AppConfig,
  helsinkiDate,
  type Clock,
  ConflictError,
  type Lang,
  NotFoundError,
  regionSettings,
  type StatementAnswer,
  unitSurveyVersion,
  ValidationError,
} from '../platform/index.ts';
import { loadTextAnalysis, redactionSettings } from '../text/index.ts';
import type { Channel, EntryPoint, StoredAnswer, VisitMode } from './answer.ts';
import { idempotencyKeySchema } from './contracts.ts';
import type { FeedbackStore } from './feedback-store.ts';
import {
  checkAgainstSurvey,
  LATE_CHANNELS,
  MAX_LATE_DAYS,
  parseFeedbackInput,
  type FeedbackInput,
  type ValidFeedback,
} from './validate-feedback.ts';

/** How long an idempotency key is remembered; clients retry within minutes, 24 h leaves a wide margin. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** What the submit use case needs from the outside world. */
export interface SubmitDeps {
  config: AppConfig;
  store: FeedbackStore;
  clock: Clock;
  /** The key contact requests are encrypted with; a submission with a contact request fails without it. */
  contactKeys?: DataKeys;
}

/** Options of one submission. */
export interface SubmitOptions {
  /** Client-chosen key that makes retries safe: the same key returns the same answer id. */
  idempotencyKey?: string;
  /** Who submits, which decides the channels and claims allowed (default: the public). */
  entry?: EntryPoint;
  /**
   * What an SMS link carries about the visit, stored with the answer for breakdowns: the age group and
   * the visit mode when the patient system sent one (the link's mode wins over one in the body). The
   * intake's free-text visit type is not here: it serves the sensitive-visit rules only.
   */
  visitContext?: { ageGroup: string; visitMode?: VisitMode };
  /** Flag the answer `burst` (a kiosk's misuse filter decided it): stored, but left out of the figures. */
  burst?: boolean;
}

/** Result of a submission: the answer id, whether this call stored it, and the channel it is counted under. */
export interface SubmitResult {
  id: string;
  created: boolean;
  channel: Channel;
  /** Whether the answer came with a contact request (the thank-you page then promises contact). */
  contactRequested: boolean;
}

/**
 * Validates and stores one feedback answer. Bad input throws before anything is written; with an
 * idempotency key, a retry of the same request returns the first answer's id and stores nothing new.
 */
export async function submitFeedback(deps: SubmitDeps, raw: unknown, opts: SubmitOptions = {}): Promise<SubmitResult> {
  const input = parseFeedbackInput(raw, opts.entry ?? 'public');
  const { org, surveys } = deps.config;
  const unit = org.unit(input.unitId);
  if (!unit) throw new NotFoundError(`Unit "${input.unitId}" does not exist.`, [{ path: 'unitId', message: 'unknown unit' }]);
  const now = deps.clock.now();
  const givenAt = answeredAt(input, now);
  const date = helsinkiDate(givenAt);
  const surveyId = input.surveyId ?? unit.surveyId;
  // The survey as this unit asks it: with the extra statements of its service and the nodes above.
  const version = unitSurveyVersion(org, surveys, unit.id, surveyId, date);
  if (!version) throw new NotFoundError(`Survey "${surveyId}" does not exist.`, [{ path: 'surveyId', message: 'unknown survey' }]);
  const { valid, contact } = await checkAll(input, surveyId, version, surveys.survey(surveyId)!.audience === 'child');
  if (opts.idempotencyKey !== undefined) checkIdempotencyKey(opts.idempotencyKey);

  const answer: StoredAnswer = {
    id: randomUUID(),
    unitId: unit.id,
    serviceId: org.ancestorOfKind(unit.id, 'service')!.id,
    serviceAreaId: org.ancestorOfKind(unit.id, 'serviceArea')!.id,
    regionId: org.regionId,
    surveyId,
    surveyVersion: version.version,
    channel: valid.channel,
    assisted: valid.assisted,
    lang: valid.lang,
    answers: valid.answers,
    ...(valid.text !== undefined ? await analyseText(deps.config, valid.text, valid.lang, valid.answers.nps) : {}),
    ...(valid.role ? { role: valid.role } : {}),
    ...((opts.visitContext?.visitMode ?? valid.visitMode) ? { visitMode: opts.visitContext?.visitMode ?? valid.visitMode } : {}),
    ...(opts.visitContext ? { ageGroup: opts.visitContext.ageGroup } : {}),
    ...(contact ? { contactRequested: true as const } : {}),
    ...(opts.burst ? { burst: true as const } : {}),
    submittedAt: givenAt.toISOString(),
    receivedAt: now.toISOString(),
    date,
  };

  if (opts.idempotencyKey === undefined) {
    await store(deps, answer, contact);
    return { id: answer.id, created: true, channel: answer.channel, contactRequested: contact !== undefined };
  }
  const record = {
    keyHash: sha256(opts.idempotencyKey),
    // Whether a contact was given, never its values: a hash of a phone number can be reversed by
    // hashing every number. A retry with another contact counts as the same request, and the first
    // contact stands.
    requestHash: sha256(canonicalJson({ ...valid, answeredAt: input.answeredAt, contactRequested: contact !== undefined })),
    answerId: answer.id,
    submittedAt: answer.submittedAt,
    receivedAt: answer.receivedAt,
    expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
  };
  const existing = await deps.store.claimIdempotencyKey(record);
  if (existing && existing.requestHash !== record.requestHash) {
    throw new ConflictError('This Idempotency-Key was already used for a different request.', [
      { path: 'headers.idempotency-key', message: 'already used for a different request; send a new key' },
    ]);
  }
  // A retry re-puts the first attempt's answer, rebuilt from this equal request with the first
  // attempt's id and times: if that attempt died between its two writes, this completes it;
  // otherwise the conditional put is a no-op.
  const stored: StoredAnswer = existing
    ? {
        ...answer,
        id: existing.answerId,
        submittedAt: existing.submittedAt,
        receivedAt: existing.receivedAt,
        date: helsinkiDate(new Date(existing.submittedAt)),
      }
    : answer;
  await store(deps, stored, contact);
  return { id: stored.id, created: existing === null, channel: stored.channel, contactRequested: contact !== undefined };
}

/**
 * Stores an answer sent from an HTML form instance (`idem`, the hidden field each rendered form gets),
 * keyed by the instance, so a double click stores it once. The same instance sent again with changed
 * answers — a person correcting themselves after an error page — is a new answer, keyed by the
 * instance and the answers, so a double click on the corrected page still stores it once.
 */
export async function submitFormInstance(
  deps: SubmitDeps,
  input: Record<string, unknown>,
  idem: string,
  opts: Omit<SubmitOptions, 'idempotencyKey'> = {},
): Promise<SubmitResult> {
  try {
    return await submitFeedback(deps, input, { ...opts, idempotencyKey: idem });
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    // Whether a contact was given, never its values, as in the request hash above.
    const answers = sha256(JSON.stringify({ ...input, contact: 'contact' in input }));
    return submitFeedback(deps, input, { ...opts, idempotencyKey: `${idem}:${answers}` });
  }
}

/**
 * Checks the answers against the survey and the contact request, reporting the problems of both in
 * one error, so a person correcting a form sees every field at once.
 */
async function checkAll(input: FeedbackInput, surveyId: string, version: Parameters<typeof checkAgainstSurvey>[2], child: boolean) {
  // A child's form asks for no contact details (data minimisation): a request sent anyway is refused, not dropped.
  const issues =
    input.contact && child
      ? [{ path: 'contact', message: "the children's survey does not take contact requests" }]
      : input.contact
        ? await contactIssues(input.contact)
        : [];
  let valid: ValidFeedback;
  try {
    valid = checkAgainstSurvey(input, surveyId, version);
  } catch (e) {
    if (e instanceof ValidationError) throw new ValidationError(e.message, [...e.issues, ...issues]);
    throw e;
  }
  if (issues.length) throw new ValidationError('The contact request is not valid.', issues);
  return { valid, contact: input.contact ? await validContact(input.contact) : undefined };
}

/** Stores the answer, and its contact encrypted under a data key of its own, bound to the answer's final id. */
async function store(deps: SubmitDeps, answer: StoredAnswer, contact: Contact | undefined): Promise<void> {
  if (!contact) return deps.store.putAnswer(answer);
  if (!deps.contactKeys) throw new Error('a contact request came to a submit path without the contact key');
  await deps.store.putAnswer(answer, await sealContact(deps.contactKeys, answer.id, answer.unitId, contact));
}

/** When the answer was given: now, or the `answeredAt` of an offline channel within its limits. */
function answeredAt(input: FeedbackInput, now: Date): Date {
  if (input.answeredAt === undefined) return now;
  const at = new Date(input.answeredAt);
  const problem = !LATE_CHANNELS.includes(input.channel)
    ? `only ${LATE_CHANNELS.join(', ')} answers may carry the time they were given`
    : Number.isNaN(at.getTime())
      ? 'is not a real date and time'
      : at.getTime() > now.getTime() + 5 * 60_000
        ? 'is in the future'
        : at.getTime() < now.getTime() - MAX_LATE_DAYS * 86_400_000
          ? `is more than ${MAX_LATE_DAYS} days ago`
          : undefined;
  if (problem) throw new ValidationError('The feedback is not valid.', [{ path: 'answeredAt', message: problem }]);
  return at;
}

function checkIdempotencyKey(key: string): void {
  const parsed = idempotencyKeySchema.safeParse(key);
  if (!parsed.success) {
    throw new ValidationError(
      'The Idempotency-Key header is not valid.',
      parsed.error.issues.map((i) => ({ path: 'headers.idempotency-key', message: i.message })),
    );
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** JSON with object keys sorted, so equal requests hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Redacts free text before anything stores it, and classifies the masked text (themes, sentiment),
 * in the text feature's sidecar, loaded at the first comment; the phone library (the contacts
 * sidecar) only for a text with a run of digits.
 */
async function analyseText(
  config: AppConfig,
  raw: string,
  lang: Lang,
  nps: number | StatementAnswer | undefined,
): Promise<Pick<StoredAnswer, 'text' | 'textNames' | 'themes' | 'sentiment'>> {
  const phones = /\d[\d ()-]{5,}\d/.test(raw) ? await loadPhoneKind() : undefined;
  const analyse = await loadTextAnalysis();
  const { text, names, themes, sentiment } = analyse({
    text: raw,
    lang,
    ...(typeof nps === 'number' ? { nps } : {}),
    org: config.org,
    placeNames: regionSettings(config.org, redactionSettings).redaction?.placeNames ?? [],
    ...(phones ? { phones } : {}),
  });
  return { text, ...(names.length > 0 ? { textNames: names } : {}), themes, sentiment };
}
