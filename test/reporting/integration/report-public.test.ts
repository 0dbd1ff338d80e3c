/**
 * The public results pages over real HTTP: /tulokset, /resultat and /results after aggregation —
 * cacheable HTML in the right language with links to the other two; the newest reported month, the
 * one that ended more than 30 days ago so late paper answers can no longer change it (DST day
 * included, the month's edges to the second; a day later the same month, so two pages never differ by
 * a day; the month before until those 30 days have passed); figures equal to a direct count of
 * the raw answers; no group under 10 visible and none derivable from the page by subtraction, across
 * service areas and units (suppressed through the services, which the page does not show); nothing
 * shown that the staff reports hide that month; never any free text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import type { Lang } from '#shared/platform/i18n.ts';
import { numberFormats } from '#shared/reporting/numbers.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { answersOf, expectedCell, getJson, startAggregationAt, storedAnswer, token, writeAnswers } from './report-data.ts';

const config = parseConfig();
let stack: LocalStack;
const all: StoredAnswer[] = [];
const SECRET = 'SALAINEN-PALAUTE-123';

/** Inside October 2026 (Helsinki), the month shown in December; DST end on 25 Oct included. */
const INSIDE = [
  '2026-10-01T00:00:30+03:00',
  '2026-10-05T10:00:00+03:00',
  '2026-10-25T03:30:00+03:00',
  '2026-10-25T03:30:00+02:00',
  '2026-10-31T23:59:30+02:00',
];
/** Just outside: the last second of September and the first of November (not shown until 31 December). */
const OUTSIDE = ['2026-09-30T23:59:30+03:00', '2026-11-01T00:00:30+02:00'];

function add(unitId: string, count: number, instants = INSIDE) {
  for (let i = 0; i < count; i++) {
    all.push(
      storedAnswer(config, {
        unitId,
        channel: 'web',
        submittedAt: new Date(instants[i % instants.length]!).toISOString(),
        nps: (i * 3) % 11,
        text: `${SECRET} <b>bold</b>`,
      }),
    );
  }
}

const UNITS: Record<string, number> = {
  'keskusta-ta': 30,
  'rantala-ta': 4,
  'metsakyla-ta': 12,
  'keskusta-hammas': 15,
  laboratorio: 0,
  kuvantaminen: 13,
  yhteispaivystys: 40,
  fysioterapia: 20,
  'avokuntoutus-ryhmat': 9,
  'kotikuntoutus-pohjoinen': 10,
  'aikuissosiaalityo-keskusta': 6,
  'neuvola-keskusta': 0,
  'kotihoito-ita': 10,
  'kotihoito-lansi': 15,
};

beforeAll(async () => {
  for (const [unit, n] of Object.entries(UNITS)) add(unit, n);
  add('keskusta-ta', 6, OUTSIDE);
  add('rantala-ta', 20, OUTSIDE);
  stack = await startTestStack();
  // 5 December: October is reported (an answer given in it could be typed in until 30 November).
  stack.clock.set('2026-12-05T12:00:00+02:00');
  await writeAnswers(stack, all);
  await startAggregationAt(stack, '2026-09-29T00:00:00Z');
  await stack.scheduler.run('aggregate');
});
afterAll(() => stack?.close());

const PATHS: Record<Lang, string> = { fi: '/tulokset', sv: '/resultat', en: '/results' };

/** One row of a table on the page: its name, and its NPS and n unless hidden. */
interface Row {
  name: string;
  hidden: boolean;
  nps?: string;
  n?: number;
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const text = (s: string) => unescapeHtml(s.replace(/<[^>]+>/g, '')).trim();

/** The page's tables: caption and rows. */
function tables(page: string): { caption: string; rows: Row[] }[] {
  return [...page.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)].map((m) => ({
    caption: text(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(m[1]!)![1]!),
    rows: [...m[1]!.matchAll(/<tr><th scope="row"[^>]*>([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)].map((r) => {
      const tds = [...r[2]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((t) => text(t[1]!));
      return r[2]!.includes('colspan')
        ? { name: text(r[1]!), hidden: true }
        : { name: text(r[1]!), hidden: false, nps: tds[0], n: Number(tds[1]) };
    }),
  }));
}

/** The page as a tree: region → service areas → units, with each row's id. */
function pageTree(page: string, lang: Lang) {
  const byName = new Map(
    [...config.org.units(), config.org.node(config.org.regionId)!, ...config.org.children(config.org.regionId)].map((n) => [
      n.name[lang],
      n.id,
    ]),
  );
  const [areas, ...unitTables] = tables(page);
  const rows = new Map<string, Row>();
  for (const r of [...areas!.rows, ...unitTables.flatMap((t) => t.rows)]) rows.set(byName.get(r.name)!, r);
  return rows;
}

describe.each(['fi', 'sv', 'en'] as Lang[])('%s page', (lang) => {
  let res: Response;
  let page: string;
  beforeAll(async () => {
    res = await fetch(stack.url + PATHS[lang]);
    page = await res.text();
  });

  it('is cacheable HTML in its language, linking to the other two languages', () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=900');
    expect(res.headers.get('content-language')).toBe(lang);
    expect(page).toContain(`<html lang="${lang}">`);
    for (const [l, p] of Object.entries(PATHS)) expect(page).toContain(`href="${p}" lang="${l}"`);
  });

  it('states the month shown, its first and last day, and explains NPS and hiding', () => {
    expect(page).toContain('<time datetime="2026-10">');
    expect(page).toContain({ fi: 'lokakuu 2026', sv: 'oktober 2026', en: 'October 2026' }[lang]);
    expect(page).toContain('<time datetime="2026-10-01">');
    expect(page).toContain('<time datetime="2026-10-31">');
    expect(page.match(/<h2[ >]/g)).toHaveLength(2);
    expect(page).toContain('<h2 id="why-hidden">');
  });

  it('never shows free text', () => {
    expect(page).not.toContain('SALAINEN');
  });

  it('hides small groups and their complements at both levels, the same in every language', () => {
    const rows = pageTree(page, lang);
    expect(rows.size).toBe(1 + 4 + config.org.units().length);
    const hidden = [...rows]
      .filter(([, r]) => r.hidden)
      .map(([id]) => id)
      .sort();
    // sosiaali (6) is small in the region and ikaantyneet (25) its complement; below the hidden
    // ikaantyneet, kotihoito and in it kotihoito-ita (10, the smaller unit). Within terveysasemat
    // rantala-ta (4) takes metsakyla-ta (12) with it; aikuissosiaalityo-keskusta (6) is small. Within
    // the service avokuntoutus, avokuntoutus-ryhmat (9) takes fysioterapia (20) with it, while
    // kotikuntoutus-pohjoinen (10), alone in kotikuntoutus, is shown: the page shows no services, but
    // suppressing through them protects each one's units within it.
    expect(hidden).toEqual(
      [
        'aikuissosiaalityo-keskusta',
        'avokuntoutus-ryhmat',
        'fysioterapia',
        'ikaantyneet',
        'kotihoito-ita',
        'metsakyla-ta',
        'rantala-ta',
        'sosiaali',
      ].sort(),
    );
  });

  it('hides every row the staff reports hide for the month', async () => {
    const bearer = await token(stack, [config.org.regionId]);
    const apiHidden: string[] = [];
    for (const id of pageTree(page, lang).keys()) {
      const r = await getJson<{ total: { suppressed?: true } }>(stack, `/api/reports/nps?node=${id}&from=2026-10-01&to=2026-10-31`, bearer);
      expect(r.status).toBe(200);
      if (r.body.total.suppressed) apiHidden.push(id);
    }
    // At the internal threshold (5) only rantala-ta (4) and its complement metsakyla-ta (12) are hidden.
    expect(apiHidden.sort()).toEqual(['metsakyla-ta', 'rantala-ta']);
    const rows = pageTree(page, lang);
    expect(apiHidden.filter((id) => !rows.get(id)!.hidden)).toEqual([]);
  });

  it('shows every visible figure as a direct count of the raw answers in the window', () => {
    for (const [id, r] of pageTree(page, lang)) {
      if (r.hidden) continue;
      const e = expectedCell('x', answersOf(config, all, id, '2026-10-01', '2026-10-31'), 10) as { n: number; nps: number | null };
      expect([id, r.n, r.nps]).toEqual([id, e.n, e.n ? numberFormats(lang).nps(e.nps) : '–']);
    }
  });

  it('lets no reader derive a group under 10: no small figure shown, and parent minus visible children never small', () => {
    const rows = pageTree(page, lang);
    for (const r of rows.values()) if (!r.hidden) expect(r.n === 0 || r.n! >= 10).toBe(true);
    const region = config.org.regionId;
    const relations = [
      { parent: region, children: config.org.children(region).map((a) => a.id) },
      ...config.org.children(region).map((a) => ({
        parent: a.id,
        children: config.org
          .units()
          .filter((u) => config.org.ancestors(u.id).some((x) => x.id === a.id))
          .map((u) => u.id),
      })),
    ];
    // Propagate what subtraction reveals, then check that nothing hidden became known.
    const known = new Map([...rows].filter(([, r]) => !r.hidden).map(([id, r]) => [id, r.n!]));
    for (let changed = true; changed; ) {
      changed = false;
      for (const { parent, children } of relations) {
        const unknown = [parent, ...children].filter((id) => !known.has(id));
        if (unknown.length !== 1) continue;
        const [u] = unknown;
        const kids = children.reduce((s, c) => s + (known.get(c) ?? 0), 0);
        known.set(u!, u === parent ? kids : known.get(parent)! - kids);
        changed = true;
      }
    }
    expect([...rows].filter(([id, r]) => r.hidden && known.has(id)).map(([id]) => id)).toEqual([]);
    for (const { parent, children } of relations) {
      if (!known.has(parent)) continue;
      const rest = known.get(parent)! - children.reduce((s, c) => s + (known.get(c) ?? 0), 0);
      expect(rest === 0 || rest >= 10, `${parent} minus its visible children`).toBe(true);
    }
  });
});

it('counts answers given on the DST day and at the month’s edges, but not just outside it', async () => {
  const rows = pageTree(await (await fetch(`${stack.url}/results`)).text(), 'en');
  // keskusta-ta: 30 inside; the 6 outside (the last second of September, the first of November) are not counted.
  expect(rows.get('keskusta-ta')!.n).toBe(30);
  expect(rows.get('esimerkki')!.n).toBe(Object.values(UNITS).reduce((a, b) => a + b, 0));
});

it('shows the same month, with the same figures, from 31 days after it ends until the next one is shown: no two pages differ by a day', async () => {
  const page = async () => (await fetch(`${stack.url}/results`)).text();
  const figures = (p: string) => JSON.stringify([...pageTree(p, 'en')]);
  const first = await page();
  for (const day of ['2026-12-01T00:00:30+02:00', '2026-12-17T12:00:00+02:00', '2026-12-30T23:59:00+02:00']) {
    stack.clock.set(day);
    const p = await page();
    expect(p).toContain('<time datetime="2026-10">');
    expect(figures(p)).toBe(figures(first));
  }
  stack.clock.set('2026-12-31T00:00:30+02:00');
  expect(await page()).toContain('<time datetime="2026-11">');
  stack.clock.set('2026-12-05T12:00:00+02:00');
});

it('keeps showing the month before while late paper answers may still change the month that just ended', async () => {
  const page = async () => (await fetch(`${stack.url}/results`)).text();
  // October has ended, but an answer given on its last evening may be typed in through 30 November.
  for (const day of ['2026-11-01T00:00:30+02:00', '2026-11-30T23:59:00+02:00']) {
    stack.clock.set(day);
    const p = await page();
    for (const shown of ['<time datetime="2026-09">', '<time datetime="2026-09-01">', '<time datetime="2026-09-30">'])
      expect(p, day).toContain(shown);
    expect(p, day).not.toContain('<time datetime="2026-10">');
  }
  // The day after, October is shown.
  stack.clock.set('2026-12-01T00:00:30+02:00');
  expect(await page()).toContain('<time datetime="2026-10">');
  stack.clock.set('2026-12-05T12:00:00+02:00');
});
