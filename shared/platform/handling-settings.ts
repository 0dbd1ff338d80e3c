/**
 * `region.handling`: how feedback is handled — deadlines, reminders, how long contact details are kept,
 * and the functional mailboxes of each org node. Owned by the cases feature; it lives in the platform
 * because the feedback feature reads the contact deadline too (the thank-you page promises it) and
 * feedback must not import cases.
 */
import * as z from './zod.ts';
import { nodeSettings, regionSection, regionSettings, type OrgTree } from './org-tree.ts';

/**
 * Default handling deadlines in days (docs/domain.md#handling): a contact request is answered within
 * 14 days, and free-text feedback is read and closed within 30.
 */
export const DEFAULT_DEADLINE_DAYS = { contact: 14, text: 30 } as const;
/** Days before the due day a reminder is sent, unless the region sets otherwise. */
export const DEFAULT_REMINDER_DAYS_BEFORE = 3;
/** Days contact details are kept after their case closed, unless the region sets otherwise. */
export const DEFAULT_CONTACT_RETENTION_DAYS = 30;

/** Handling deadlines in days: contact requests and free-text feedback. */
export interface DeadlineDays {
  /** Days within which the unit contacts someone who asked to be contacted; the thank-you page promises it. */
  contact: number;
  /** Days within which the unit's handlers read and close free-text feedback. */
  text: number;
}

/** The region's handling rules with the defaults applied. */
export interface Handling {
  deadlineDays: DeadlineDays;
  /** A reminder goes out for an open case due within this many days. */
  reminderDaysBefore: number;
  /** Contact details are erased this many days after their case closed. */
  contactRetentionDays: number;
}

/**
 * `region.handling`: `deadlineDays` (`contact`, default 14; `text`, default 30), `reminderDaysBefore`
 * (default 3) and `contactRetentionDays` (default 30), region-wide because the thank-you page promises
 * the contact deadline to everyone in the region; and on any node `handlerEmails`, the functional
 * mailboxes of that node's handlers (reminders and escalations go there, never to a person's own).
 */
export const handlingSettings = regionSection(() => {
  const days = (max: number) =>
    z.number().check(z.int('must be a whole number of days'), z.gte(1, 'must be at least 1'), z.lte(max, `must be at most ${max}`));
  return {
    region: {
      handling: z.optional(
        z.strictObject({
          deadlineDays: z.optional(z.strictObject({ contact: z.optional(days(90)), text: z.optional(days(365)) })),
          reminderDaysBefore: z.optional(
            z.number().check(z.int('must be a whole number of days'), z.gte(0, 'must be at least 0'), z.lte(30, 'must be at most 30')),
          ),
          contactRetentionDays: z.optional(days(365)),
        }),
      ),
    },
    node: {
      handlerEmails: z.optional(z.array(z.email('must be an e-mail address')).check(z.maxLength(20, 'at most 20 mailboxes'))),
    },
  };
});

/** The region's handling deadlines: `region.handling.deadlineDays`, each else its DEFAULT_DEADLINE_DAYS. */
export function handlingDeadlineDays(org: OrgTree): DeadlineDays {
  return handlingOf(org).deadlineDays;
}

/** The region's handling rules, defaults applied. */
export function handlingOf(org: OrgTree): Handling {
  const set = regionSettings(org, handlingSettings).handling ?? {};
  return {
    deadlineDays: {
      contact: set.deadlineDays?.contact ?? DEFAULT_DEADLINE_DAYS.contact,
      text: set.deadlineDays?.text ?? DEFAULT_DEADLINE_DAYS.text,
    },
    reminderDaysBefore: set.reminderDaysBefore ?? DEFAULT_REMINDER_DAYS_BEFORE,
    contactRetentionDays: set.contactRetentionDays ?? DEFAULT_CONTACT_RETENTION_DAYS,
  };
}

/**
 * The functional mailboxes of one node's handlers: its own `handlerEmails` only, not inherited — a
 * unit without its own mailbox has none, and its reminders go nowhere rather than to a whole service.
 */
export function handlerEmailsOf(org: OrgTree, nodeId: string): readonly string[] {
  const chain = nodeSettings(org, handlingSettings, nodeId);
  return chain.at(-1)?.handlerEmails ?? [];
}

/**
 * The nearest node from `nodeId` up to the region that lists functional mailboxes, with them: where a
 * reminder for a unit without its own mailbox goes, so that no reminder or escalation is dropped
 * for want of an address. Undefined when no node on the way lists any.
 */
export function nearestHandlerEmails(org: OrgTree, nodeId: string): { nodeId: string; emails: readonly string[] } | undefined {
  for (const id of [nodeId, ...org.ancestors(nodeId).map((n) => n.id)]) {
    const emails = handlerEmailsOf(org, id);
    if (emails.length) return { nodeId: id, emails };
  }
  return undefined;
}
