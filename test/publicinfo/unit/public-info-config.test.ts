/**
 * `region.publicInfo`: the committed texts and links are valid in fi, sv and en; a bad link, a
 * missing language, an empty text, an unknown placeholder or a privacy notice that does not state the
 * retention stops the config with an error naming the field; placeholders are filled from the config;
 * the pages escape the region's text and mark their own footer link.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import { ConfigError } from '#shared/platform/org-tree.ts';
import { LANGS } from '#shared/platform/i18n.ts';
import { infoFooter, renderInfoPage } from '#shared/publicinfo/info-page.ts';
import { INFO_PATHS } from '#shared/publicinfo/manifest.ts';
import { fillPlaceholders, publicInfoOf, rightsLinks } from '#shared/publicinfo/settings.ts';

const region = () => JSON.parse(readFileSync('config/region.json', 'utf8'));
const issuesOf = (raw: unknown) => {
  try {
    parseConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('the committed region.publicInfo', () => {
  const info = publicInfoOf(parseConfig().org);

  it('has a privacy notice and an accessibility statement in every language', () => {
    for (const lang of LANGS) {
      expect(info.privacyNotice[lang].length).toBeGreaterThan(3);
      expect(info.accessibilityStatement[lang].length).toBeGreaterThan(2);
    }
  });

  it('names the supervisory authority of accessibility and its site in every language', () => {
    for (const lang of LANGS) {
      const statement = info.accessibilityStatement[lang];
      expect(statement.flatMap((s) => s.paragraphs).join(' ')).toContain('Traficom');
      expect(statement.flatMap((s) => s.links ?? []).map((l) => l.href)).toContain('https://www.saavutettavuusvaatimukset.fi');
    }
  });

  it('gives the complaint and ombudsman links in each language', () => {
    const { org } = parseConfig();
    for (const lang of LANGS) {
      const links = rightsLinks(org, lang);
      expect(Object.keys(links).sort()).toEqual(['complaint', 'patientOmbudsman', 'socialOmbudsman']);
      for (const href of Object.values(links)) expect(href).toMatch(/^https:\/\//);
    }
    expect(rightsLinks(org, 'sv').patientOmbudsman).toBe(info.links.patientOmbudsman.sv);
  });
});

describe('validation names the bad field', () => {
  it('refuses a link that is not https', () => {
    const r = region();
    r.region.publicInfo.links.patientOmbudsman.sv = 'http://www.esimerkki.example/sv/patientombud';
    expect(issuesOf(r)).toEqual([{ path: 'region.publicInfo.links.patientOmbudsman.sv', message: 'must be an https:// address' }]);
  });

  it('refuses a link that is not an address at all', () => {
    const r = region();
    r.region.publicInfo.links.complaint.fi = 'muistutus';
    expect(issuesOf(r)).toEqual([{ path: 'region.publicInfo.links.complaint.fi', message: 'must be an https:// address' }]);
  });

  it('refuses a missing link language, naming it', () => {
    const r = region();
    delete r.region.publicInfo.links.socialOmbudsman.en;
    expect(issuesOf(r).map((i) => i.path)).toEqual(['region.publicInfo.links.socialOmbudsman.en']);
  });

  it('refuses a javascript: or malformed mailto: link in a document', () => {
    const r = region();
    r.region.publicInfo.accessibilityStatement.en[2].links[0].href = 'javascript:alert(1)';
    r.region.publicInfo.privacyNotice.sv[8].links[0].href = 'mailto:not an address';
    const issues = issuesOf(r);
    expect(issues.map((i) => i.path).sort()).toEqual([
      'region.publicInfo.accessibilityStatement.en[2].links[0].href',
      'region.publicInfo.privacyNotice.sv[8].links[0].href',
    ]);
    expect(issues[0]!.message).toBe('must be an https:// address or mailto: followed by an e-mail address');
  });

  it('refuses a document missing a language, and a config without region.publicInfo', () => {
    const r = region();
    delete r.region.publicInfo.privacyNotice.sv;
    expect(issuesOf(r).map((i) => i.path)).toEqual(['region.publicInfo.privacyNotice.sv']);
    const none = region();
    delete none.region.publicInfo;
    expect(issuesOf(none).map((i) => i.path)).toEqual(['region.publicInfo']);
  });

  it('refuses an empty heading or paragraph and a section without paragraphs', () => {
    const r = region();
    r.region.publicInfo.privacyNotice.fi[0].heading = '  ';
    r.region.publicInfo.accessibilityStatement.sv[1].paragraphs = [];
    expect(issuesOf(r)).toEqual([
      { path: 'region.publicInfo.privacyNotice.fi[0].heading', message: 'must not be empty' },
      { path: 'region.publicInfo.accessibilityStatement.sv[1].paragraphs', message: 'needs at least one paragraph' },
    ]);
  });

  it('refuses an unknown field, so a misspelt link is not silently left out', () => {
    const r = region();
    r.region.publicInfo.links.ombudsman = r.region.publicInfo.links.patientOmbudsman;
    expect(issuesOf(r)).toEqual([{ path: 'region.publicInfo.links.ombudsman', message: 'unknown field' }]);
  });

  it('refuses an unknown placeholder, naming the text it is in', () => {
    const r = region();
    r.region.publicInfo.accessibilityStatement.en[0].paragraphs[0] += ' Answers are kept {answerYear} years.';
    expect(issuesOf(r)).toEqual([
      {
        path: 'region.publicInfo.accessibilityStatement.en[0].paragraphs[0]',
        message: 'unknown placeholder {answerYear}; known: {answerYears}',
      },
    ]);
  });

  it('refuses a privacy notice that does not state the retention with {answerYears}', () => {
    const r = region();
    for (const s of r.region.publicInfo.privacyNotice.en)
      s.paragraphs = s.paragraphs.map((p: string) => p.replace('{answerYears}', 'five'));
    expect(issuesOf(r)).toEqual([
      {
        path: 'region.publicInfo.privacyNotice.en',
        message: 'must state how long answers are kept with {answerYears}, filled in from region.retention.answerYears',
      },
    ]);
  });
});

describe('rendering', () => {
  it('fills placeholders and leaves other braces alone', () => {
    expect(fillPlaceholders('kept {answerYears} years {other}', { answerYears: 7 })).toBe('kept 7 years {other}');
  });

  it('fills the retention from region.retention.answerYears', () => {
    const r = region();
    r.region.retention.answerYears = 8;
    const { org } = parseConfig(r);
    const page = renderInfoPage({
      doc: 'privacy',
      lang: 'fi',
      regionName: 'R',
      sections: publicInfoOf(org).privacyNotice.fi,
      values: { answerYears: 8 },
    });
    expect(page).toContain('8 vuoden ajan');
    expect(page).not.toContain('{answerYears}');
  });

  it("escapes the region's text and links", () => {
    const page = renderInfoPage({
      doc: 'accessibility',
      lang: 'en',
      regionName: 'R & D',
      sections: [
        { heading: '<b>H</b>', paragraphs: ['a <script>x</script>'], links: [{ text: 'x"y', href: 'https://a.example/?a=1&b=2' }] },
      ],
      values: { answerYears: 5 },
    });
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;b&gt;H&lt;/b&gt;');
    expect(page).toContain('href="https://a.example/?a=1&amp;b=2"');
    expect(page).toContain('R &amp; D');
  });

  it("marks the page's own footer link as the current page", () => {
    expect(infoFooter('sv', 'accessibility')).toEqual([
      { href: INFO_PATHS.privacy.sv, text: 'Dataskyddsbeskrivning', current: false },
      { href: INFO_PATHS.accessibility.sv, text: 'Tillgänglighetsutlåtande', current: true },
    ]);
    expect(infoFooter('fi').every((l) => !l.current)).toBe(true);
  });
});
