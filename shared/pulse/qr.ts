/**
 * QR codes as inline SVG for the printable sheet, drawn with qrcode-generator (MIT, no dependencies,
 * about 21 KB minified in the bundle, against about 60 KB for `qrcode`). One path of dark modules, so
 * a sheet of a hundred codes stays small and prints sharp at any size.
 */
import qrcode from 'qrcode-generator';
import { escapeHtml } from '../platform/index.ts';

/** An accessible SVG QR code of `text` (error correction M: survives a crease or a smudge on a slip). */
export function qrSvg(text: string, label: string): string {
  const q = qrcode(0, 'M');
  q.addData(text);
  q.make();
  const n = q.getModuleCount();
  const quiet = 4;
  let d = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (q.isDark(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
  const size = n + 2 * quiet;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" aria-label="${escapeHtml(label)}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}
