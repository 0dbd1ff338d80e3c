/** The language a browser asks for (platform i18n) and the form's framing setting (`region.form.embedOrigins`). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import { formFrameAncestors } from '#shared/feedback/settings.ts';
import { langFromAcceptLanguage } from '#shared/platform/i18n.ts';

describe('langFromAcceptLanguage', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['sv-FI,sv;q=0.9,fi;q=0.8', 'sv'],
    ['de,en;q=0.5,fi;q=0.7', 'fi'],
    ['fi;q=0,en', 'en'],
    ['EN-gb', 'en'],
    ['de, fr;q=0.9', undefined],
    ['*', undefined],
    ['sv;q=0.5,en;q=0.5', 'sv'],
  ])('reads %j as %j', (header, lang) => {
    expect(langFromAcceptLanguage(header)).toBe(lang);
  });
});

describe('region.form.embedOrigins', () => {
  const region = () => JSON.parse(readFileSync('config/region.json', 'utf8'));

  it("is 'none' by default", () => {
    expect(formFrameAncestors(parseConfig().org)).toBe("'none'");
  });

  it('lists the configured https origins', () => {
    const r = region();
    r.region.form = { embedOrigins: ['https://www.esimerkki.fi', 'https://hyvinvointi.esimerkki.fi:8443'] };
    expect(formFrameAncestors(parseConfig(r).org)).toBe('https://www.esimerkki.fi https://hyvinvointi.esimerkki.fi:8443');
  });

  it.each(['http://www.esimerkki.fi', 'https://www.esimerkki.fi/path', "'self'", '*', 'https://*.esimerkki.fi'])('refuses %s', (origin) => {
    const r = region();
    r.region.form = { embedOrigins: [origin] };
    expect(() => parseConfig(r)).toThrow(/https origin/);
  });
});
