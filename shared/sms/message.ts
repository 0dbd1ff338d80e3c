import type { Lang } from '../platform/index.ts';

/**
 * The survey invitation text in one language: names the region and carries the link. Kept short so
 * that with the demo region's longest name (en, 33 characters) and a 46-character origin it is one
 * GSM-7 segment with room to spare; a longer region name or origin is checked by the unit tests.
 */
export function invitationText(lang: Lang, regionName: string, link: string): string {
  switch (lang) {
    case 'fi':
      return `${regionName}: Kiitos käynnistäsi! Kerro kokemuksesi (2 min): ${link}`;
    case 'sv':
      return `${regionName}: Tack för ditt besök! Berätta hur det gick (2 min): ${link}`;
    case 'en':
      return `${regionName}: Thanks for your visit! Tell us how it went (2 min): ${link}`;
  }
}

/** The SMS language of a visit record: fi or sv as recorded, anything else en (docs/domain.md#sms-rules). */
export function smsLang(recorded: string | undefined): Lang {
  const l = (recorded ?? '').trim().toLowerCase();
  return l === 'fi' || l === 'sv' ? l : 'en';
}
