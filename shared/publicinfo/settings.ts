/**
 * The public information part of the region config (`region.publicInfo`): where a person takes a
 * formal complaint (muistutus) or finds the patient and social ombudsmen. Each county is its own
 * controller with its own ombudsmen, so the links are the region's, validated with the rest of the
 * config: a broken link stops `npm run synth` and `npm start` with the field named, instead of
 * reaching a patient. They are in the region config, which every function bundles, because every
 * thank-you page shows them; the long documents (the privacy notice and the accessibility statement)
 * are in `config/public-info.json` instead (`documents.ts`), which only the publicInfo function bundles.
 */
import { type Lang, lazyValue, type OrgTree, regionSection, regionSettings, type RegionSettingsOf } from '../platform/index.ts';
import * as z from '../platform/zod.ts';

/** The message of a link that is not an https address. */
export const HTTPS_ONLY = 'must be an https:// address';

/**
 * zod's domain pattern (`z.regexes.domain`), copied: reading it through the `regexes` namespace
 * bundles every one of zod's patterns, 6.7 KB in every function that loads the region config. A unit
 * test checks that the copy is still zod's.
 */
export const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

/**
 * An https address with a real host name: a patient follows it from a public page. Built at the first
 * call: only config parsing uses it (this section and the documents file, documents.ts), and every
 * function but publicInfo, which parses the documents, bundles this module without parsing anything.
 */
export const httpsUrl = lazyValue(() => z.url({ protocol: /^https$/, hostname: DOMAIN_PATTERN, error: HTTPS_ONLY }));

/**
 * `region.publicInfo`: required, because a deployment without the ways to complain may not serve the
 * public. `links.complaint`, `links.patientOmbudsman`, `links.socialOmbudsman`, each `{fi,sv,en}`:
 * the county's page on making a formal complaint (muistutus) and its patient and social ombudsmen
 * (potilasasiavastaava, sosiaaliasiavastaava), shown on every thank-you page.
 */
export const publicInfoSettings = regionSection(() => {
  /** One address in every language (a county's Swedish and English pages have their own). */
  const localizedUrl = z.strictObject({ fi: httpsUrl(), sv: httpsUrl(), en: httpsUrl() });
  return {
    region: {
      publicInfo: z.strictObject({
        links: z.strictObject({ complaint: localizedUrl, patientOmbudsman: localizedUrl, socialOmbudsman: localizedUrl }),
      }),
    },
    node: {},
  };
});

/** The region's `region.publicInfo`, as validated. */
export type PublicInfoSettings = RegionSettingsOf<typeof publicInfoSettings>['publicInfo'];

/** The region's `region.publicInfo`. */
export function publicInfoOf(org: OrgTree): PublicInfoSettings {
  return regionSettings(org, publicInfoSettings).publicInfo;
}

/** Where a person takes a formal complaint or finds the ombudsmen, in one language. */
export interface RightsLinks {
  /** The county's page on making a formal complaint (muistutus). */
  complaint: string;
  /** The patient ombudsman (potilasasiavastaava). */
  patientOmbudsman: string;
  /** The social ombudsman (sosiaaliasiavastaava). */
  socialOmbudsman: string;
}

/** The complaint and ombudsman links of the region config in one language, for a thank-you page. */
export function rightsLinks(org: OrgTree, lang: Lang): RightsLinks {
  const { links } = publicInfoOf(org);
  return { complaint: links.complaint[lang], patientOmbudsman: links.patientOmbudsman[lang], socialOmbudsman: links.socialOmbudsman[lang] };
}
