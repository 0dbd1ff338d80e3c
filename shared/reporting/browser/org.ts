/** The org tree the page embeds (ids and names only) and the part of it this person may see. */
import { cfg } from './config.ts';

/** The tree's nodes by id. */
export const nodes = new Map(cfg.tree.map((n) => [n.id, n]));
/** A node's children, in config order. */
export const childrenOf = (id: string) => cfg.tree.filter((n) => n.parentId === id);
/** How many levels below the region a node is. */
export const depth = (id: string) => {
  let d = 0;
  for (let p = nodes.get(id)?.parentId; p; p = nodes.get(p)?.parentId) d++;
  return d;
};

/**
 * The nodes the signed-in person's groups name and everything below them, in tree order: what the
 * picker offers. A convenience only; the reporting API checks every request itself.
 */
export let scope: string[] = [];

/** Sets `scope` from the org nodes the token's groups name. */
export function setScope(held: string[]): void {
  const inScope = (id: string) => {
    for (let p: string | undefined = id; p; p = nodes.get(p)?.parentId) if (held.includes(p)) return true;
    return false;
  };
  scope = cfg.tree.filter((n) => inScope(n.id)).map((n) => n.id);
}
