/**
 * What a poster says and where it leads: the rules of the feature, free of any PDF or SVG code, so
 * that both renderers print the same thing and the tests can check it without parsing a file.
 */
import { FORM_PATHS, type FormChannel } from '../feedback/index.ts';
import { fillPath, type LocalizedText, NotFoundError, type OrgNode, type OrgTree } from '../platform/index.ts';
import { POSTER_FILE_PATTERN, type PosterFormat } from './contracts.ts';
import { POSTER_PATH } from './manifest.ts';

/** The call to action, in the three languages of the form, on every poster. */
export const POSTER_HEADING = 'Anna palautetta · Ge respons · Give feedback';

/** How to use the code, in the three languages, printed under the address. */
export const POSTER_HINT = 'Skannaa koodi puhelimen kameralla · Skanna koden med mobilkameran · Scan the code with your phone';

/**
 * The error correction level of every poster's QR code: Q restores up to 25 % of the symbol, enough
 * for a poster that is scuffed, folded or partly covered by a pin or tape, at a modest size cost over M.
 */
export const POSTER_QR_LEVEL = 'Q' as const;

/** The channel the form records for an answer opened from a poster. */
const POSTER_CHANNEL: FormChannel = 'qr';

/** Everything one unit's poster shows. */
export interface PosterContent {
  unitId: string;
  /** The unit's name in fi, sv and en, from the org tree config. */
  names: LocalizedText;
  /** The region's name, printed small at the foot. */
  regionName: LocalizedText;
  /** What the QR code encodes: the unit's form, recorded as channel `qr`. */
  qrUrl: string;
  /** The form's address without the scheme or the channel, short enough to type from the poster. */
  shortAddress: string;
}

/** A request for posters, parsed from the last path segment (`keskusta-ta.pdf`). */
export interface PosterRequest {
  nodeId: string;
  format: PosterFormat;
}

/** Parses `keskusta-ta.pdf` into its node and format; undefined when it is neither form (the contract says why). */
export function parsePosterFile(file: string): PosterRequest | undefined {
  const m = POSTER_FILE_PATTERN.exec(file);
  return m ? { nodeId: m[1]!, format: m[2] as PosterFormat } : undefined;
}

/** The address of a node's posters (`/posters/terveys.pdf`), for the links of the workbench, the dashboard and the front door. */
export function posterHref(nodeId: string, format: PosterFormat = 'pdf'): string {
  return fillPath(POSTER_PATH, { poster: `${nodeId}.${format}` });
}

/** The address a unit's QR code leads to: its form on the public origin, with `?ch=qr` so the answer counts as a QR answer. */
export function posterQrUrl(baseUrl: string, unitId: string): string {
  return `${baseUrl.replace(/\/$/, '')}${fillPath(FORM_PATHS.form, { unitId })}?ch=${POSTER_CHANNEL}`;
}

/** The printed address under the code: host and path of the form (`palaute.example.fi/f/keskusta-ta`). */
export function shortAddress(baseUrl: string, unitId: string): string {
  const url = new URL(fillPath(FORM_PATHS.form, { unitId }), baseUrl);
  return `${url.host}${url.pathname}`;
}

/** One unit's poster content. */
export function posterContent(org: OrgTree, baseUrl: string, unit: OrgNode): PosterContent {
  return {
    unitId: unit.id,
    names: unit.name,
    regionName: org.node(org.regionId)!.name,
    qrUrl: posterQrUrl(baseUrl, unit.id),
    shortAddress: shortAddress(baseUrl, unit.id),
  };
}

/** The units under a node (the node itself if it is a unit), in config order: the pages of its PDF. */
export function unitsUnder(org: OrgTree, nodeId: string): OrgNode[] {
  const node = org.node(nodeId);
  if (!node) return [];
  if (node.kind === 'unit') return [node];
  return org.children(nodeId).flatMap((c) => unitsUnder(org, c.id));
}

/**
 * The posters a request asks for: every unit under the node for a PDF, the one unit for an SVG.
 * Throws NotFoundError naming `path.poster` for an unknown node, a node without units, or an SVG of
 * a node that is not a unit (an SVG is one page).
 */
export function postersFor(org: OrgTree, baseUrl: string, req: PosterRequest): PosterContent[] {
  const node = org.node(req.nodeId);
  const issue = (message: string) => [{ path: 'path.poster', message }];
  if (!node) throw new NotFoundError(`No org node has the id "${req.nodeId}".`, issue('unknown org node'));
  if (req.format === 'svg' && node.kind !== 'unit')
    throw new NotFoundError(
      `An SVG poster is one unit's; "${req.nodeId}" is a ${node.kind}. /posters/${req.nodeId}.pdf has a page for each of its units.`,
      issue('not a unit'),
    );
  const units = unitsUnder(org, req.nodeId);
  if (units.length === 0)
    throw new NotFoundError(
      `"${req.nodeId}" has no units in the org tree config, so it has no posters.`,
      issue('no units under this node'),
    );
  return units.map((u) => posterContent(org, baseUrl, u));
}
