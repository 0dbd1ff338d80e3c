/**
 * The staff entry use cases: a handler makes a unit's entry code; staff sign in with it (counted
 * against the lockout) and type answers in, each stored by the feedback feature's one submit use case
 * as a `staff` entry — the same validation, store and aggregation as every other channel.
 */
import { randomUUID } from 'node:crypto';
import {
  checkAgainstSurvey,
  formToFeedback,
  localizeIssues,
  parseFeedbackInput,
  STAFF_CHANNELS,
  submitFormInstance,
  type SubmitDeps,
  type SubmitResult,
} from '../feedback/index.ts';
import {
  type AppConfig,
  type Clock,
  helsinkiDate,
  unitSurveyVersion,
  type Lang,
  type LocalizedSurvey,
  logger,
  NotFoundError,
  ValidationError,
} from '../platform/index.ts';
import { codeMatches, hashCode, newCode } from './entry-code.ts';
import { MAX_GIVEN_DAYS_BACK, parseGivenOn } from './given-on.ts';
import { afterFailure, LOCKOUT, lockedUntil, lockExpiry } from './lockout.ts';
import { newSessionId, SESSION_HOURS, sessionKey } from './session.ts';
import type { FieldError } from './staff-page.ts';
import type { StaffEntryStore } from './staffentry-store.ts';
import { STAFF_UI } from './staff-text.ts';

/** What the staff entry use cases need. */
export interface StaffEntryDeps {
  config: AppConfig;
  store: StaffEntryStore;
  clock: Clock;
}

/**
 * Makes a new entry code for a unit, replacing the old one (whose sessions end with it), and returns
 * it: the only time the code exists outside the head of whoever reads it.
 */
export async function makeEntryCode(deps: StaffEntryDeps, unitId: string): Promise<string> {
  if (!deps.config.org.unit(unitId))
    throw new NotFoundError(`Unit "${unitId}" does not exist.`, [{ path: 'unitId', message: 'unknown unit' }]);
  const code = newCode();
  await deps.store.putCode({ unitId, codeId: randomUUID(), createdAt: deps.clock.now().toISOString(), ...(await hashCode(code)) });
  return code;
}

/** How a sign-in went. */
export type SignIn = { outcome: 'signedIn'; sessionId: string } | { outcome: 'wrongCode' } | { outcome: 'locked'; until: Date };

/** How many times a wrong try is written again after losing the race to a concurrent one. */
const LOCK_WRITE_ATTEMPTS = 5;

/**
 * Signs in with a typed code. While the unit is locked the code is not even looked at; a right code
 * opens a session of `SESSION_HOURS`; a wrong one is counted, and the one past the limit locks.
 */
export async function signIn(deps: StaffEntryDeps, unitId: string, typed: string): Promise<SignIn> {
  const now = deps.clock.now();
  let lock = await deps.store.getLock(unitId);
  const until = lockedUntil(lock, now);
  if (until) return { outcome: 'locked', until };
  const code = await deps.store.getCode(unitId);
  if (code && (await codeMatches(typed, code))) {
    const sessionId = newSessionId();
    const expiresAt = Math.floor(now.getTime() / 1000) + SESSION_HOURS * 3600;
    await deps.store.putSession({ key: sessionKey(sessionId), unitId, codeId: code.codeId, expiresAt });
    return { outcome: 'signedIn', sessionId };
  }
  for (let attempt = 0; attempt < LOCK_WRITE_ATTEMPTS; attempt++) {
    const locked = lockedUntil(lock, now);
    if (locked) return { outcome: 'locked', until: locked };
    const next = afterFailure(lock, now);
    if (await deps.store.putLock(unitId, { ...next.state, version: lock.version + 1 }, lockExpiry(next.state))) {
      if (!next.locked) return { outcome: 'wrongCode' };
      // The unit only (never what was typed): operators see a unit whose code is being guessed at.
      logger.warn('staff entry locked after wrong codes', { unitId });
      return { outcome: 'locked', until: new Date(next.state.lockedUntil!) };
    }
    lock = await deps.store.getLock(unitId);
  }
  // So many wrong tries at once that every write lost a race: someone is guessing; refuse this one as locked.
  return { outcome: 'locked', until: new Date(now.getTime() + LOCKOUT.lockMs) };
}

/**
 * Whether a session id opens a unit's entry form now: stored, for this unit, opened with the unit's
 * current code, and not expired. A forged id is one nobody stored.
 */
export async function sessionOpen(deps: StaffEntryDeps, unitId: string, sessionId: string | undefined): Promise<boolean> {
  if (!sessionId) return false;
  const [session, code] = await Promise.all([deps.store.getSession(sessionKey(sessionId)), deps.store.getCode(unitId)]);
  return (
    session !== undefined &&
    code !== undefined &&
    session.unitId === unitId &&
    session.codeId === code.codeId &&
    session.expiresAt * 1000 > deps.clock.now().getTime()
  );
}

/** What an entry form post came to: stored, or the field errors to show with the form again. */
export type EntryResult =
  | { stored: true; result: SubmitResult; channel: string; givenOn: string }
  | { stored: false; errors: FieldError[] };

/**
 * Stores one answer typed in at the entry form: `channel` (paper or oral), `assisted=yes`, `givenOn`
 * and the survey's question ids as the public form posts them. Every bad field is reported at once —
 * the staff form's own and the answers' — and nothing is stored.
 */
export async function enterFromForm(
  deps: SubmitDeps,
  v: { unitId: string; survey: LocalizedSurvey; lang: Lang; fields: Record<string, string>; idem: string },
): Promise<EntryResult> {
  const t = STAFF_UI[v.lang];
  const own: FieldError[] = [];
  const channel = v.fields.channel;
  if (!(STAFF_CHANNELS as readonly string[]).includes(channel ?? '')) own.push({ field: 'channel', message: t.errChannel });
  const now = deps.clock.now();
  const givenOn = parseGivenOn(v.fields.givenOn, now);
  if (!givenOn.ok) {
    const message = { format: t.errGivenOnFormat, future: t.errGivenOnFuture, tooOld: t.errGivenOnOld(MAX_GIVEN_DAYS_BACK) }[
      givenOn.problem
    ];
    own.push({ field: 'givenOn', message });
  }
  const input = {
    ...formToFeedback(v.fields, v.unitId, v.survey, v.lang, 'web'),
    channel: channel ?? '',
    ...(v.fields.assisted === 'yes' ? { assisted: true } : {}),
    ...(givenOn.ok ? { answeredAt: givenOn.at.toISOString() } : {}),
  };
  try {
    if (own.length) {
      // The answers' own problems too, without storing anything: the survey check on its own.
      // As the use case would check them: with the unit's own statements.
      const { org, surveys } = deps.config;
      const version = unitSurveyVersion(org, surveys, v.unitId, v.survey.id, givenOn.ok ? givenOn.date : helsinkiDate(now));
      if (version)
        checkAgainstSurvey(parseFeedbackInput({ ...input, channel: 'paper', answeredAt: undefined }, 'staff'), v.survey.id, version);
      return { stored: false, errors: own };
    }
    const result = await submitFormInstance(deps, input, v.idem, { entry: 'staff' });
    return { stored: true, result, channel: channel!, givenOn: givenOn.ok ? givenOn.date : '' };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    // `answeredAt` is the day typed in; the use case's own check of it is shown there.
    const issues = e.issues.map((i) => (i.path === 'answeredAt' ? { ...i, path: 'givenOn' } : i));
    const answers = localizeIssues(
      issues.filter((i) => i.path !== 'givenOn' && i.path !== 'channel'),
      v.survey,
      v.lang,
    );
    const givenOnIssue = issues.some((i) => i.path === 'givenOn') && !own.some((o) => o.field === 'givenOn');
    return { stored: false, errors: [...own, ...(givenOnIssue ? [{ field: 'givenOn', message: t.errGivenOnFormat }] : []), ...answers] };
  }
}
