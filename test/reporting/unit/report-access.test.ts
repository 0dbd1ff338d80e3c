/**
 * Who sees what: the `cognito:groups` claim in every form API Gateway, the local stack or a caller
 * may hand over, the node-or-descendant rule, and the export's region scope.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import { assertCanSee, assertRegionScope, canSee, orgNodeOfGroup, orgNodesOfClaim } from '#shared/platform/access.ts';
import { ForbiddenError } from '#shared/platform/errors.ts';

const { org } = parseConfig();

describe('orgNodesOfClaim', () => {
  // The forms a claim arrives in; node ids are real ones of config/region.json, since only those count.
  it.each([
    ['API Gateway’s string form', '[org:esimerkki org:terveys]', ['esimerkki', 'terveys']],
    ['a single group without brackets', 'org:keskusta-ta', ['keskusta-ta']],
    ['the array a JWT carries', ['org:terveys', 'org:kuntoutus'], ['terveys', 'kuntoutus']],
    ['a JSON array string', '["org:terveys","org:rantala-ta"]', ['terveys', 'rantala-ta']],
    ['commas between groups', '[org:terveys,org:keskusta-ta]', ['terveys', 'keskusta-ta']],
    ['extra spaces', '  [ org:terveys   org:keskusta-ta ] ', ['terveys', 'keskusta-ta']],
    ['duplicates once', '[org:terveys org:terveys]', ['terveys']],
    ['groups that are not org nodes ignored', '[admins org:terveys handlers]', ['terveys']],
    ['a bare prefix ignored', '[org:]', []],
    ['an empty claim', '[]', []],
    ['an empty string', '', []],
    ['no claim', undefined, []],
    ['a number', 42, []],
    ['non-strings inside an array ignored', ['org:terveys', 7, null], ['terveys']],
  ])('reads %s', (_name, claim, expected) => {
    expect(orgNodesOfClaim(claim, org)).toEqual(expected);
  });

  // A group made by hand in the Cognito console grants nothing unless it is exactly org:<a node of the config>.
  it.each([
    ['a node the config does not have', ['org:old-unit', 'org:a'], []],
    ['another case', ['org:Terveys', 'ORG:terveys', 'Org:terveys'], []],
    ['a second colon or a path', ['org:terveys:admin', 'org:terveys/keskusta-ta', 'org::terveys'], []],
    ['spaces or control characters inside', ['org: terveys', 'org:terveys\u0000', 'org:ter veys'], []],
    ['an id longer than the config allows', [`org:${'a'.repeat(64)}`], []],
    ['a prefix glued to another word', ['xorg:terveys', 'org:terveys-x'], []],
  ])('ignores %s', (_name, claim, expected) => {
    expect(orgNodesOfClaim(claim, org)).toEqual(expected);
  });

  it('keeps the valid groups of a claim that also holds invalid ones', () => {
    expect(orgNodesOfClaim('[org:Terveys org:keskusta-ta org:nowhere]', org)).toEqual(['keskusta-ta']);
  });
});

describe('orgNodeOfGroup', () => {
  it('accepts exactly org:<nodeId> for every node of the tree and nothing else', () => {
    expect(orgNodeOfGroup('org:esimerkki', org)).toBe('esimerkki');
    expect(orgNodeOfGroup('org:keskusta-ta', org)).toBe('keskusta-ta');
    expect(orgNodeOfGroup('org:keskusta-ta ', org)).toBeUndefined();
    expect(orgNodeOfGroup('org:nowhere', org)).toBeUndefined();
    expect(orgNodeOfGroup('keskusta-ta', org)).toBeUndefined();
  });
});

describe('canSee', () => {
  it('lets a holder see their own node and every node below it', () => {
    expect(canSee(org, ['terveys'], 'terveys')).toBe(true);
    expect(canSee(org, ['terveys'], 'terveysasemat')).toBe(true);
    expect(canSee(org, ['terveys'], 'keskusta-ta')).toBe(true);
  });
  it('hides parents, siblings and other branches, so a unit handler sees only their unit', () => {
    expect(canSee(org, ['keskusta-ta'], 'terveysasemat')).toBe(false);
    expect(canSee(org, ['keskusta-ta'], 'rantala-ta')).toBe(false);
    expect(canSee(org, ['terveys'], 'kuntoutus')).toBe(false);
    expect(canSee(org, ['terveys'], 'esimerkki')).toBe(false);
  });
  it('lets the region holder see everything', () => {
    for (const u of org.units()) expect(canSee(org, ['esimerkki'], u.id)).toBe(true);
  });
  it('combines several groups', () => {
    expect(canSee(org, ['keskusta-ta', 'kuntoutus'], 'fysioterapia')).toBe(true);
  });
  it('sees nothing without groups or for unknown nodes', () => {
    expect(canSee(org, [], 'keskusta-ta')).toBe(false);
    expect(canSee(org, ['esimerkki'], 'no-such-node')).toBe(false);
  });
});

describe('assertCanSee and assertRegionScope', () => {
  it('throws forbidden naming query.node, the parameter the caller may change', () => {
    try {
      assertCanSee(org, ['keskusta-ta'], 'terveys');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ForbiddenError);
      expect((e as ForbiddenError).code).toBe('forbidden');
      expect((e as ForbiddenError).issues).toEqual([{ path: 'query.node', message: 'is outside the organisation nodes you hold' }]);
    }
  });
  it('says so when the account holds no nodes at all', () => {
    expect(() => assertCanSee(org, [], 'terveys')).toThrow(ForbiddenError);
  });
  it('admits only holders of the region node to the export, not a service-area manager', () => {
    expect(() => assertRegionScope(org, ['esimerkki'])).not.toThrow();
    expect(() => assertRegionScope(org, ['terveys', 'kuntoutus', 'sosiaali', 'ikaantyneet'])).toThrow(ForbiddenError);
    expect(() => assertRegionScope(org, [])).toThrow(ForbiddenError);
  });
});
