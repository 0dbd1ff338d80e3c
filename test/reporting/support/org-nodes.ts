import type { AppConfig } from '#shared/config.ts';
import type { OrgNode } from '#shared/platform/org-tree.ts';

/** Every node of the tree, region first, each before its children: what a region-level reader can ask about. */
export function allNodes(config: AppConfig): OrgNode[] {
  const out: OrgNode[] = [];
  const walk = (id: string) => {
    out.push(config.org.node(id)!);
    for (const c of config.org.children(id)) walk(c.id);
  };
  walk(config.org.regionId);
  return out;
}
