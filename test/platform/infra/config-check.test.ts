/**
 * Synth-time config validation (lib/config-check.ts, called first by bin/app.ts): a bad
 * config/region.json stops synth with a message naming the bad field, before any stack is built.
 */
import { describe, expect, it } from 'vitest';
import region from '../../../config/region.json' with { type: 'json' };
import { checkConfig } from '#lib/config-check.ts';

type RegionJson = typeof region & { region: { smsSenderId?: string } };
const copy = (): RegionJson => structuredClone(region) as RegionJson;

describe('checkConfig', () => {
  // The shipped config must synthesize; otherwise every deploy is blocked.
  it('accepts the repository config/region.json', () => {
    const result = checkConfig();
    expect(result.ok).toBe(true);
  });

  // A schema error must name its field, or an operator cannot find it in a file of hundreds of units.
  it('rejects a schema error and names the field', () => {
    const bad = copy();
    bad.region.smsSenderId = 'FAR-TOO-LONG-SENDER';
    const result = checkConfig(bad);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/config\/region\.json[\s\S]*region\.smsSenderId/);
  });

  // Cross-field rules (unique unit ids) only fail at runtime as misrouted feedback, so synth must catch them.
  it('rejects a duplicate unit id and names where it repeats', () => {
    const bad = copy();
    const units = bad.serviceAreas[0]!.services[0]!.units;
    units[1]!.id = units[0]!.id;
    const result = checkConfig(bad);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('serviceAreas[0].services[0].units[1].id');
  });
});
