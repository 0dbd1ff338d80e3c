/** The few DOM helpers the staff pages' scripts build their views with; no framework. */

const SVGNS = 'http://www.w3.org/2000/svg';

/** An element of the page by id (the page's markup has them all). */
export const byId = <E extends HTMLElement>(id: string) => document.getElementById(id) as E;

/** A child `h` appends; null, undefined and false are skipped, so conditional children read inline. */
export type Kid = Node | string | null | undefined | false;

/** Creates an element (HTML, or SVG with an `svg:` prefix on the tag) with attributes and children. */
export function h(tag: string, attrs: Record<string, string | number | undefined> = {}, ...kids: Kid[]): HTMLElement {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  for (const kid of kids) if (kid !== null && kid !== undefined && kid !== false) el.append(kid);
  return el as HTMLElement;
}
