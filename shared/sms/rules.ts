/**
 * The SMS rules of the region config (docs/domain.md#sms-rules). The schemas are built at their first
 * call, i.e. the first config parse: a Lambda bundle gets the config validated when it is built and
 * never parses it (shared/config.ts), so constructing these ~80 zod objects at load would be waste.
 */
import { lazyValue } from '../platform/index.ts';
import * as z from '../platform/zod.ts';

/**
 * The precision target of a unit's monthly NPS and the bounds of the daily rate that aims at it
 * (shared/sms/precision.ts computes the rate).
 */
export const precisionRulesSchema = lazyValue(() =>
  z
    .strictObject({
      /** The wanted 95 % interval half-width of the unit's monthly NPS, in NPS points (e.g. 15). */
      halfWidth: z.number().check(z.gte(1), z.lte(100)),
      /** Lowest daily rate, %, so every eligible visit keeps a chance to be asked. */
      floorPercent: z.number().check(z.gte(0), z.lte(100)),
      /** Highest daily rate, %. */
      capPercent: z.number().check(z.gt(0), z.lte(100)),
      /** Weeks of the unit's own history its expected visits and response rate are read from. */
      historyWeeks: z.number().check(z.int(), z.gte(1), z.lte(26)),
      /**
       * The rate of a month the target cannot reach even at the cap: `fixed` samples it at
       * `samplingPercent` as before (the default), `floor` spends only the floor on it.
       */
      outOfReach: z.optional(z.enum(['fixed', 'floor'])),
    })
    .check(z.refine((r) => r.floorPercent <= r.capPercent, { error: 'must not be above capPercent', path: ['floorPercent'] })),
);

/** A precision target with the bounds of its daily rate. */
export type PrecisionRules = z.infer<ReturnType<typeof precisionRulesSchema>>;

/** Every SMS rule (docs/domain.md#sms-rules), as the region sets them; nodes below may override any of them. */
export const smsRulesSchema = lazyValue(() => {
  const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h, Helsinki time)'));
  return z.strictObject({
    /** Whether visits of this part of the tree are surveyed by SMS at all. */
    enabled: z.boolean(),
    /** Share of eligible visits invited, 0–100 %. */
    samplingPercent: z.number().check(z.gte(0), z.lte(100)),
    /** Most invitations per unit and sending day; null for no cap. */
    dailyCap: z.nullable(z.number().check(z.int(), z.gte(0))),
    /** Youngest age invited (THL's general form is 13+, the default practice 18+). */
    minAge: z.number().check(z.int(), z.gte(0), z.lte(130)),
    /** Visit types never surveyed (e.g. mental health, substance abuse), compared case-insensitively. */
    sensitiveVisitTypes: z.array(z.string().check(z.minLength(1))),
    /** Days after an invitation during which the same number gets no other. */
    cooldownDays: z.number().check(z.int(), z.gte(0), z.lte(365)),
    /** Helsinki time on the day after the visit from which the invitation may be sent. */
    sendTime: hhmm,
    /** Helsinki times between which nothing is sent (start may be after end: 21:00–08:00). */
    quietHours: z.strictObject({ start: hhmm, end: hhmm }),
    /** Days a link stays valid. */
    tokenLifetimeDays: z.number().check(z.int(), z.gte(1), z.lte(60)),
    /** Oldest visit accepted by the intake, in days; older visits are rejected. */
    maxVisitAgeDays: z.number().check(z.int(), z.gte(1), z.lte(30)),
    /**
     * Precision-targeted sampling (README "Sampling to a precision target"): when set, the daily rate of
     * each unit replaces `samplingPercent`; null or absent keeps the fixed rate (the default).
     */
    precision: z.optional(z.nullable(precisionRulesSchema())),
  });
});

/** The SMS rules in force for one unit. */
export type SmsRules = z.infer<ReturnType<typeof smsRulesSchema>>;

/** A node's overrides: any subset of the rules. */
export const smsRulesOverrideSchema = lazyValue(() => z.partial(smsRulesSchema()));

/** A node's SMS rule overrides. */
export type SmsRulesOverride = z.infer<ReturnType<typeof smsRulesOverrideSchema>>;

/** Merges overrides from the region down to the unit: the most specific setting wins. */
export function mergeSmsRules(region: SmsRules, overrides: readonly (SmsRulesOverride | undefined)[]): SmsRules {
  let out = { ...region };
  for (const o of overrides) if (o) out = { ...out, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) };
  return out;
}
