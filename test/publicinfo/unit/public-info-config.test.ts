/**
 * The public information config: the documents of `config/public-info.json` and the links of
 * `region.publicInfo` are valid in fi, sv and en; a bad link, a missing language, an empty text, an
 * unknown placeholder or a privacy notice that does not state the retention stops the config with an
 * error naming the file and the field; a region config still carrying the documents is refused;
 * placeholders are filled from the config; the pages escape the region's text and mark their own
 * footer link.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import { LANGS } from '#shared/platform/i18n.ts';
import * as z from '#shared/platform/zod.ts';
import { loadPublicInfo, parseAllConfig, parsePublicInfo, PUBLIC_INFO_FILE } from '#shared/public-info-config.ts';
import { fillPlaceholders } from '#shared/publicinfo/documents.ts';
import { infoFooter, renderInfoPage } from '#shared/publicinfo/info-page.ts';
import { INFO_PATHS } from '#shared/publicinfo/manifest.ts';
import { DOMAIN_PATTERN, publicInfoOf, rightsLinks } from '#shared/publicinfo/settings.ts';
import { configErrorOf } from '../../support/config-error.ts';

const region = () => JSON.parse(readFileSync('config/region.json', 'utf8'));
const documents = () => JSON.parse(readFileSync('config/public-info.json', 'utf8'));
/** Issues of a region config (config/region.json). */
const issuesOf = (raw: unknown) => configErrorOf(() => parseConfig(raw)).issues;
/** Issues of a documents file (config/public-info.json), which must name that file. */
const docIssuesOf = (data: unknown) => {
  const e = configErrorOf(() => parsePublicInfo({ file: 'config/public-info.json', data }));
  expect(e.file).toBe('config/public-info.json');
  return e.issues;
};

describe('the committed public information', () => {
  const info = loadPublicInfo();

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
    expect(rightsLinks(org, 'sv').patientOmbudsman).toBe(publicInfoOf(org).links.patientOmbudsman.sv);
  });

  // The documents are validated wherever the whole config is (synth, npm start), not by loadConfig().
  it('is part of the whole config, and the documents are the file as parsed', () => {
    const all = parseAllConfig();
    expect(all.publicInfo).toEqual(loadPublicInfo());
    expect(all.publicInfo).toEqual(PUBLIC_INFO_FILE.data);
    expect(all.org.regionId).toBe(parseConfig().org.regionId);
  });
});

describe('validation names the bad field', () => {
  it('refuses a link that is not https', () => {
    const r = region();
    r.region.publicInfo.links.patientOmbudsman.sv = 'http://www.esimerkki.example/sv/patientombud';
    expect(issuesOf(r)).toEqual([{ path: 'region.publicInfo.links.patientOmbudsman.sv', message: 'must be an https:// address' }]);
  });

  it('refuses a link that is not an address at all, or whose host is not a domain name', () => {
    const r = region();
    r.region.publicInfo.links.complaint.fi = 'muistutus';
    r.region.publicInfo.links.complaint.en = 'https://localhost/complaint';
    expect(issuesOf(r)).toEqual([
      { path: 'region.publicInfo.links.complaint.fi', message: 'must be an https:// address' },
      { path: 'region.publicInfo.links.complaint.en', message: 'must be an https:// address' },
    ]);
  });

  // The links check host names with a copy of zod's pattern (settings.ts says why); it must stay zod's.
  it("checks host names with zod's own domain pattern", () => {
    expect(DOMAIN_PATTERN.source).toBe(z.regexes.domain.source);
    expect(DOMAIN_PATTERN.flags).toBe(z.regexes.domain.flags);
  });

  it('refuses a missing link language, naming it', () => {
    const r = region();
    delete r.region.publicInfo.links.socialOmbudsman.en;
    expect(issuesOf(r).map((i) => i.path)).toEqual(['region.publicInfo.links.socialOmbudsman.en']);
  });

  it('refuses a region config without region.publicInfo', () => {
    const none = region();
    delete none.region.publicInfo;
    expect(issuesOf(none).map((i) => i.path)).toEqual(['region.publicInfo']);
  });

  // A config written for the old layout must fail loudly, not serve stale texts or none.
  it('refuses the documents in the region config: they belong in config/public-info.json', () => {
    const r = region();
    r.region.publicInfo.privacyNotice = documents().privacyNotice;
    expect(issuesOf(r)).toEqual([{ path: 'region.publicInfo.privacyNotice', message: 'unknown field' }]);
  });

  it('refuses a javascript: or malformed mailto: link in a document', () => {
    const d = documents();
    d.accessibilityStatement.en[2].links[0].href = 'javascript:alert(1)';
    d.privacyNotice.sv[8].links[0].href = 'mailto:not an address';
    const issues = docIssuesOf(d);
    expect(issues.map((i) => i.path).sort()).toEqual(['accessibilityStatement.en[2].links[0].href', 'privacyNotice.sv[8].links[0].href']);
    expect(issues[0]!.message).toBe('must be an https:// address or mailto: followed by an e-mail address');
  });

  it('refuses a document missing a language, and a file without a document', () => {
    const d = documents();
    delete d.privacyNotice.sv;
    expect(docIssuesOf(d).map((i) => i.path)).toEqual(['privacyNotice.sv']);
    const none = documents();
    delete none.accessibilityStatement;
    expect(docIssuesOf(none).map((i) => i.path)).toEqual(['accessibilityStatement']);
  });

  it('refuses an empty heading or paragraph and a section without paragraphs', () => {
    const d = documents();
    d.privacyNotice.fi[0].heading = '  ';
    d.accessibilityStatement.sv[1].paragraphs = [];
    expect(docIssuesOf(d)).toEqual([
      { path: 'privacyNotice.fi[0].heading', message: 'must not be empty' },
      { path: 'accessibilityStatement.sv[1].paragraphs', message: 'needs at least one paragraph' },
    ]);
  });

  it('refuses an unknown field, so a misspelt link or document is not silently left out', () => {
    const r = region();
    r.region.publicInfo.links.ombudsman = r.region.publicInfo.links.patientOmbudsman;
    expect(issuesOf(r)).toEqual([{ path: 'region.publicInfo.links.ombudsman', message: 'unknown field' }]);
    const d = documents();
    d.privacyNotices = d.privacyNotice;
    expect(docIssuesOf(d)).toEqual([{ path: 'privacyNotices', message: 'unknown field' }]);
  });

  it('refuses an unknown placeholder, naming the text it is in', () => {
    const d = documents();
    d.accessibilityStatement.en[0].paragraphs[0] += ' Answers are kept {answerYear} years.';
    expect(docIssuesOf(d)).toEqual([
      {
        path: 'accessibilityStatement.en[0].paragraphs[0]',
        message: 'unknown placeholder {answerYear}; known: {answerYears}, {contactRetentionDays}',
      },
    ]);
  });

  it('refuses a privacy notice that does not state the retention with {answerYears}', () => {
    const d = documents();
    for (const s of d.privacyNotice.en) s.paragraphs = s.paragraphs.map((p: string) => p.replace('{answerYears}', 'five'));
    expect(docIssuesOf(d)).toEqual([
      {
        path: 'privacyNotice.en',
        message: 'must state how long answers are kept with {answerYears}, filled in from region.retention.answerYears',
      },
    ]);
  });

  it('refuses a privacy notice that does not state how long contact details are kept with {contactRetentionDays}', () => {
    const d = documents();
    for (const lang of ['sv', 'en'])
      for (const s of d.privacyNotice[lang]) s.paragraphs = s.paragraphs.map((p: string) => p.replaceAll('{contactRetentionDays}', '30'));
    const message =
      'must state how long contact details are kept after the case closes with {contactRetentionDays}, filled in from region.handling.contactRetentionDays';
    expect(docIssuesOf(d)).toEqual([
      { path: 'privacyNotice.sv', message },
      { path: 'privacyNotice.en', message },
    ]);
  });

  it('names the documents file in the message, as synth and npm start print it', () => {
    const d = documents();
    d.privacyNotice.fi[0].heading = '';
    expect(configErrorOf(() => parseAllConfig({ publicInfo: { file: 'config/public-info.json', data: d } })).message).toBe(
      'Invalid config/public-info.json:\n  - privacyNotice.fi[0].heading: must not be empty',
    );
  });
});

describe('rendering', () => {
  it('fills placeholders and leaves other braces alone', () => {
    expect(
      fillPlaceholders('kept {answerYears} years, {contactRetentionDays} days {other}', { answerYears: 7, contactRetentionDays: 30 }),
    ).toBe('kept 7 years, 30 days {other}');
  });

  it('fills the retention into the privacy notice', () => {
    const page = renderInfoPage({
      doc: 'privacy',
      lang: 'fi',
      regionName: 'R',
      sections: loadPublicInfo().privacyNotice.fi,
      values: { answerYears: 8, contactRetentionDays: 45 },
    });
    expect(page).toContain('8 vuoden ajan');
    expect(page).toContain('45 päivän kuluttua');
    expect(page).not.toMatch(/\{\w+\}/);
  });

  it("escapes the region's text and links", () => {
    const page = renderInfoPage({
      doc: 'accessibility',
      lang: 'en',
      regionName: 'R & D',
      sections: [
        { heading: '<b>H</b>', paragraphs: ['a <script>x</script>'], links: [{ text: 'x"y', href: 'https://a.example/?a=1&b=2' }] },
      ],
      values: { answerYears: 5, contactRetentionDays: 30 },
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
