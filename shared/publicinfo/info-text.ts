import type { Lang } from '../platform/index.ts';
import type { InfoDocument } from './manifest.ts';

/**
 * Each document's name in each language: its page heading and its footer link. Fixed, not region
 * config, because these are the names the law and people know them by (tietosuojaseloste,
 * saavutettavuusseloste); what they say is the region's.
 */
export const INFO_TITLES = {
  fi: { privacy: 'Tietosuojaseloste', accessibility: 'Saavutettavuusseloste' },
  sv: { privacy: 'Dataskyddsbeskrivning', accessibility: 'Tillgänglighetsutlåtande' },
  en: { privacy: 'Privacy notice', accessibility: 'Accessibility statement' },
} as const satisfies Record<Lang, Record<InfoDocument, string>>;
