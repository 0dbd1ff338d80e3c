/**
 * The acceptance test of the QR posters: the PDF of a service area and of the whole region, fetched
 * over HTTP from the local stack, rendered page by page for real in Chromium by pdf.js (the PDF
 * reader Firefox ships), and each page's pixels decoded by jsQR: every page's code must lead to its
 * own unit's form (`…/f/<unitId>?ch=qr`), in config order, with the unit's name printed on the page.
 * The SVG poster is drawn by Chromium as an image onto a canvas and decoded the same way. The
 * dashboard and the workbench, signed in, point their poster link at the node they show.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import { unitsUnder } from '#shared/posters/index.ts';
import { launchChromium } from '../../support/browser.ts';
import { startTestStack } from '../../support/local-stack.ts';

const ROOT = join(import.meta.dirname, '../../..');
const org = parseConfig().org;
/** A made-up origin the test page and the libraries are served from, by request interception. */
const ORIGIN = 'http://posters.test';

let stack: LocalStack;
let browser: Browser;
let page: Page;
/** What `/file` answers in the test page: the poster under test. */
let served: { type: string; body: Buffer } = { type: 'text/plain', body: Buffer.alloc(0) };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  page = await (await browser.newContext()).newPage();
  const files: Record<string, [string, string]> = {
    '/pdf.mjs': ['node_modules/pdfjs-dist/legacy/build/pdf.min.mjs', 'text/javascript'],
    '/pdf.worker.mjs': ['node_modules/pdfjs-dist/legacy/build/pdf.worker.min.mjs', 'text/javascript'],
    '/jsqr.js': ['node_modules/jsqr/dist/jsQR.js', 'text/javascript'],
  };
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>posters</title><body></body>' });
    if (path === '/file') return route.fulfill({ contentType: served.type, body: served.body });
    // pdf.js fetches the standard fonts' glyphs (Helvetica is referenced, not embedded) from here.
    if (path.startsWith('/standard_fonts/'))
      return route.fulfill({ body: readFileSync(join(ROOT, 'node_modules/pdfjs-dist', path)), contentType: 'application/octet-stream' });
    const file = files[path];
    return file ? route.fulfill({ body: readFileSync(join(ROOT, file[0])), contentType: file[1] }) : route.fulfill({ status: 404 });
  });
  await page.goto(`${ORIGIN}/`);
  await page.addScriptTag({ url: `${ORIGIN}/jsqr.js` });
  // As a module script, not an import() inside evaluate, which vitest's transform would rewrite.
  await page.addScriptTag({ type: 'module', content: `import * as pdfjs from '${ORIGIN}/pdf.mjs'; window.pdfjs = pdfjs;` });
  await page.waitForFunction(() => 'pdfjs' in window);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Fetches a poster from the stack and serves it to the test page as `/file`. */
async function serve(path: string): Promise<Response> {
  const res = await fetch(stack.url + path);
  served = { type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.clone().arrayBuffer()) };
  return res;
}

/** What a rendered page gave: the decoded QR text (null when none was found) and the page's text. */
interface RenderedPage {
  qr: string | null;
  text: string;
}

/** Renders every page of `/file` with pdf.js at 144 dpi on a canvas and decodes its QR code with jsQR. */
function renderPdfPages(): Promise<RenderedPage[]> {
  return page.evaluate(async (origin) => {
    type PdfJs = {
      GlobalWorkerOptions: { workerSrc: string };
      getDocument(src: object): {
        promise: Promise<{
          numPages: number;
          getPage(n: number): Promise<{
            getViewport(o: { scale: number }): { width: number; height: number };
            render(o: object): { promise: Promise<void> };
            getTextContent(): Promise<{ items: { str?: string }[] }>;
          }>;
        }>;
      };
    };
    const pdfjs = (window as unknown as { pdfjs: PdfJs }).pdfjs;
    pdfjs.GlobalWorkerOptions.workerSrc = `${origin}/pdf.worker.mjs`;
    const data = new Uint8Array(await (await fetch(`${origin}/file`)).arrayBuffer());
    const doc = await pdfjs.getDocument({ data, standardFontDataUrl: `${origin}/standard_fonts/` }).promise;
    const jsQR = (window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).jsQR;
    const out: { qr: string | null; text: string }[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const p = await doc.getPage(n);
      const viewport = p.getViewport({ scale: 2 });
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      const ctx = canvas.getContext('2d')!;
      await p.render({ canvas, canvasContext: ctx, viewport }).promise;
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const text = (await p.getTextContent()).items.map((i) => i.str ?? '').join(' ');
      out.push({ qr: jsQR(pixels.data, pixels.width, pixels.height)?.data ?? null, text });
    }
    return out;
  }, ORIGIN);
}

/** Draws `/file` (an SVG) as an image on an A4 canvas of 1240 × 1754 px and decodes its QR code. */
function renderSvg(): Promise<string | null> {
  return page.evaluate(async (origin) => {
    const img = new Image();
    img.src = `${origin}/file`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 1240;
    canvas.height = 1754;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const jsQR = (window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).jsQR;
    return jsQR(pixels.data, pixels.width, pixels.height)?.data ?? null;
  }, ORIGIN);
}

describe.each(['kuntoutus', 'esimerkki'])('the PDF of %s, rendered by pdf.js in Chromium', (nodeId) => {
  it("has one page per unit under the node, and each page's QR decodes to its own unit's form address", async () => {
    const res = await serve(`/posters/${nodeId}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const units = unitsUnder(org, nodeId);
    expect(units.length).toBeGreaterThan(1);
    const pages = await renderPdfPages();
    expect(pages.map((p) => p.qr)).toEqual(units.map((u) => `${stack.url}/f/${u.id}?ch=qr`));
    for (const [i, u] of units.entries()) {
      // pdf.js may split a line into runs; spaces between runs do not matter here.
      const text = pages[i]!.text.replace(/\s+/g, ' ');
      for (const name of [u.name.fi, u.name.sv, u.name.en]) expect(text, u.id).toContain(name);
      expect(text).toContain('Anna palautetta · Ge respons · Give feedback');
      expect(text.replace(/ /g, '')).toContain(`${new URL(stack.url).host}/f/${u.id}`);
    }
  });
});

it("a unit's SVG poster, drawn by Chromium, decodes to the unit's form address", async () => {
  const res = await serve('/posters/metsakyla-ta.svg');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/svg+xml');
  expect(await renderSvg()).toBe(`${stack.url}/f/metsakyla-ta?ch=qr`);
});

describe('the staff pages link the posters of the node shown', () => {
  // The pages' scripts fill the route's template with the node picked; signed in as the demo sign-in
  // does it (the token in the fragment), on a node below the token's.
  it.each([
    ['the dashboard', '/admin', ['reports:read'], '#report:not([hidden])'],
    ['the workbench', '/admin/cases', ['cases:read'], '#queue-view:not([hidden])'],
  ])('%s', async (_name, path, scopes, shown) => {
    const staff = await (await browser.newContext()).newPage();
    const token = await stack.auth.issue(scopes, ['esimerkki']);
    await staff.goto(`${stack.url}${path}?lang=fi&node=kuntoutus#token=${token}`);
    await staff.waitForSelector(shown);
    await staff.waitForFunction(() => document.querySelector<HTMLAnchorElement>('#posters')?.href.endsWith('/posters/kuntoutus.pdf'));
    expect(await staff.textContent('#posters')).toBe('Tulosta yksiköiden QR-julisteet (PDF)');
    const res = await fetch(await staff.$eval('#posters', (a) => (a as HTMLAnchorElement).href));
    expect(res.status).toBe(200);
    await staff.context().close();
  });
});
