import type { OrgTree, LocalizedText } from '../platform/index.ts';

/** A unit as the public API lists it. */
export interface UnitSummary {
  id: string;
  name: LocalizedText;
  serviceId: string;
  serviceAreaId: string;
  surveyId: string;
}

/** Every unit of the region, in config order, with its place in the tree and default survey. */
export function listUnits(org: OrgTree): UnitSummary[] {
  return org.units().map((u) => ({
    id: u.id,
    name: u.name,
    serviceId: org.ancestorOfKind(u.id, 'service')!.id,
    serviceAreaId: org.ancestorOfKind(u.id, 'serviceArea')!.id,
    surveyId: u.surveyId,
  }));
}
