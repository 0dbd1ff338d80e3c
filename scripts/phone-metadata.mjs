#!/usr/bin/env node
// Writes shared/sms/phone-metadata.json: libphonenumber-js's mobile-only metadata cut down to the
// countries SMS surveys go to (Finland and Åland, +358). The full mobile metadata is 136 KB, most
// of a Lambda bundle's budget; this subset is a few KB. A unit test checks it still equals the
// installed library's data, so `npm update libphonenumber-js` followed by this script keeps it current.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const COUNTRIES = ['FI', 'AX'];
const require = createRequire(import.meta.url);
const full = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.mobile.json'), 'utf8'));
const subset = {
  version: full.version,
  country_calling_codes: Object.fromEntries(
    Object.entries(full.country_calling_codes)
      .map(([code, countries]) => [code, countries.filter((c) => COUNTRIES.includes(c))])
      .filter(([, countries]) => countries.length),
  ),
  countries: Object.fromEntries(COUNTRIES.map((c) => [c, full.countries[c]])),
  nonGeographic: {},
};
writeFileSync(new URL('../shared/sms/phone-metadata.json', import.meta.url), `${JSON.stringify(subset)}\n`);
console.log(`phone metadata for ${COUNTRIES.join(', ')}: ${JSON.stringify(subset).length} bytes`);
