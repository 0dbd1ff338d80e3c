/**
 * What the dashboard page hands its browser script: the server builds it (dashboard-page.ts,
 * functions/reporting/dashboard.ts) and the script reads it (browser/dashboard.ts), both with these
 * types. Types and one constant only, so the browser bundle takes nothing else from here.
 */
import type { STAFF_CONFIG_ID, StaffNode, StaffPageConfig } from '../platform/index.ts';
import type { DashboardText } from './dashboard-text.ts';

/** Id of the `<script type="application/json">` element that carries the DashConfig. */
export const DASH_CONFIG_ID: typeof STAFF_CONFIG_ID = 'dash-config';

/** How staff sign in (the platform's, shared by every staff page). */
export type { SignInConfig } from '../platform/index.ts';

/** What the dashboard hands its script, in the same element: a StaffPageConfig and the report's setup. */
export interface DashConfig extends StaffPageConfig {
  text: DashboardText;
  /** The org tree in config order: ids and names only, no data. */
  tree: DashNode[];
  /** Labels of the agreement scale 1–5. */
  scale: string[];
  /** The period shown when the URL names none: first and last day of whole closed months. */
  defaults: { from: string; to: string };
  /**
   * The newest month the reports cover (YYYY-MM), from the server's Helsinki date rather than the
   * browser's clock: the month inputs' `max`, and where a link reaching further is cut.
   */
  lastClosedMonth: string;
  /**
   * The months after `lastClosedMonth` up to the server's current month, each with the day it will be
   * reported from: the trend draws them as not yet reported, so the newest months are never mistaken
   * for empty ones.
   */
  unreported: { month: string; from: string }[];
  /** Days after its end that a month is reported (late paper and oral entries); said beside the chart. */
  reportLagDays: number;
}

/** A node of the org tree as the page embeds it. */
export type DashNode = StaffNode;
