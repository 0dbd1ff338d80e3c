import type { Lang, StatementAnswer } from '../platform/index.ts';
import type { NameSpan, Sentiment, ThemeId } from '../text/index.ts';

/** Channels a person can answer through (docs/domain.md#channels). */
export const CHANNELS = ['web', 'qr', 'sms', 'kiosk', 'paper', 'oral'] as const;
/** A feedback channel. */
export type Channel = (typeof CHANNELS)[number];

/**
 * Channels anyone may claim without a credential: the public API and form. Nothing checks who sent
 * a public request, so it may not claim to be a kiosk, staff-typed paper or oral feedback, assisted,
 * or given earlier; `sms` answers arrive only through one-time links.
 */
export const PUBLIC_CHANNELS = ['web', 'qr'] as const;
/** Channels a staff member types in for someone (`POST /api/feedback/entries`, scope `feedback:enter`). */
export const STAFF_CHANNELS = ['paper', 'oral'] as const;
/** The channel of an enrolled kiosk device (`POST /api/kiosk/answers`, the device credential): it may send answers given offline. */
export const KIOSK_CHANNELS = ['kiosk'] as const;
/**
 * Who submits an answer, which decides what it may claim: the public (`web`, `qr`), staff entering
 * paper or oral feedback (`assisted`, `answeredAt`), an SMS link (`sms`), or an enrolled kiosk
 * device (`kiosk`, `answeredAt`: answers queued offline arrive later with the time they were given).
 */
export type EntryPoint = 'public' | 'staff' | 'sms' | 'kiosk';

/**
 * How the service was given at the visit the answer is about: rehabilitation asks group and individual
 * clients separately, and home and remote visits differ from both. Optional on every channel.
 */
export const VISIT_MODES = ['individual', 'group', 'home', 'remote'] as const;
/** A visit mode. */
export type VisitMode = (typeof VISIT_MODES)[number];

/** Who answers: the client themself or a relative (läheinen). */
export type Role = 'client' | 'relative';

/**
 * One stored answer. Deliberately holds no IP address, user agent or person identifier: the answer
 * is anonymous; contact details, when asked for, live apart (docs/domain.md#handling).
 */
export interface StoredAnswer {
  id: string;
  unitId: string;
  /** The unit's service and service area when the answer was given, so a later re-organisation never moves history. */
  serviceId: string;
  serviceAreaId: string;
  regionId: string;
  surveyId: string;
  surveyVersion: number;
  channel: Channel;
  assisted: boolean;
  lang: Lang;
  /** Question id → answer: `nps` 0–10, statements 1–5 or "cant_say". */
  answers: Record<string, number | StatementAnswer>;
  /** The free text, redacted at intake (identifiers replaced by placeholders): the original is never stored. */
  text?: string;
  /** Person names kept in `text`, shown to the unit's handlers and masked everywhere else. */
  textNames?: NameSpan[];
  /** Themes of `text` at intake (the offline classifier); a handler's correction lives on the case. */
  themes?: ThemeId[];
  /** Sentiment of `text` at intake. */
  sentiment?: Sentiment;
  role?: Role;
  /** Age group of an SMS respondent (from the visit record, never the age). */
  ageGroup?: string;
  /**
   * Visit type of an SMS respondent's visit, on answers stored before the intake's free-text visit type
   * stopped reaching answers (it serves only the sensitive-visit rules); never written now.
   */
  visitType?: string;
  /** How the service was given (the respondent's, staff's or the SMS visit record's word). */
  visitMode?: VisitMode;
  /** The person asked to be contacted; the contact itself is only in the contacts table, encrypted. */
  contactRequested?: true;
  /**
   * A kiosk answer given sooner after the device's previous one than `region.kiosk.minIntervalSeconds`
   * (the misuse filter of feedback terminals): kept, so the filter rate can be audited, but left out of every figure.
   */
  burst?: true;
  /** When the answer was given: UTC instant, ISO 8601 with milliseconds. */
  submittedAt: string;
  /** When the server received it; later than `submittedAt` only for answers given offline. */
  receivedAt: string;
  /** Helsinki calendar date of `submittedAt`, the reporting day. */
  date: string;
}
