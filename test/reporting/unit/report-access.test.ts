/**
 * Who sees what: the `cognito:groups` claim in every form API Gateway, the local stack or a caller
 * may hand over, the node-or-descendant rule, and the export's region scope.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import { assertCanSee, assertRegionScope, canSee, orgNodesOfClaim } from '#shared/platform/access.ts';
import { ForbiddenError } from '#shared/platform/errors.ts';

const { org } = parseConfig();

describe('orgNodesOfClaim', () => {
  it.each([
    ['API Gateway’s string form', '[org:esimerkki org:terveys]', ['esimerkki', 'terveys']],
    ['a single group without brackets', 'org:keskusta-ta', ['keskusta-ta']],
    ['the array a JWT carries', ['org:terveys', 'org:kuntoutus'], ['terveys', 'kuntoutus']],
    ['a JSON array string', '["org:terveys","org:rantala-ta"]', ['terveys', 'rantala-ta']],
    ['commas between groups', '[org:a,org:b]', ['a', 'b']],
    ['extra spaces', '  [ org:a   org:b ] ', ['a', 'b']],
    ['duplicates once', '[org:a org:a]', ['a']],
    ['groups that are not org nodes ignored', '[admins org:a handlers]', ['a']],
    ['a bare prefix ignored', '[org:]', []],
    ['an empty claim', '[]', []],
    ['an empty string', '', []],
    ['no claim', undefined, []],
    ['a number', 42, []],
    ['non-strings inside an array ignored', ['org:a', 7, null], ['a']],
  ])('reads %s', (_name, claim, expected) => {
    expect(orgNodesOfClaim(claim)).toEqual(expected);
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
