/**
 * Synth-time config validation (lib/config-check.ts, called first by bin/app.ts): a bad
 * config/region.json or config/public-info.json stops synth with a message naming the file and the
 * bad field, before any stack is built.
 */
import { describe, expect, it } from 'vitest';
import region from '../../../config/region.json' with { type: 'json' };
import publicInfo from '../../../config/public-info.json' with { type: 'json' };
import { checkConfig } from '#lib/config-check.ts';

type RegionJson = typeof region & { region: { smsSenderId?: string } };
const copy = (): RegionJson => structuredClone(region) as RegionJson;

describe('checkConfig', () => {
  // The shipped config must synthesize; otherwise every deploy is blocked.
  it('accepts the repository config/region.json and config/public-info.json', () => {
    const result = checkConfig();
    expect(result.ok).toBe(true);
    expect(result.ok && result.config.publicInfo.privacyNotice.fi.length).toBeGreaterThan(0);
  });

  // The documents are bundled only into the publicInfo function, but synth checks them with the rest:
  // a bad text must stop the deploy, not first show on the page.
  it('rejects a bad public document and names the file and field', () => {
    const bad = structuredClone(publicInfo);
    bad.accessibilityStatement.sv[0]!.links = [{ text: 'x', href: 'http://www.esimerkki.example' }];
    const result = checkConfig(undefined, undefined, { file: 'config/public-info.json', data: bad });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      'Invalid config/public-info.json:\n  - accessibilityStatement.sv[0].links[0].href: must be an https:// address or mailto: followed by an e-mail address',
    );
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
