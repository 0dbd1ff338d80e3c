/**
 * What the pulse page hands its browser script: the server builds it (pulse-page.ts) and the script
 * reads it (browser/pulse.ts), both with these types. Types only, so the browser bundle takes nothing
 * else from here.
 */
import type { StaffNode, StaffPageConfig } from '../platform/staff-page.ts';
import type { PulsePageText } from './page-text.ts';

/** A staff survey as the page shows it: its name and statements in the page's language. */
export interface PageSurvey {
  id: string;
  kind: 'pulse' | 'wellbeing';
  name: string;
  /** Statement texts by id, across the survey's versions (the newest wording wins). */
  statements: Record<string, string>;
}

/** What the page hands its script, as JSON in the staff pages' config element. */
export interface PulsePageConfig extends StaffPageConfig {
  text: PulsePageText;
  tree: StaffNode[];
  surveys: PageSurvey[];
  thresholds: { minAnswers: number; minAnswersForText: number };
  /** The comparison's range: the last closed months, as the customer reports cover them. */
  compare: { from: string; to: string };
  /** Today in Helsinki, the default start of a new round. */
  today: string;
}
