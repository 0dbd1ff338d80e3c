/**
 * The text feature's vocabulary as route contracts use it: zod schemas of a theme id, a theme list
 * and a sentiment. The feature has no routes of its own; other features' contracts (cases, reporting)
 * take these from here because contracts are browser-safe and may not load the feature's index.
 */
import * as z from '../platform/zod.ts';
import { SENTIMENTS, THEME_IDS } from './taxonomy.ts';

export { SENTIMENTS, THEME_IDS, type Sentiment, type ThemeId } from './taxonomy.ts';

/** One theme id of the taxonomy (an unknown id is refused naming the field). */
export const themeIdSchema = /* @__PURE__ */ (() => z.enum(THEME_IDS, { error: `must be one of ${THEME_IDS.join(', ')}` }))();

/** One sentiment. */
export const sentimentSchema = /* @__PURE__ */ (() => z.enum(SENTIMENTS, { error: `must be one of ${SENTIMENTS.join(', ')}` }))();

/** A comment's themes: at least one, each once. */
export const themeListSchema = /* @__PURE__ */ (() =>
  z.array(themeIdSchema).check(
    z.minLength(1, 'must name at least one theme'),
    z.maxLength(THEME_IDS.length),
    z.refine((ids) => new Set(ids).size === ids.length, 'must not name a theme twice'),
  ))();
