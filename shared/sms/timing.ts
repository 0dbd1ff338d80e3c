import { TZDate } from '@date-fns/tz';
import { addDays, HELSINKI, helsinkiDate, helsinkiInstant } from '../platform/index.ts';
import type { SmsRules } from './rules.ts';

/** Minutes after Helsinki midnight of an instant. */
function helsinkiMinutes(at: Date): number {
  const t = new TZDate(at.getTime(), HELSINKI);
  return t.getHours() * 60 + t.getMinutes();
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether an instant falls in the quiet hours (which may wrap midnight, as 21:00–08:00 does). */
export function inQuietHours(at: Date, quiet: SmsRules['quietHours']): boolean {
  const now = helsinkiMinutes(at);
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  return start <= end ? now >= start && now < end : now >= start || now < end;
}

/**
 * When an invitation for a visit is due: the day after the visit (Helsinki) at the send time,
 * moved to the end of the quiet hours if the send time falls inside them.
 */
export function sendAtFor(visitedAt: Date, rules: Pick<SmsRules, 'sendTime' | 'quietHours'>): { sendDate: string; sendAt: Date } {
  const sendDate = addDays(helsinkiDate(visitedAt), 1);
  let sendAt = helsinkiInstant(sendDate, rules.sendTime);
  if (inQuietHours(sendAt, rules.quietHours)) {
    const end = helsinkiInstant(sendDate, rules.quietHours.end);
    sendAt = end > sendAt ? end : helsinkiInstant(addDays(sendDate, 1), rules.quietHours.end);
  }
  return { sendDate, sendAt };
}
