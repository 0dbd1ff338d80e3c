/**
 * Who may see which part of the organisation: staff hold Cognito groups `org:<nodeId>` and see those
 * nodes and everything below them. API Gateway's JWT authorizer hands the `cognito:groups` claim to
 * handlers as the string `[org:a org:b]`; the local stack does the same, and a test or another
 * caller may pass the array itself, so both are read.
 */
import { NODE_ID_PATTERN, type OrgTree } from './org-tree.ts';
import { ForbiddenError } from './errors.ts';
import { ORG_GROUP_PREFIX } from './manifest-types.ts';

/**
 * The exact form of an org group: the prefix and an org node id as config/region.json allows ids
 * (NODE_ID_PATTERN). Anything else — another case, spaces, a second colon — is not an org group,
 * however close it looks.
 */
export const ORG_GROUP_PATTERN = new RegExp(`^${ORG_GROUP_PREFIX}(${NODE_ID_PATTERN.source.replace(/^\^|\$$/g, '')})$`);

/**
 * The org node a Cognito group name grants, or undefined when the name is not exactly
 * `org:<nodeId>` for a node of this deployment's tree. The one rule both sides use: the CDK app
 * refuses to create a group it does not accept (lib/auth.ts), and the handlers ignore any such group
 * in a token, so a group created by hand in the console (`org:Keskusta`, `org:old-unit`) grants nothing.
 */
export function orgNodeOfGroup(group: string, org: OrgTree): string | undefined {
  const id = ORG_GROUP_PATTERN.exec(group)?.[1];
  return id !== undefined && org.node(id) ? id : undefined;
}

/**
 * The org node ids named by a `cognito:groups` claim: `[org:a org:b]`, `org:a`, a JSON array string
 * or an array. Only groups orgNodeOfGroup accepts count; other groups (other roles, unknown nodes,
 * malformed names) are ignored; duplicates removed.
 */
export function orgNodesOfClaim(claim: unknown, org: OrgTree): string[] {
  let parts: unknown[];
  if (Array.isArray(claim)) parts = claim;
  else if (typeof claim === 'string') {
    const s = claim.trim();
    if (s.startsWith('[') && s.endsWith(']')) {
      const inner = s.slice(1, -1);
      let json: unknown;
      try {
        json = JSON.parse(s);
      } catch {
        json = undefined;
      }
      parts = Array.isArray(json) ? json : inner.split(/[\s,]+/);
    } else parts = s.split(/[\s,]+/);
  } else parts = [];
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p !== 'string') continue;
    const id = orgNodeOfGroup(p.trim().replace(/^"(.*)"$/, '$1'), org);
    if (id !== undefined && !out.includes(id)) out.push(id);
  }
  return out;
}

/** Whether someone holding `userNodes` may see `nodeId`: one of theirs or below one of theirs. */
export function canSee(org: OrgTree, userNodes: readonly string[], nodeId: string): boolean {
  if (!org.node(nodeId)) return false;
  const line = [nodeId, ...org.ancestors(nodeId).map((n) => n.id)];
  return userNodes.some((u) => line.includes(u));
}

/**
 * Throws ForbiddenError unless the user may see (or act on) the node: by default for a report's
 * `query.node`; a route acting on a unit names its own field and what was refused.
 */
export function assertCanSee(
  org: OrgTree,
  userNodes: readonly string[],
  nodeId: string,
  refused: { path: string; message: string } = { path: 'query.node', message: 'You may not see reports of this node.' },
): void {
  if (canSee(org, userNodes, nodeId)) return;
  const message = userNodes.length ? 'is outside the organisation nodes you hold' : 'your account holds no organisation nodes';
  throw new ForbiddenError(refused.message, [{ path: refused.path, message }]);
}

/** Throws ForbiddenError unless the user holds the region node itself (the national export's scope). */
export function assertRegionScope(org: OrgTree, userNodes: readonly string[]): void {
  if (userNodes.includes(org.regionId)) return;
  throw new ForbiddenError('The export needs the region scope.', [
    { path: 'claims.cognito:groups', message: `must include ${ORG_GROUP_PREFIX}${org.regionId}` },
  ]);
}
