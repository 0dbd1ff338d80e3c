/**
 * The poster rules without a file: which units a node's posters cover and in what order, what each
 * poster says (the unit's names in fi/sv/en, the heading, the short address), where its code leads
 * (the unit's form with `?ch=qr`) and at which error correction level (Q, read back from the symbol's
 * format information), that the code's path draws exactly the symbol's dark modules and decodes to
 * the address, that the layout stays inside the A4 page, and the refusals.
 */
import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import type { OrgTree } from '#shared/platform/org-tree.ts';
import { NotFoundError } from '#shared/platform/errors.ts';
import {
  parsePosterFile,
  POSTER_HEADING,
  posterContent,
  posterHref,
  posterQrUrl,
  postersFor,
  shortAddress,
  unitsUnder,
} from '#shared/posters/index.ts';
import { A4, layoutPoster, type MeasureText, QUIET_ZONE_MODULES, type QrMatrix, qrMatrix, qrPath } from '#shared/posters/layout.ts';
import { winAnsiSafe } from '#shared/posters/render.ts';

// jsqr is CommonJS with a transpiled default export: TypeScript types the import as its namespace,
// while the test runner's interop may already hand over the function.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;
const org = parseConfig().org;
const BASE = 'https://palaute.esimerkki.fi';
/** A stand-in for font metrics: every character half the size wide, as Helvetica is on average. */
const measure: MeasureText = (text, bold, size) => text.length * size * (bold ? 0.58 : 0.52);

/** The error correction level the symbol's own format information states (ISO/IEC 18004, 7.9). */
function formatLevel(m: QrMatrix): 'L' | 'M' | 'Q' | 'H' {
  let bits = 0;
  for (let i = 0; i < 15; i++) {
    const col = i < 8 ? m.size - i - 1 : i === 8 ? 7 : 15 - i - 1;
    if (m.dark(8, col)) bits |= 1 << i;
  }
  const level = ((bits ^ 0b101010000010010) >> 13) & 0b11;
  return (['M', 'L', 'H', 'Q'] as const)[level]!;
}

/** The modules a path of `M x y h n v1 h -n z` runs covers, as "row,col" keys. */
function modulesOfPath(path: string): Set<string> {
  const out = new Set<string>();
  for (const [, x, y, n] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g))
    for (let c = Number(x); c < Number(x) + Number(n); c++) out.add(`${y},${c}`);
  return out;
}

/** Decodes a matrix with jsQR, drawn 4 px per module with its quiet zone, as a camera would see a clean print. */
function decode(m: QrMatrix): string | undefined {
  const scale = 4;
  const side = (m.size + 2 * QUIET_ZONE_MODULES) * scale;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / scale) - QUIET_ZONE_MODULES;
      const col = Math.floor(x / scale) - QUIET_ZONE_MODULES;
      if (row >= 0 && col >= 0 && row < m.size && col < m.size && m.dark(row, col))
        rgba.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  return jsQR(rgba, side, side)?.data;
}

describe('where a poster leads', () => {
  // The channel makes the answers count as QR answers in every report.
  it("the QR address is the unit's form on the public origin with ?ch=qr", () => {
    expect(posterQrUrl(BASE, 'keskusta-ta')).toBe('https://palaute.esimerkki.fi/f/keskusta-ta?ch=qr');
    expect(posterQrUrl(`${BASE}/`, 'keskusta-ta')).toBe('https://palaute.esimerkki.fi/f/keskusta-ta?ch=qr');
    expect(posterQrUrl('http://localhost:3000', 'rantala-ta')).toBe('http://localhost:3000/f/rantala-ta?ch=qr');
  });

  // Typed by hand from the print: no scheme, no channel (a typed address is a web answer).
  it('the printed address is host and path only', () => {
    expect(shortAddress(BASE, 'keskusta-ta')).toBe('palaute.esimerkki.fi/f/keskusta-ta');
    expect(shortAddress('http://localhost:3000', 'keskusta-ta')).toBe('localhost:3000/f/keskusta-ta');
  });

  it('the links to the posters', () => {
    expect(posterHref('terveys')).toBe('/posters/terveys.pdf');
    expect(posterHref('keskusta-ta', 'svg')).toBe('/posters/keskusta-ta.svg');
  });
});

describe('the QR code', () => {
  const url = posterQrUrl(BASE, 'aikuissosiaalityo-keskusta');
  const m = qrMatrix(url);

  // Q survives a scuffed or partly covered poster; the level is read from the symbol itself.
  it('is encoded at error correction level Q', () => {
    expect(formatLevel(m)).toBe('Q');
    // The reader agrees with the encoder at the other levels too, so the check above means something.
    for (const level of ['L', 'M', 'H'] as const) {
      expect(formatLevel(qrMatrix(url, level))).toBe(level);
    }
  });

  it('decodes to the address', () => {
    expect(decode(m)).toBe(url);
  });

  // The path is what both files draw: exactly the dark modules, none missing, none extra.
  it('is drawn by a path covering exactly the dark modules', () => {
    const dark = new Set<string>();
    for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) if (m.dark(r, c)) dark.add(`${r},${c}`);
    expect(modulesOfPath(qrPath(m))).toEqual(dark);
  });
});

describe('what a poster says', () => {
  it("the unit's names in Finnish, Swedish and English from the config, the region's, and both addresses", () => {
    const unit = org.unit('metsakyla-ta')!;
    expect(posterContent(org, BASE, unit)).toEqual({
      unitId: 'metsakyla-ta',
      names: { fi: 'Metsäkylän terveysasema', sv: 'Skogsby hälsostation', en: 'Metsäkylä Health Station' },
      regionName: org.node('esimerkki')!.name,
      qrUrl: 'https://palaute.esimerkki.fi/f/metsakyla-ta?ch=qr',
      shortAddress: 'palaute.esimerkki.fi/f/metsakyla-ta',
    });
  });

  it('lays out the heading, the three names, the address, inside the page and the code between them', () => {
    const content = posterContent(org, BASE, org.unit('aikuissosiaalityo-keskusta')!);
    const layout = layoutPoster(content, measure);
    const texts = layout.lines.map((l) => l.text);
    expect(texts.slice(0, 4)).toEqual([POSTER_HEADING, content.names.fi, content.names.sv, content.names.en]);
    expect(texts).toContain(content.shortAddress);
    for (const l of layout.lines) {
      expect(l.x).toBeGreaterThanOrEqual(0);
      expect(l.x + measure(l.text, l.bold, l.size)).toBeLessThanOrEqual(A4.width + 0.01);
      expect(l.y).toBeLessThan(A4.height);
    }
    const { qr } = layout;
    expect(qr.x).toBeGreaterThan(0);
    expect(qr.x + qr.side).toBeLessThan(A4.width);
    expect(qr.y).toBeGreaterThan(layout.lines[3]!.y);
    expect(layout.lines.find((l) => l.text === content.shortAddress)!.y).toBeGreaterThan(qr.y + qr.side);
    expect(qr.module * (qr.matrix.size + 2 * QUIET_ZONE_MODULES)).toBeCloseTo(qr.side, 6);
  });

  // A long name shrinks to fit the width instead of running off the page.
  it('shrinks a name too long for the width', () => {
    const content = { ...posterContent(org, BASE, org.unit('keskusta-ta')!), names: { fi: 'Pitkä '.repeat(8), sv: 's', en: 'e' } };
    const name = layoutPoster(content, measure).lines[1]!;
    expect(name.size).toBeLessThan(30);
    expect(measure(name.text, true, name.size)).toBeLessThanOrEqual(A4.width - 96 + 0.01);
  });

  // The standard fonts' WinAnsi has ä ö å and the middle dot; anything else loses its accent, not the file.
  it('keeps Finnish and Swedish letters in the PDF fonts and strips what they cannot print', () => {
    const winAnsi = new Set([...Array(256).keys()].filter((c) => c >= 32 && c !== 127).concat([0x2013, 0x2014, 0x20ac]));
    expect(winAnsiSafe('Äänekoski · Åbo · Öjö', winAnsi)).toBe('Äänekoski · Åbo · Öjö');
    expect(winAnsiSafe('Čáhcesuolu ŋ', winAnsi)).toBe('Cáhcesuolu ?');
  });
});

describe('which posters a request gets', () => {
  it('parses the file name into node and format', () => {
    expect(parsePosterFile('keskusta-ta.pdf')).toEqual({ nodeId: 'keskusta-ta', format: 'pdf' });
    expect(parsePosterFile('keskusta-ta.svg')).toEqual({ nodeId: 'keskusta-ta', format: 'svg' });
    for (const bad of ['keskusta-ta', 'keskusta-ta.png', 'Keskusta.pdf', '.pdf', 'a/b.pdf']) expect(parsePosterFile(bad)).toBeUndefined();
  });

  // Pages in config order: a service area's services, each service's units.
  it("a node's PDF has its units in config order; a unit's, the unit alone", () => {
    expect(unitsUnder(org, 'kuntoutus').map((u) => u.id)).toEqual(['fysioterapia', 'avokuntoutus-ryhmat', 'kotikuntoutus-pohjoinen']);
    expect(unitsUnder(org, 'esimerkki').map((u) => u.id)).toEqual(org.units().map((u) => u.id));
    expect(postersFor(org, BASE, { nodeId: 'keskusta-ta', format: 'pdf' }).map((p) => p.unitId)).toEqual(['keskusta-ta']);
    expect(postersFor(org, BASE, { nodeId: 'keskusta-ta', format: 'svg' }).map((p) => p.unitId)).toEqual(['keskusta-ta']);
  });

  it('refuses an unknown node, an SVG of more than a unit, and a node without units, naming path.poster', () => {
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(NotFoundError);
        expect((e as NotFoundError).issues.map((i) => i.path)).toEqual(['path.poster']);
        return (e as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refusal(() => postersFor(org, BASE, { nodeId: 'nowhere', format: 'pdf' }))).toMatch(/No org node has the id "nowhere"/);
    expect(refusal(() => postersFor(org, BASE, { nodeId: 'kuntoutus', format: 'svg' }))).toMatch(/\/posters\/kuntoutus\.pdf has a page/);
    // The config schema requires a unit under every service, so a node without units takes a tree
    // the config could not give: one service with no children.
    const service = { ...org.node('terveysasemat')!, id: 's' };
    const empty = { node: (id: string) => (id === 's' ? service : undefined), children: () => [] } as unknown as OrgTree;
    expect(refusal(() => postersFor(empty, BASE, { nodeId: 's', format: 'pdf' }))).toMatch(/"s" has no units/);
  });
});
