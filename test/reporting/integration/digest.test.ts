/**
 * The monthly digest over real HTTP on the local stack: answers with comments in October and
 * September 2026 are aggregated; `GET /api/reports/digest` then lists the top themes by count with
 * their change on September, the development ideas (negative and mixed) by theme, and up to three
 * representative comments each — chosen the same way every time, person names masked — and shows
 * nothing for a hidden cell: no row (and no comment) for a theme with too few comments, nothing at
 * all for a node hidden in the month. Bad input is a 400 naming the field; another unit is a 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { digestReportSchema } from '#shared/reporting/contracts.ts';
import { representative } from '#shared/reporting/digest.ts';
import type { Sentiment, ThemeId } from '#shared/text/index.ts';
import { startTestStack } from '../../support/local-stack.ts';
import { getJson, startAggregationAt, storedAnswer, token, writeAnswers } from './report-data.ts';

const config = parseConfig();
let stack: LocalStack;
let region: string;
let unit: string;
const T0 = Date.parse('2026-12-10T10:00:00Z');

const comment = (
  unitId: string,
  day: string,
  text: string,
  themes: ThemeId[],
  sentiment: Sentiment,
  names: [number, number][] = [],
): StoredAnswer => ({
  ...storedAnswer(config, {
    unitId,
    submittedAt: `${day}T09:00:00.000Z`,
    receivedAt: new Date(T0 - 60_000).toISOString(),
    channel: 'web',
    nps: 8,
    text,
  }),
  themes,
  sentiment,
  ...(names.length ? { textNames: names.map(([start, end]) => ({ start, end })) } : {}),
});

const answers: StoredAnswer[] = [
  // keskusta-ta in October: waiting 7 (5 negative/mixed), encounter 6 (positive, one naming a nurse), premises 2 (hidden).
  ...[
    'Jono oli pitkä ja odotin tunnin.',
    'Odotin pitkään jonossa.',
    'Jono oli pitkä.',
    'Odotusaika oli liian pitkä.',
    'Jonotin kauan mutta hoito oli hyvä.',
  ].map((t, i) => comment('keskusta-ta', `2026-10-${String(10 + i).padStart(2, '0')}`, t, ['waiting'], i === 4 ? 'mixed' : 'negative')),
  comment('keskusta-ta', '2026-10-16', 'Sain ajan nopeasti.', ['waiting'], 'positive'),
  comment('keskusta-ta', '2026-10-17', 'Ei jonoa.', ['waiting'], 'positive'),
  comment('keskusta-ta', '2026-10-18', 'Hoitaja Anna Berg oli ystävällinen.', ['encounter'], 'positive', [[8, 17]]),
  ...[
    'Ystävällinen vastaanotto.',
    'Ystävällinen hoitaja.',
    'Mukava ja ystävällinen lääkäri.',
    'Kiitos ystävällisestä kohtelusta.',
    'Hyvä kohtaaminen.',
  ].map((t, i) => comment('keskusta-ta', `2026-10-${20 + i}`, t, ['encounter'], 'positive')),
  comment('keskusta-ta', '2026-10-26', 'Tilat olivat ahtaat.', ['premises'], 'negative'),
  comment('keskusta-ta', '2026-10-27', 'Odotustila oli kylmä.', ['premises'], 'negative'),
  // September: waiting 5, encounter 2 (hidden then: no change is shown).
  ...Array.from({ length: 5 }, (_, i) => comment('keskusta-ta', `2026-09-${10 + i}`, 'Jono oli pitkä.', ['waiting'], 'negative')),
  comment('keskusta-ta', '2026-09-20', 'Ystävällinen.', ['encounter'], 'positive'),
  comment('keskusta-ta', '2026-09-21', 'Ystävällinen.', ['encounter'], 'positive'),
  // metsakyla-ta: comments of its own, so that rantala-ta's hidden month does not hide keskusta-ta's as its complement.
  ...Array.from({ length: 8 }, (_, i) => comment('metsakyla-ta', `2026-10-${10 + i}`, 'Kaikki hyvin.', ['other'], 'positive')),
  // rantala-ta in October: three comments, a hidden month.
  ...Array.from({ length: 3 }, (_, i) =>
    comment('rantala-ta', `2026-10-${10 + i}`, 'Puhelimeen ei vastattu.', ['phone_service'], 'negative'),
  ),
];

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set(new Date(T0).toISOString());
  await startAggregationAt(stack, new Date(T0 - 3_600_000).toISOString());
  await writeAnswers(stack, answers);
  await stack.scheduler.run('aggregate');
  region = await token(stack, [config.org.regionId]);
  unit = await token(stack, ['keskusta-ta']);
});
afterAll(() => stack?.close());

const digest = (q: string, bearer = region) => getJson<Record<string, unknown>>(stack, `/api/reports/digest?${q}`, bearer);

describe('GET /api/reports/digest', () => {
  it('lists the top themes with their change, the development ideas and masked example comments', async () => {
    const r = await digest('node=keskusta-ta&month=2026-10&lang=en');
    expect(r.status).toBe(200);
    expect(digestReportSchema.safeParse(r.body).success).toBe(true);
    const body = r.body as {
      total: { n: number };
      topThemes: { id: string; label: string; n: number; previous: number | null; change: number | null; comments: string[] }[];
      developmentIdeas: { id: string; n: number; comments: string[] }[];
    };
    expect(body).toMatchObject({ node: 'keskusta-ta', month: '2026-10', previousMonth: '2026-09', total: { n: 15 } });
    // premises (2 comments) is a hidden cell: not listed, its comments nowhere.
    expect(body.topThemes.map((t) => [t.id, t.label, t.n, t.previous, t.change])).toEqual([
      ['waiting', 'Waiting', 7, 5, 2],
      ['encounter', 'Encounter', 6, null, null],
    ]);
    expect(body.developmentIdeas.map((d) => [d.id, d.n])).toEqual([['waiting', 5]]);
    const all = JSON.stringify(body);
    expect(all).not.toContain('Tilat olivat ahtaat');
    expect(all).not.toContain('Anna Berg');
    for (const t of body.topThemes) expect(t.comments.length).toBeLessThanOrEqual(3);
    expect(body.topThemes[1]!.comments).toHaveLength(3);
    // Development ideas show only negative and mixed comments.
    expect(body.developmentIdeas[0]!.comments.every((c) => !['Sain ajan nopeasti.', 'Ei jonoa.'].includes(c))).toBe(true);
    // The same answer every time.
    expect((await digest('node=keskusta-ta&month=2026-10&lang=en')).body).toEqual(r.body);
  });

  it('masks names in every comment it shows', async () => {
    const r = await digest('node=keskusta-ta&month=2026-10');
    const texts = (r.body as { topThemes: { comments: string[] }[] }).topThemes.flatMap((t) => t.comments);
    expect(texts.join(' ')).not.toMatch(/Anna|Berg/);
  });

  it('shows nothing for a node hidden in the month', async () => {
    const r = await digest('node=rantala-ta&month=2026-10');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      node: 'rantala-ta',
      month: '2026-10',
      previousMonth: '2026-09',
      total: { suppressed: true },
      topThemes: [],
      developmentIdeas: [],
    });
  });

  it.each([
    ['node=keskusta-ta&month=2026-11', 'query.month'],
    ['node=keskusta-ta&month=2026-13', 'query.month'],
    ['node=keskusta-ta&month=2026-10&lang=de', 'query.lang'],
    ['month=2026-10', 'query.node'],
  ])('refuses %s naming %s', async (q, path) => {
    const r = await digest(q);
    expect(r.status).toBe(400);
    expect((r.body as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual([path]);
  });

  it("refuses another unit's manager with 403", async () => {
    expect((await digest('node=rantala-ta&month=2026-10', unit)).status).toBe(403);
    expect((await digest('node=keskusta-ta&month=2026-10', unit)).status).toBe(200);
  });
});

describe('GET /api/reports/themes', () => {
  it("counts a month's comments by theme and sentiment, hiding small cells", async () => {
    const r = await getJson<{ total: unknown; themes: Record<string, unknown>[] }>(
      stack,
      '/api/reports/themes?node=keskusta-ta&from=2026-10-01&to=2026-10-31',
      region,
    );
    expect(r.status).toBe(200);
    expect(r.body.total).toEqual({ n: 15 });
    const row = (id: string) => r.body.themes.find((t) => t.id === id);
    expect(row('waiting')).toEqual({ id: 'waiting', label: 'Odottaminen', n: 7, positive: 2, neutral: 0, negative: 4, mixed: 1 });
    expect(row('premises')).toEqual({ id: 'premises', label: 'Tilat', suppressed: true });
    expect(row('costs')).toEqual({ id: 'costs', label: 'Maksut', n: 0, positive: 0, neutral: 0, negative: 0, mixed: 0 });
  });
});

describe('representative comments', () => {
  it('prefers comments sharing the group’s words, then shorter ones, deterministically', () => {
    const texts = ['Jono oli pitkä.', 'Jono oli pitkä ja odotin.', 'Parkkipaikka puuttui.', 'Jono oli pitkä.'];
    expect(representative(texts)).toEqual(['Jono oli pitkä.', 'Jono oli pitkä ja odotin.', 'Parkkipaikka puuttui.']);
    expect(representative([...texts].reverse())).toEqual(representative(texts));
    expect(representative([`${'a'.repeat(400)}`])[0]).toHaveLength(300);
  });
});
