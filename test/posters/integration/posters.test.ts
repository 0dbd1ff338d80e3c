/**
 * The poster route over real HTTP on the local stack: the PDF of a region, a service area, a service
 * and a unit has exactly one A4 page per unit under the node (read back with pdf-lib), is public and
 * cacheable for a day, and names its file; a unit's SVG is an A4 SVG with its QR path and names;
 * every refusal is the documented JSON error naming `path.poster`; the front door, the dashboard and
 * the workbench link them. The QR codes themselves are
 * decoded from rendered pages in test/posters/e2e/poster-qr.test.ts.
 */
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import { unitsUnder } from '#shared/posters/index.ts';
import { startTestStack } from '../../support/local-stack.ts';

const org = parseConfig().org;
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const get = (path: string) => fetch(stack.url + path);

describe('GET /posters/{nodeId}.pdf', () => {
  // A region, a service area, a service and a unit: every level of the tree gives its units' pages.
  it.each(['esimerkki', 'kuntoutus', 'terveysasemat', 'keskusta-ta'])('%s: one A4 page per unit under the node', async (nodeId) => {
    const res = await get(`/posters/${nodeId}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const doc = await PDFDocument.load(new Uint8Array(await res.arrayBuffer()));
    const units = unitsUnder(org, nodeId);
    expect(units.length).toBeGreaterThan(0);
    expect(doc.getPageCount()).toBe(units.length);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(595.28, 1);
      expect(page.getHeight()).toBeCloseTo(841.89, 1);
    }
    expect(doc.getTitle()).toBe(`Anna palautetta – ${org.node(nodeId)!.name.fi}`);
  });

  // The whole region is every unit of the config, once each.
  it('the region has a page for every unit of the config', async () => {
    const doc = await PDFDocument.load(new Uint8Array(await (await get('/posters/esimerkki.pdf')).arrayBuffer()));
    expect(doc.getPageCount()).toBe(org.units().length);
  });

  // CloudFront and browsers may keep it a day; the name is what a download is saved as.
  it('is public and cacheable for a day, with the security headers and a file name', async () => {
    const res = await get('/posters/terveys.pdf');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="palaute-terveys.pdf"');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });

  // Posters change only with the config: the same request gives the same bytes, so caches agree.
  it('gives the same bytes for the same node', async () => {
    const a = Buffer.from(await (await get('/posters/kuntoutus.pdf')).arrayBuffer());
    const b = Buffer.from(await (await get('/posters/kuntoutus.pdf')).arrayBuffer());
    expect(a.equals(b)).toBe(true);
  });
});

describe('GET /posters/{unitId}.svg', () => {
  // The SVG is for print shops and web pages: A4, the names as text, the code as a path.
  it('is an A4 SVG with the names and the QR path, cacheable', async () => {
    const res = await get('/posters/metsakyla-ta.svg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const svg = await res.text();
    expect(svg).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="210mm" height="297mm"/,
    );
    for (const name of Object.values(org.unit('metsakyla-ta')!.name)) expect(svg).toContain(`>${name}</text>`);
    expect(svg).toContain('>Anna palautetta · Ge respons · Give feedback</text>');
    expect(svg).toContain(`>${new URL(stack.url).host}/f/metsakyla-ta</text>`);
    expect(svg).toMatch(/<path transform="translate\([\d.]+ [\d.]+\) scale\([\d.]+\)" d="M\d/);
  });
});

describe('refusals: a JSON error naming path.poster', () => {
  const cases: [string, number, string, RegExp][] = [
    ['/posters/nowhere.pdf', 404, 'not_found', /No org node has the id "nowhere"/],
    ['/posters/terveys.svg', 404, 'not_found', /An SVG poster is one unit's; "terveys" is a serviceArea/],
    ['/posters/keskusta-ta.png', 400, 'validation_failed', /Invalid poster address/],
    ['/posters/keskusta-ta', 400, 'validation_failed', /Invalid poster address/],
    ['/posters/Keskusta-TA.pdf', 400, 'validation_failed', /Invalid poster address/],
  ];
  it.each(cases)('%s → %i %s', async (path, status, code, message) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { error: { code: string; message: string; issues: { path: string }[] } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
    expect(body.error.issues.map((i) => i.path)).toEqual(['path.poster']);
  });
});

describe('the links to the posters', () => {
  // Staff find the posters where they work; the pages' scripts point the link at the node shown,
  // from the route's template the page carries (data-href), so no second spelling of the path.
  it.each(['/admin', '/admin/cases'])("%s links the region's PDF and carries the template for the node shown", async (path) => {
    const page = await (await get(path)).text();
    expect(page).toContain('<a id="posters" href="/posters/esimerkki.pdf" data-href="/posters/{poster}">');
  });

  it("the front door links the whole region's posters", async () => {
    expect(await (await get('/?lang=en')).text()).toContain(
      `<a href="/posters/esimerkki.pdf">Every unit&#39;s QR poster, for printing (PDF)</a>`,
    );
  });
});
