/**
 * Where things go on an A4 poster, in PDF points with the origin at the top left (as SVG has it; the
 * PDF renderer flips y). Both renderers draw this one layout, measured with the same font metrics, so
 * the PDF and the SVG of a unit are the same poster.
 */
import qrcode from 'qrcode-generator';
import { POSTER_HEADING, POSTER_HINT, POSTER_QR_LEVEL, type PosterContent } from './poster.ts';

/** A4 in PDF points (1/72 inch): 210 × 297 mm. */
export const A4 = { width: 595.28, height: 841.89 } as const;

/** Blank border kept around the code, in modules: the four the QR standard requires for a reliable scan. */
export const QUIET_ZONE_MODULES = 4;

/** The width of a text at a size, in points, in the poster's regular or bold face. */
export type MeasureText = (text: string, bold: boolean, size: number) => number;

/** One line of text, centred: `x` is its left edge and `y` its baseline, from the top. */
export interface PosterLine {
  text: string;
  size: number;
  bold: boolean;
  x: number;
  y: number;
}

/** A QR symbol as dark modules: `size` × `size`, `dark(row, col)`. */
export interface QrMatrix {
  size: number;
  dark(row: number, col: number): boolean;
}

/** A laid-out poster: its lines, and the code's square (quiet zone included) with its module size. */
export interface PosterLayout {
  lines: PosterLine[];
  qr: { x: number; y: number; side: number; module: number; matrix: QrMatrix };
}

/**
 * The QR matrix of a text at the posters' error correction level (Q, or `level` where a test reads the
 * others back), drawn by qrcode-generator: the one QR library of the project (the pulse sheet uses it
 * too), with no dependencies.
 */
export function qrMatrix(text: string, level: 'L' | 'M' | 'Q' | 'H' = POSTER_QR_LEVEL): QrMatrix {
  const q = qrcode(0, level);
  q.addData(text);
  q.make();
  return { size: q.getModuleCount(), dark: (row, col) => q.isDark(row, col) };
}

/**
 * The dark modules as one SVG path in module units (`M3 0h7v1h-7z…`), a run of dark modules per
 * subpath: one fill, no seams between neighbouring modules when rendered, a few hundred commands.
 */
export function qrPath(matrix: QrMatrix): string {
  const parts: string[] = [];
  for (let row = 0; row < matrix.size; row++) {
    let col = 0;
    while (col < matrix.size) {
      if (!matrix.dark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.dark(row, col)) col++;
      parts.push(`M${start} ${row}h${col - start}v1h${start - col}z`);
    }
  }
  return parts.join('');
}

const MARGIN = 48;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
/** The code's side, quiet zone included: about 13 cm, readable from a couple of metres. */
const QR_SIDE = 380;

/** The largest size up to `preferred` (not below `min`) at which the text fits the content width. */
function fitSize(measure: MeasureText, text: string, bold: boolean, preferred: number, min: number): number {
  const width = measure(text, bold, preferred);
  return width <= CONTENT_WIDTH ? preferred : Math.max(min, Math.floor(((preferred * CONTENT_WIDTH) / width) * 10) / 10);
}

/** Lays out one unit's poster from the top down: heading, the three names, the code, its address, the hint, the region. */
export function layoutPoster(content: PosterContent, measure: MeasureText): PosterLayout {
  const lines: PosterLine[] = [];
  const line = (text: string, bold: boolean, preferred: number, y: number) => {
    const size = fitSize(measure, text, bold, preferred, 9);
    lines.push({ text, size, bold, x: (A4.width - measure(text, bold, size)) / 2, y });
  };
  line(POSTER_HEADING, true, 26, 96);
  line(content.names.fi, true, 30, 160);
  line(content.names.sv, false, 22, 196);
  line(content.names.en, false, 22, 228);
  const matrix = qrMatrix(content.qrUrl);
  const module = QR_SIDE / (matrix.size + 2 * QUIET_ZONE_MODULES);
  const qr = { x: (A4.width - QR_SIDE) / 2, y: 252, side: QR_SIDE, module, matrix };
  line(content.shortAddress, true, 20, qr.y + QR_SIDE + 24);
  line(POSTER_HINT, false, 11, qr.y + QR_SIDE + 52);
  line([content.regionName.fi, content.regionName.sv, content.regionName.en].join(' · '), false, 10, A4.height - MARGIN);
  return { lines, qr };
}
