/**
 * The org tree a staff page embeds (ids and names only) and the part of it the signed-in person may
 * see, read from the `org:<nodeId>` groups of their token. A convenience only: the APIs check every
 * request themselves.
 */
import type { ORG_GROUP_PREFIX } from '../index.ts';
import type { StaffNode } from '../staff-page.ts';
import { h } from './dom.ts';

/**
 * The prefix of the Cognito groups that name org nodes. Typed as the platform's ORG_GROUP_PREFIX, so
 * the two cannot differ; that constant is not imported as a value, which would bundle the platform.
 */
const ORG_GROUP: typeof ORG_GROUP_PREFIX = 'org:';

/** The org nodes a token's claims name in their `cognito:groups`. */
export function heldNodes(claims: Record<string, unknown>): string[] {
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]) : [];
  return groups.filter((g): g is string => typeof g === 'string' && g.startsWith(ORG_GROUP)).map((g) => g.slice(ORG_GROUP.length));
}

/** Lookups over an embedded org tree. */
export function orgTree<N extends StaffNode>(tree: readonly N[]) {
  const nodes = new Map(tree.map((n) => [n.id, n]));
  return {
    /** The tree's nodes by id. */
    nodes,
    /** A node's children, in config order. */
    childrenOf: (id: string) => tree.filter((n) => n.parentId === id),
    /** How many levels below the region a node is. */
    depth: (id: string) => {
      let d = 0;
      for (let p = nodes.get(id)?.parentId; p; p = nodes.get(p)?.parentId) d++;
      return d;
    },
    /** The nodes `held` names and everything below them, in tree order: what a node picker offers. */
    scopeOf: (held: readonly string[]) => {
      const inScope = (id: string) => {
        for (let p: string | undefined = id; p; p = nodes.get(p)?.parentId) if (held.includes(p)) return true;
        return false;
      };
      return tree.filter((n) => inScope(n.id)).map((n) => n.id);
    },
  };
}

/** Fills a node picker with `ids` (tree order), indented by depth below the topmost of them. */
export function fillPicker(
  select: HTMLSelectElement,
  ids: readonly string[],
  depth: (id: string) => number,
  label: (id: string) => string,
): void {
  const top = Math.min(...ids.map(depth));
  select.replaceChildren(...ids.map((id) => h('option', { value: id }, '\u00a0\u00a0\u00a0'.repeat(depth(id) - top) + label(id))));
}
