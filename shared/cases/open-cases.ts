/**
 * The case opener (scheduled each minute): reads the answers that arrived since its watermark from the
 * feedback table's arrival index and opens a case for every one with free text or a contact request.
 * The submit path stays one write; a case appears within about a minute of its answer.
 */
import type { DomainEvent, EventPublisher, Handling } from '../platform/index.ts';
import { type Clock, logger } from '../platform/index.ts';
import { type Classification, type CommentClassifier, maskNames } from '../text/index.ts';
import type { ArrivalSource, ArrivedAnswer } from './arrivals.ts';
import { caseEventDetail, npsGroupOf, openCase, opensCase } from './case.ts';
import type { CaseStore } from './case-store.ts';

/**
 * How far each run reads back before its watermark: an answer's `receivedAt` is set before its write
 * lands, and the arrival index is eventually consistent, so an answer may become visible after a
 * run that already read past its instant. Creating a case is conditional, so reading twice is harmless.
 */
export const OPEN_OVERLAP_MS = 2 * 60_000;
/** Where the first run starts when there is no watermark yet: the answers of the last week get cases. */
export const FIRST_RUN_MS = 7 * 86_400_000;

/** What the opener needs. */
export interface OpenCasesDeps {
  cases: CaseStore;
  arrivals: ArrivalSource;
  events: EventPublisher;
  clock: Clock;
  handling: Pick<Handling, 'deadlineDays'>;
  /** `region.themes.taxonomyVersion`: stored with every case's labels. */
  taxonomyVersion: number;
  /**
   * The remote classifier (Bedrock) when `region.themes.classifier` turns it on: it runs here, where
   * latency does not matter, on the masked text only; when it fails or times out, the offline labels
   * intake stored on the answer stand.
   */
  remote?: CommentClassifier | undefined;
}

/**
 * The remote model's labels of an answer's comment, or undefined (no remote model, no comment, or it
 * failed: the answer's offline labels stand). Only the text with its names masked leaves the function.
 */
async function remoteLabels(deps: OpenCasesDeps, a: ArrivedAnswer): Promise<Classification | undefined> {
  if (!deps.remote || !a.text?.trim()) return undefined;
  const nps = a.answers.nps;
  try {
    return await deps.remote.classify({
      text: maskNames({ text: a.text, names: a.textNames ?? [] }, a.lang),
      lang: a.lang,
      ...(typeof nps === 'number' ? { nps } : {}),
    });
  } catch (e) {
    logger.warn('remote classifier failed; offline labels stand', { feedbackId: a.id, error: (e as Error).name });
    return undefined;
  }
}

/** What a run did, in counts (logged; nothing personal). */
export interface OpenCasesResult {
  asOf: string;
  read: number;
  fresh: number;
  opened: number;
  events: number;
}

/** The event of an arrived answer: ids, unit, channel, NPS group and flags; never its text. */
function feedbackReceived(a: ArrivedAnswer): DomainEvent {
  const nps = a.answers.nps;
  return {
    type: 'FeedbackReceived',
    at: a.receivedAt,
    detail: {
      feedbackId: a.id,
      unitId: a.unitId,
      channel: a.channel,
      npsGroup: npsGroupOf(typeof nps === 'number' ? nps : null),
      hasText: Boolean(a.text?.trim()),
      contactRequested: a.contactRequested === true,
    },
  };
}

/**
 * One run: answers that arrived in [watermark − overlap, now]; the ones not yet seen by an earlier
 * run raise `FeedbackReceived`, and those opening a case are created (conditionally) and raise
 * `CaseCreated`. Events are published before the watermark moves: a failed run is read again by
 * the next one (events are at least once, cases exactly once).
 */
export async function openNewCases(deps: OpenCasesDeps): Promise<OpenCasesResult> {
  const now = deps.clock.now();
  const asOf = now.toISOString();
  const mark = await deps.cases.watermark();
  const from = new Date((mark ? Date.parse(mark.at) : now.getTime() - FIRST_RUN_MS) - OPEN_OVERLAP_MS).toISOString();
  const answers = await deps.arrivals.arrivedBetween(from, asOf);
  const seen = new Set(mark?.seen ?? []);
  const fresh = answers.filter((a) => !seen.has(a.id));
  const events: DomainEvent[] = [];
  let opened = 0;
  for (const a of fresh) {
    events.push(feedbackReceived(a));
    if (!opensCase(a)) continue;
    const c = openCase(a, deps.handling, { taxonomyVersion: deps.taxonomyVersion, remote: await remoteLabels(deps, a) }, asOf);
    if (await deps.cases.create(c)) opened += 1;
    // Raised for every fresh answer that opens a case, created now or by a run that failed before its
    // watermark moved: a CaseCreated may repeat then, but is never lost.
    events.push({ type: 'CaseCreated', at: c.createdAt, detail: caseEventDetail(c) });
  }
  if (events.length) await deps.events.publish(events);
  // The next run reads back to asOf − overlap: remember which of those this run has handled.
  const overlapFrom = new Date(now.getTime() - OPEN_OVERLAP_MS).toISOString();
  const next = { at: asOf, seen: answers.filter((a) => a.receivedAt >= overlapFrom).map((a) => a.id) };
  if (!mark || mark.at <= asOf) await deps.cases.setWatermark(next);
  return { asOf, read: answers.length, fresh: fresh.length, opened, events: events.length };
}
