/**
 * The edge's part of the region config: how many requests one client IP address may send in five
 * minutes before AWS WAF in front of the API blocks it. Validated with the rest of the config, so a
 * typo stops `npm run synth` instead of reaching the web ACL.
 */
import { regionSection, regionSettings, type OrgTree } from './org-tree.ts';
import * as z from './zod.ts';

/**
 * Default requests per IP address per 5 minutes. Sized for the busiest single address a county has:
 * a hospital's guest Wi-Fi or a unit's kiosks behind one NAT address. One answer through the form is
 * three requests (page, post, thank-you page), so 3,000 requests lets one address send about 1,000
 * answers in five minutes — far beyond any waiting room — while one script is still stopped within
 * seconds of passing ten requests a second.
 */
export const DEFAULT_RATE_LIMIT_PER_5_MIN = 3000;

/**
 * Lowest accepted limit. WAF accepts 10, but a limit that low would lock out a whole hospital's NAT
 * address after a few answers; a smaller number is almost certainly a typo.
 */
export const MIN_RATE_LIMIT_PER_5_MIN = 300;

/** WAF's own upper bound of a rate-based rule's limit. */
export const MAX_RATE_LIMIT_PER_5_MIN = 2_000_000_000;

/** `region.edge.rateLimitPer5Min`: the per-IP rate rule of the web ACL in front of the API. */
export const edgeSettings = regionSection(() => ({
  region: {
    edge: z.optional(
      z.strictObject({
        rateLimitPer5Min: z.optional(z.number().check(z.int(), z.gte(MIN_RATE_LIMIT_PER_5_MIN), z.lte(MAX_RATE_LIMIT_PER_5_MIN))),
      }),
    ),
  },
  node: {},
}));

/** Requests one IP address may send in 5 minutes before WAF blocks it: the config's, else the default. */
export function edgeRateLimitPer5Min(org: OrgTree): number {
  return regionSettings(org, edgeSettings).edge?.rateLimitPer5Min ?? DEFAULT_RATE_LIMIT_PER_5_MIN;
}
