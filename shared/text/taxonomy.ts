/**
 * The theme and sentiment vocabulary of comment analysis. The ids are fixed by the product (reports,
 * filters and stored cases use them); their fi/sv/en labels and the taxonomy version live in config.
 */

/** Theme ids a comment can carry (multi-label); `other` when nothing else fits. */
export const THEME_IDS = [
  'encounter',
  'professional_skill',
  'care_quality',
  'booking',
  'phone_service',
  'waiting',
  'access',
  'information',
  'digital_services',
  'premises',
  'safety',
  'costs',
  'other',
] as const;

/** One theme id. */
export type ThemeId = (typeof THEME_IDS)[number];

/** The sentiment of a whole comment. */
export const SENTIMENTS = ['positive', 'neutral', 'negative', 'mixed'] as const;

/** One sentiment. */
export type Sentiment = (typeof SENTIMENTS)[number];

/** What the classifier says of one comment. */
export interface Classification {
  /** At least one id, no duplicates, in THEME_IDS order. */
  themes: ThemeId[];
  sentiment: Sentiment;
}
