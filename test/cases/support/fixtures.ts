/** Building blocks of the cases tests: answers as the case opener reads them, and the cases they open. */
import { parseConfig } from '#shared/config.ts';
import type { ArrivedAnswer } from '#shared/cases/arrivals.ts';
import { type Case, openCase } from '#shared/cases/case.ts';
import { type Handling, helsinkiDate } from '#shared/platform/index.ts';

/** The region config's handling rules (and the defaults). */
export const HANDLING: Handling = { deadlineDays: { contact: 14, text: 30 }, reminderDaysBefore: 3, contactRetentionDays: 30 };

const { org } = parseConfig();
let seq = 0;

/**
 * An answer of a unit of the region config (its service, service area and region filled in), received
 * at `receivedAt` and given then, with a comment and a low score unless `over` says otherwise; a new id each.
 */
export function answerOf(unitId: string, receivedAt: string, over: Partial<ArrivedAnswer> = {}): ArrivedAnswer {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    unitId,
    serviceId: org.ancestorOfKind(unitId, 'service')!.id,
    serviceAreaId: org.ancestorOfKind(unitId, 'serviceArea')!.id,
    regionId: org.regionId,
    surveyId: 'thl-aikuiset',
    surveyVersion: 1,
    channel: 'web',
    assisted: false,
    lang: 'fi',
    answers: { nps: 3 },
    text: 'Kommentti',
    submittedAt: receivedAt,
    receivedAt,
    date: helsinkiDate(new Date(receivedAt)),
    ...over,
  };
}

/** The new case `answerOf` would open. */
export function caseOf(unitId: string, receivedAt: string, over: Partial<ArrivedAnswer> = {}): Case {
  return openCase(answerOf(unitId, receivedAt, over), HANDLING);
}
