/**
 * The thank-you page says what happens next and where complaints and the ombudsmen are, in fi, sv and
 * en; `region.handling.deadlineDays` has its defaults and names a bad value; the contacted case (the
 * slot case handling switches on) promises contact within the configured days.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import { renderThanks } from '#shared/feedback/form-page.ts';
import { DEFAULT_DEADLINE_DAYS, handlingDeadlineDays } from '#shared/feedback/settings.ts';
import { UI } from '#shared/feedback/ui-text.ts';
import { ConfigError } from '#shared/platform/org-tree.ts';
import { escapeHtml } from '#shared/platform/html.ts';
import { LANGS } from '#shared/platform/i18n.ts';
import { INFO_PATHS } from '#shared/publicinfo/manifest.ts';
import { rightsLinks } from '#shared/publicinfo/settings.ts';

const region = () => JSON.parse(readFileSync('config/region.json', 'utf8'));
const { org } = parseConfig();

describe('region.handling.deadlineDays', () => {
  it('is 14 days for contact and 30 for free text by default', () => {
    const r = region();
    delete r.region.handling;
    expect(handlingDeadlineDays(parseConfig(r).org)).toEqual({ contact: 14, text: 30 });
    expect(DEFAULT_DEADLINE_DAYS).toEqual({ contact: 14, text: 30 });
  });

  it("takes the region's own values, each on its own", () => {
    const r = region();
    r.region.handling = { deadlineDays: { contact: 7 } };
    expect(handlingDeadlineDays(parseConfig(r).org)).toEqual({ contact: 7, text: 30 });
  });

  it.each([
    [{ contact: 0 }, 'region.handling.deadlineDays.contact', 'must be at least 1'],
    [{ contact: 2.5 }, 'region.handling.deadlineDays.contact', 'must be a whole number of days'],
    [{ text: 400 }, 'region.handling.deadlineDays.text', 'must be at most 365'],
    [{ reply: 3 }, 'region.handling.deadlineDays.reply', 'unknown field'],
  ])('refuses %j, naming the field', (deadlineDays, path, message) => {
    const r = region();
    r.region.handling = { deadlineDays };
    try {
      parseConfig(r);
      throw new Error('expected a ConfigError');
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      expect(e.issues).toEqual([{ path, message }]);
    }
  });
});

describe.each(LANGS)('the thank-you page in %s', (lang) => {
  const t = UI[lang];
  const page = (contactRequested?: { withinDays: number }) =>
    renderThanks({
      lang,
      unitId: 'keskusta-ta',
      regionName: 'R',
      channel: 'web',
      rights: rightsLinks(org, lang),
      ...(contactRequested ? { contactRequested } : {}),
    });

  it('says the staff read the feedback and that it is not answered individually', () => {
    const html = page();
    expect(html).toContain(escapeHtml(t.nextTitle));
    expect(html).toContain(escapeHtml(`${t.nextRead} ${t.nextNoReply}`));
    expect(html).not.toContain(escapeHtml(t.nextContact(handlingDeadlineDays(org).contact)));
  });

  it("links the complaint instructions and both ombudsmen from the region config, in the page's language", () => {
    const html = page();
    const links = rightsLinks(org, lang);
    expect(html).toContain(`<a href="${links.complaint}">${escapeHtml(t.rightsComplaint)}</a>`);
    expect(html).toContain(`<a href="${links.patientOmbudsman}">${escapeHtml(t.rightsPatientOmbudsman)}</a>`);
    expect(html).toContain(`<a href="${links.socialOmbudsman}">${escapeHtml(t.rightsSocialOmbudsman)}</a>`);
  });

  it('has the footer links to the privacy notice and the accessibility statement', () => {
    const footer = /<footer>(.*)<\/footer>/.exec(page())![1]!;
    expect(footer).toContain(`href="${INFO_PATHS.privacy[lang]}"`);
    expect(footer).toContain(`href="${INFO_PATHS.accessibility[lang]}"`);
  });

  it('promises contact within region.handling.deadlineDays.contact days when the person asked to be contacted', () => {
    const days = handlingDeadlineDays(org).contact;
    const html = page({ withinDays: days });
    expect(html).toContain(escapeHtml(`${t.nextRead} ${t.nextContact(days)}`));
    expect(html).toContain(String(days));
    expect(html).not.toContain(escapeHtml(t.nextNoReply));
  });
});
