/**
 * The privacy notice and accessibility statement pages, and the footer links to them that every
 * public page carries. Server-rendered in the common layout; the region's sections as headings,
 * plain paragraphs and link lists, every text escaped.
 */
import { type FooterLink, html, type Lang, layout } from '../platform/index.ts';
import { INFO_TITLES } from './info-text.ts';
import { INFO_DOCUMENTS, INFO_PATHS, type InfoDocument } from './manifest.ts';
import { fillPlaceholders, type InfoPlaceholder, type InfoSection } from './documents.ts';

/**
 * The footer links of a public page in its language: the privacy notice and the accessibility
 * statement. On one of those pages itself, its own link is marked as the current page.
 */
export function infoFooter(lang: Lang, current?: InfoDocument): FooterLink[] {
  return INFO_DOCUMENTS.map((doc) => ({ href: INFO_PATHS[doc][lang], text: INFO_TITLES[lang][doc], current: doc === current }));
}

/** Everything a document page shows. */
export interface InfoPageView {
  doc: InfoDocument;
  lang: Lang;
  regionName: string;
  /** The document's sections in `lang`, from `config/public-info.json`. */
  sections: readonly InfoSection[];
  /** Values of the placeholders its texts may use. */
  values: Readonly<Record<InfoPlaceholder, string | number>>;
}

/** A privacy notice or accessibility statement page; the language switch leads to its other versions. */
export function renderInfoPage(v: InfoPageView): string {
  const title = INFO_TITLES[v.lang][v.doc];
  const fill = (s: string) => fillPlaceholders(s, v.values);
  const body = html`<h1>${title}</h1>${v.sections.map(
    (s) =>
      html`<h2>${fill(s.heading)}</h2>${s.paragraphs.map((p) => html`<p>${fill(p)}</p>`)}${
        s.links?.length ? html`<ul>${s.links.map((l) => html`<li><a href="${l.href}">${fill(l.text)}</a></li>`)}</ul>` : ''
      }`,
  )}`;
  return layout({
    lang: v.lang,
    title: `${title} – ${v.regionName}`,
    regionName: v.regionName,
    langHref: (l) => INFO_PATHS[v.doc][l],
    body,
    footer: infoFooter(v.lang, v.doc),
  });
}
