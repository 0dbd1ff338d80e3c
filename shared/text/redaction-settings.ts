/** The text feature's part of the region config on redaction: place names redaction never takes for person names. */
import { type OrgTree, regionSection, regionSettings } from '../platform/index.ts';
import * as z from '../platform/zod.ts';
import { allowListFrom } from './redaction.ts';

/**
 * `region.redaction.placeNames`: the region's own place names (villages, districts, lakes) in any
 * language, added to the built-in list and the org tree's names, so "Rantalan neuvola" or "Kallio"
 * stays readable instead of being masked as a person.
 */
export const redactionSettings = regionSection(() => ({
  region: {
    redaction: z.optional(
      z.strictObject({
        placeNames: z.optional(z.array(z.string().check(z.minLength(2, 'must be at least 2 characters'), z.maxLength(100)))),
      }),
    ),
  },
  node: {},
}));

const cache = new WeakMap<OrgTree, ReadonlySet<string>>();

/** The deployment's allow-list (built once per org tree): place names of the config and the org tree's names. */
export function allowListOf(org: OrgTree): ReadonlySet<string> {
  let allow = cache.get(org);
  if (!allow) {
    allow = allowListFrom(org, regionSettings(org, redactionSettings).redaction?.placeNames ?? []);
    cache.set(org, allow);
  }
  return allow;
}
