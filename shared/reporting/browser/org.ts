/** The org tree the page embeds (ids and names only) and the part of it this person may see. */
import { orgTree } from '../../platform/browser/staff-org.ts';
import { cfg } from './config.ts';

const org = orgTree(cfg.tree);
/** The tree's nodes by id. */
export const nodes = org.nodes;
/** A node's children, in config order. */
export const childrenOf = org.childrenOf;
/** How many levels below the region a node is. */
export const depth = org.depth;

/**
 * The nodes the signed-in person's groups name and everything below them, in tree order: what the
 * picker offers. A convenience only; the reporting API checks every request itself.
 */
export let scope: string[] = [];

/** Sets `scope` from the org nodes the token's groups name. */
export function setScope(held: string[]): void {
  scope = org.scopeOf(held);
}
