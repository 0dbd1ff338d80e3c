/**
 * Section 3: the weight of the public form page, which people open from a QR code on a phone, often on
 * a poor connection. Counts everything a browser would fetch for it (HTML, CSS, JS, same-host
 * subresources) uncompressed, and fails any page that makes the browser contact another host. Then
 * its height on a phone in Chromium, against half the height it had before issue 12's layout.
 */
import type { LocalStack } from '#local/stack.ts';
import { LANGS } from '#shared/platform/index.ts';
import { launchChromium } from '../test/support/browser.ts';
import { FORM_PHONE_HEIGHT_BEFORE, formPhoneHeight, formPhoneHeightTarget, PHONE } from '../test/support/form-layout.ts';
import { kb, table, verdict, type SectionReport, type TargetResult } from './report.ts';

/** The limit on HTML + CSS + JS per page, in bytes (30 KB, uncompressed). */
export const PAGE_BYTES_TARGET = 30 * 1024;

/** A page state to weigh: how to request it and the status it must answer with. */
interface PageCase {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  status: number;
  form?: string;
}

const CASES: readonly PageCase[] = [
  { label: 'form, fi (default)', method: 'GET', path: '/f/keskusta-ta', status: 200 },
  { label: 'form, sv', method: 'GET', path: '/f/keskusta-ta?lang=sv', status: 200 },
  { label: 'form, en', method: 'GET', path: '/f/keskusta-ta?lang=en', status: 200 },
  // The heaviest state: the form again, with the answers kept, an error summary and inline messages.
  { label: 'error state (nps=11), fi', method: 'POST', path: '/f/keskusta-ta', status: 400, form: 'nps=11&lang=fi' },
  // The variants (issue 11, item 4): the children's faces, the relatives' form, easy-read, a service's own statements.
  ...LANGS.map((lang) => ({
    label: `children (faces), ${lang}`,
    method: 'GET' as const,
    path: `/f/keskusta-ta?survey=thl-lapset&lang=${lang}`,
    status: 200,
  })),
  { label: 'relatives, fi', method: 'GET', path: '/f/kotihoito-ita?survey=thl-laheiset', status: 200 },
  { label: 'easy-read, fi', method: 'GET', path: '/f/keskusta-ta?easy=1', status: 200 },
  { label: "a service's own statement, fi", method: 'GET', path: '/f/fysioterapia', status: 200 },
  {
    label: 'children, error state, fi',
    method: 'POST',
    path: '/f/keskusta-ta',
    status: 400,
    form: 'surveyId=thl-lapset&c_help=9&lang=fi',
  },
];

/** `<link rel>` values whose target a browser downloads while showing the page. */
const FETCHED_LINK_RELS = new Set([
  'stylesheet',
  'icon',
  'shortcut',
  'apple-touch-icon',
  'preload',
  'modulepreload',
  'manifest',
  'prefetch',
]);

/** A URL the page refers to, found in a tag or in CSS. */
interface Reference {
  url: string;
  /** A browser downloads it to show the page (not e.g. `rel=canonical`). */
  fetched: boolean;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? '') : undefined;
}

function blocks(html: string, tag: string): { open: string; content: string }[] {
  return [...html.matchAll(new RegExp(`(<${tag}\\b[^>]*>)([\\s\\S]*?)</${tag}>`, 'gi'))].map((m) => ({ open: m[1]!, content: m[2]! }));
}

/** Every URL the page makes a browser load or point at: tag attributes and CSS `url()` / `@import`. */
export function references(html: string): Reference[] {
  const refs: Reference[] = [];
  for (const [tag] of html.matchAll(/<(?:link|script|img|source|iframe|object|embed|video|audio|input)\b[^>]*>/gi)) {
    const name = /^<(\w+)/.exec(tag)![1]!.toLowerCase();
    if (name === 'link') {
      const href = attr(tag, 'href');
      const rels = (attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
      if (href !== undefined) refs.push({ url: href, fetched: rels.some((r) => FETCHED_LINK_RELS.has(r)) });
      continue;
    }
    for (const a of ['src', 'data', 'poster']) {
      const v = attr(tag, a);
      if (v !== undefined) refs.push({ url: v, fetched: true });
    }
    const srcset = attr(tag, 'srcset');
    for (const part of srcset?.split(',') ?? []) {
      const u = part.trim().split(/\s+/)[0];
      if (u) refs.push({ url: u, fetched: true });
    }
  }
  const css = [
    ...blocks(html, 'style').map((b) => b.content),
    ...[...html.matchAll(/\sstyle\s*=\s*"([^"]*)"/gi)].map((m) => decodeEntities(m[1]!)),
  ];
  for (const sheet of css) {
    for (const m of sheet.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/gi)) {
      const u = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
      if (u) refs.push({ url: u.trim(), fetched: true });
    }
  }
  return refs;
}

/** Runs section 3 against a running local stack. */
export async function benchFormPage(stack: LocalStack): Promise<SectionReport> {
  const origin = new URL(stack.url).origin;
  const rows: string[][] = [];
  const targets: TargetResult[] = [];
  const foreign: string[] = [];

  for (const c of CASES) {
    const pageUrl = new URL(c.path, origin);
    const res = await fetch(pageUrl, {
      method: c.method,
      ...(c.form === undefined ? {} : { body: c.form, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    });
    const html = await res.text();
    const htmlBytes = Buffer.byteLength(html);
    const cssBytes = blocks(html, 'style').reduce((n, b) => n + Buffer.byteLength(b.content), 0);
    const inlineJsBytes = blocks(html, 'script')
      .filter((b) => attr(b.open, 'src') === undefined)
      .reduce((n, b) => n + Buffer.byteLength(b.content), 0);

    // Same-host subresources count towards the page; any other host fails it outright.
    let linkedBytes = 0;
    const otherHosts: string[] = [];
    for (const ref of references(html)) {
      const u = new URL(ref.url, pageUrl);
      if (u.protocol === 'data:') continue; // already counted: it is part of the HTML
      if (u.origin !== origin) {
        otherHosts.push(u.href);
        continue;
      }
      if (ref.fetched) linkedBytes += (await (await fetch(u)).arrayBuffer()).byteLength;
    }
    foreign.push(...otherHosts.map((h) => `${c.label}: ${h}`));

    const total = htmlBytes + linkedBytes;
    const statusOk = res.status === c.status;
    const pass = statusOk && otherHosts.length === 0 && total <= PAGE_BYTES_TARGET;
    rows.push([
      c.label,
      `${c.method} ${c.path}`,
      statusOk ? String(res.status) : `${res.status} (want ${c.status})`,
      String(htmlBytes),
      String(cssBytes),
      String(inlineJsBytes),
      String(linkedBytes),
      kb(total),
      String(otherHosts.length),
      verdict(pass),
    ]);
    targets.push({
      name: `Form page weight: ${c.label}`,
      measured: `${kb(total)} KB${otherHosts.length ? `, ${otherHosts.length} other-host refs` : ''}${statusOk ? '' : `, status ${res.status}`}`,
      limit: `≤ ${kb(PAGE_BYTES_TARGET)} KB, no other host`,
      pass,
    });
  }

  // The form's height on a phone, in each language (the adult survey of keskusta-ta).
  const heightRows: string[][] = [];
  const browser = await launchChromium();
  try {
    for (const lang of LANGS) {
      const height = await formPhoneHeight(browser, new URL(`/f/keskusta-ta?lang=${lang}`, origin).href);
      const before = FORM_PHONE_HEIGHT_BEFORE[lang];
      const target = formPhoneHeightTarget(lang);
      const pass = height <= target;
      heightRows.push([lang, String(before), String(height), `${Math.round((100 * height) / before)} %`, String(target), verdict(pass)]);
      targets.push({
        name: `Form height on a phone: ${lang}`,
        measured: `${height} px (before: ${before} px)`,
        limit: `≤ ${target} px`,
        pass,
      });
    }
  } finally {
    await browser.close();
  }

  return {
    title: '3. Public form page weight and height',
    lines: [
      'Bytes as served, uncompressed. "HTML" includes the inline CSS (shown apart); "linked" is same-host CSS/JS/images the page loads.',
      '',
      ...table(
        ['page', 'request', 'status', 'HTML B', 'inline CSS B', 'JS B', 'linked B', 'total KB', 'other-host refs', 'result'],
        rows,
        [3, 4, 5, 6, 7, 8],
      ),
      ...(foreign.length ? ['', 'References to other hosts:', ...foreign.map((f) => `- ${f}`)] : []),
      '',
      `The form's height on a phone (Chromium ${PHONE.viewport.width} × ${PHONE.viewport.height}, mobile, nothing ticked), in CSS px. "Before" is the baseline FORM_PHONE_HEIGHT_BEFORE (test/support/form-layout.ts): measured the same way on main at aee3952, before issue 12's layout; the target is half of it.`,
      '',
      ...table(['language', 'before px', 'now px', 'now / before', 'target px', 'result'], heightRows, [1, 2, 3, 4]),
    ],
    targets,
  };
}
