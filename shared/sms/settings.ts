/** The SMS channel's part of the region config: the rules (docs/domain.md#sms-rules) and the sender ID. */
import { nodeSettings, regionSection, regionSettings, type OrgTree } from '../platform/index.ts';
import * as z from '../platform/zod.ts';
import { mergeSmsRules, smsRulesOverrideSchema, smsRulesSchema, type SmsRules } from './rules.ts';

/** `region.sms` (every rule), `region.smsSenderId`, and `sms` overrides on any node below. */
export const smsSettings = regionSection(() => ({
  region: {
    sms: smsRulesSchema(),
    /** Alphanumeric SMS sender ID, at most 11 characters (docs/domain.md#sms-rules). */
    smsSenderId: z.string().check(z.regex(/^[A-Za-z0-9]{1,11}$/, 'must be 1–11 letters or digits')),
  },
  node: {
    /** SMS rule overrides for this part of the tree (docs/domain.md#sms-rules); the most specific node wins. */
    sms: z.optional(smsRulesOverrideSchema()),
  },
}));

/** The region's SMS rules, before any node's overrides. */
export function smsDefaults(org: OrgTree): SmsRules {
  return regionSettings(org, smsSettings).sms;
}

/** Alphanumeric sender ID of every SMS (deployment config: the operator route must be approved for it). */
export function smsSenderId(org: OrgTree): string {
  return regionSettings(org, smsSettings).smsSenderId;
}

/** The SMS rules in force for a node: the region's, overridden from the top down to the node. */
export function smsRulesFor(org: OrgTree, id: string): SmsRules {
  return mergeSmsRules(
    smsDefaults(org),
    nodeSettings(org, smsSettings, id).map((n) => n.sms),
  );
}
