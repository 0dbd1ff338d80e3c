/**
 * Section `kiosk`: the weight of the kiosk app, everything a tablet downloads to run it (the page with
 * its inline CSS, script and survey data, its web app manifest and its service worker), uncompressed,
 * against issue 11's 60 KB. The service worker caches it, so this is paid once per app update.
 */
import type { LocalStack } from '#local/stack.ts';
import { references } from './form-page.ts';
import { kb, table, verdict, type SectionReport } from './report.ts';

/** The limit on the kiosk app's HTML + JS + CSS, in bytes (60 KB, uncompressed). */
export const KIOSK_APP_BYTES_TARGET = 60 * 1024;

/** Runs the kiosk section against a running local stack. */
export async function benchKiosk(stack: LocalStack): Promise<SectionReport> {
  const origin = new URL(stack.url).origin;
  const page = new URL('/k/keskusta-ta', origin);
  const res = await fetch(page);
  const html = await res.text();
  const part = (re: RegExp) => [...html.matchAll(re)].reduce((n, m) => n + Buffer.byteLength(m[1]!), 0);
  const files: [string, number][] = [
    ['page (HTML with inline CSS, script and data)', Buffer.byteLength(html)],
    ['  of it: inline CSS', part(/<style>([\s\S]*?)<\/style>/g)],
    ['  of it: inline script', part(/<script>([\s\S]*?)<\/script>/g)],
    ['  of it: survey data (fi, sv, en)', part(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g)],
  ];
  let total = Buffer.byteLength(html);
  const foreign: string[] = [];
  const linked = [
    ...references(html)
      .filter((r) => r.fetched)
      .map((r) => r.url),
    '/k/keskusta-ta/sw.js',
  ];
  for (const url of linked) {
    const u = new URL(url, page);
    if (u.origin !== origin) {
      foreign.push(u.href);
      continue;
    }
    const bytes = (await (await fetch(u)).arrayBuffer()).byteLength;
    files.push([u.pathname, bytes]);
    total += bytes;
  }
  const pass = res.status === 200 && foreign.length === 0 && total <= KIOSK_APP_BYTES_TARGET;
  return {
    title: 'Kiosk app size',
    lines: [
      'Everything the kiosk app downloads, as served, uncompressed; the service worker keeps it for offline starts.',
      '',
      ...table(['file', 'bytes'], [...files.map(([f, b]) => [f, String(b)]), ['total', `${kb(total)} KB`]], [1]),
      '',
      `${verdict(pass)}: ${kb(total)} KB of at most ${kb(KIOSK_APP_BYTES_TARGET)} KB.`,
      ...(foreign.length ? ['', 'References to other hosts:', ...foreign.map((f) => `- ${f}`)] : []),
    ],
    targets: [
      {
        name: 'Kiosk app size (HTML + JS + CSS)',
        measured: `${kb(total)} KB${foreign.length ? `, ${foreign.length} other-host refs` : ''}`,
        limit: `≤ ${kb(KIOSK_APP_BYTES_TARGET)} KB, no other host`,
        pass,
      },
    ],
  };
}
