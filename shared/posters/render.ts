/**
 * The two renderers of a laid-out poster: pdf-lib for the PDF (a page per unit) and plain text for
 * the SVG. The PDF uses the standard Helvetica faces, which every PDF reader has, so nothing is
 * embedded: their WinAnsi encoding holds the Finnish and Swedish letters (ä ö å Ä Ö Å) and the middle
 * dot of the heading. A character outside it (a Sámi č or ŋ) is printed without its diacritic in the
 * PDF rather than failing the whole file; the SVG prints it as written.
 */
import { PageSizes, PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib';
import { escapeHtml } from '../platform/index.ts';
import { A4, layoutPoster, type MeasureText, type PosterLayout, QUIET_ZONE_MODULES, qrPath } from './layout.ts';
import type { PosterContent } from './poster.ts';

/** The poster faces and a measure of text in them. */
interface Faces {
  regular: PDFFont;
  bold: PDFFont;
  measure: MeasureText;
}

/** Embeds Helvetica and Helvetica-Bold in a document (a reference only: standard fonts carry no glyph data). */
async function facesOf(doc: PDFDocument): Promise<Faces> {
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const charset = new Set(regular.getCharacterSet());
  const safe = (text: string) => winAnsiSafe(text, charset);
  return {
    regular,
    bold,
    measure: (text, isBold, size) => (isBold ? bold : regular).widthOfTextAtSize(safe(text), size),
  };
}

/**
 * The text with every character the standard fonts cannot encode replaced by its base letter (č → c),
 * or by `?` when it has none: pdf-lib throws on such a character, and one odd name must not cost a
 * region its posters.
 */
export function winAnsiSafe(text: string, charset: ReadonlySet<number>): string {
  return [...text]
    .map((ch) => {
      if (charset.has(ch.codePointAt(0)!)) return ch;
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      return [...base].every((c) => charset.has(c.codePointAt(0)!)) && base ? base : '?';
    })
    .join('');
}

/** The measure of the standard faces, for layouts outside a PDF (the SVG); made once per cold start. */
let svgFaces: Promise<Faces> | undefined;

/**
 * One PDF with a page per poster, A4 portrait. Written without a creation date or producer, so the
 * same config gives the same bytes (a stable file for caches); titled after `title`, in Finnish.
 */
export async function posterPdf(posters: readonly PosterContent[], title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setLanguage('fi-FI');
  doc.setCreator('Palaute');
  const faces = await facesOf(doc);
  const charset = new Set(faces.regular.getCharacterSet());
  for (const poster of posters) {
    const page = doc.addPage(PageSizes.A4);
    const layout = layoutPoster(poster, faces.measure);
    for (const l of layout.lines)
      page.drawText(winAnsiSafe(l.text, charset), {
        x: l.x,
        y: A4.height - l.y,
        size: l.size,
        font: l.bold ? faces.bold : faces.regular,
        color: rgb(0, 0, 0),
      });
    const { qr } = layout;
    // drawSvgPath puts the path's origin at (x, y) and runs its y downwards, as in SVG.
    page.drawSvgPath(qrPath(qr.matrix), {
      x: qr.x + QUIET_ZONE_MODULES * qr.module,
      y: A4.height - qr.y - QUIET_ZONE_MODULES * qr.module,
      scale: qr.module,
      color: rgb(0, 0, 0),
      borderWidth: 0,
    });
  }
  return doc.save({ useObjectStreams: true });
}

/** An SVG number: at most two decimals, no trailing zeros. */
const n = (v: number) => String(Math.round(v * 100) / 100);

/** The SVG markup of a laid-out poster: A4 (210 × 297 mm), text as text, the code as one path. */
export function svgOf(layout: PosterLayout, title: string): string {
  const { qr } = layout;
  const text = layout.lines.map(
    (l) => `<text x="${n(l.x)}" y="${n(l.y)}" font-size="${n(l.size)}"${l.bold ? ' font-weight="bold"' : ''}>${escapeHtml(l.text)}</text>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 ${A4.width} ${A4.height}" lang="fi" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<rect width="${A4.width}" height="${A4.height}" fill="#fff"/>`,
    `<g font-family="Helvetica, Arial, sans-serif" fill="#000">${text.join('')}</g>`,
    `<path transform="translate(${n(qr.x + QUIET_ZONE_MODULES * qr.module)} ${n(qr.y + QUIET_ZONE_MODULES * qr.module)}) scale(${qr.module})" d="${qrPath(qr.matrix)}" fill="#000" shape-rendering="crispEdges"/>`,
    '</svg>',
    '',
  ].join('\n');
}

/** One unit's poster as SVG, laid out with the PDF's font metrics. */
export async function posterSvg(poster: PosterContent, title: string): Promise<string> {
  svgFaces ??= PDFDocument.create().then(facesOf);
  return svgOf(layoutPoster(poster, (await svgFaces).measure), title);
}
