import type { OrgTree } from './org-tree.ts';
import type { SurveyCatalog } from './surveys.ts';

/** The deployment's validated config: the organisation tree (with the features' settings) and the survey catalog. */
export interface AppConfig {
  org: OrgTree;
  surveys: SurveyCatalog;
}
