/**
 * What the case workbench page hands its browser script: the server builds it (workbench-page.ts)
 * and the script reads it (browser/workbench.ts), both with these types. Types and plain constants
 * only, so the browser bundle takes nothing else from here.
 */
import type { StaffNode, StaffPageConfig } from '../platform/index.ts';
import type { WorkbenchText } from './workbench-text.ts';
import type { Sentiment, ThemeId } from '../text/index.ts';

/** The workbench's path. */
export const WORKBENCH_PATH = '/admin/cases';

/** The cases API's base path (the manifest's routes; contracts.ts describes them). */
export const CASES_API_PATH = '/api/cases';

/** Most cases a count shows exactly; above it the workbench says "over {n}" (one queue page each). */
export const COUNT_CAP = 100;

/** What the page hands its script, as JSON in the staff pages' config element. */
export interface WorkbenchConfig extends StaffPageConfig {
  text: WorkbenchText;
  /** The org tree in config order. */
  tree: StaffNode[];
  /** The taxonomy's themes in order, labelled in the page's language (`region.themes.labels`). */
  themes: { id: ThemeId; label: string }[];
  /** The sentiments in order (their labels are texts: `sentiment_<id>`). */
  sentiments: readonly Sentiment[];
  /**
   * The staff entry paths of a unit, `{unitId}` to fill in (staff entry's manifest): the API that
   * makes a new entry code, and the page staff use it on.
   */
  entryCode: { api: string; page: string };
}
