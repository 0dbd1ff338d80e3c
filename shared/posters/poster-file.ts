/** The use case of the poster route: from `keskusta-ta.pdf` to the file's bytes, type and name. */
import type { OrgTree } from '../platform/index.ts';
import type { PosterFormat } from './contracts.ts';
import { postersFor, type PosterRequest } from './poster.ts';
import { posterPdf, posterSvg } from './render.ts';

/** A rendered poster file. */
export interface PosterFile {
  contentType: 'application/pdf' | 'image/svg+xml';
  /** The PDF's bytes or the SVG's text. */
  body: Uint8Array | string;
  /** The name a browser saves it under: `palaute-keskusta-ta.pdf`. */
  filename: string;
}

const CONTENT_TYPES: Record<PosterFormat, PosterFile['contentType']> = { pdf: 'application/pdf', svg: 'image/svg+xml' };

/**
 * Renders the posters a request asks for: every unit under the node as one PDF, or one unit as SVG.
 * Throws NotFoundError (see `postersFor`) when there is nothing to print.
 */
export async function renderPosterFile(org: OrgTree, baseUrl: string, req: PosterRequest): Promise<PosterFile> {
  const posters = postersFor(org, baseUrl, req);
  const node = org.node(req.nodeId)!;
  const title = `Anna palautetta – ${node.name.fi}`;
  const body = req.format === 'pdf' ? await posterPdf(posters, title) : await posterSvg(posters[0]!, title);
  return { contentType: CONTENT_TYPES[req.format], body, filename: `palaute-${req.nodeId}.${req.format}` };
}
