/**
 * SMS length checks, for the tests and the bench that keep the invitation text in one segment. Its
 * own module, away from the texts the handlers send: the segment calculator (with a grapheme
 * splitter, ~32 KB) would otherwise be bundled into every SMS function that imports message.ts.
 */
import { SegmentedMessage } from 'sms-segments-calculator';

/** Length, encoding and segment count of an SMS text (GSM-7: 160 characters in one segment). */
export function smsSegments(text: string): { characters: number; encoding: string; segments: number } {
  const m = new SegmentedMessage(text);
  return { characters: m.numberOfCharacters, encoding: m.encodingName, segments: m.segmentsCount };
}
