/**
 * The reporting API over real HTTP on the local stack, after the scheduled aggregation ran: the exact
 * response shapes of nps, statements, children and breakdown; small cells and their complements
 * hidden, and a node hidden as a complement in its parent's view hidden on every endpoint too; every
 * bad parameter named as `query.x`; an unknown node 404; a late kiosk answer sent
 * through the API landing on the day it was given after the next run; repeated and overlapping runs
 * leaving every figure unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { nps } from '#shared/reporting/nps.ts';
import { postJson, startTestStack } from '../../support/local-stack.ts';
import { allNodes, getJson, storedAnswer, token, writeAnswers, startAggregationAt, type AnswerSpec } from './report-data.ts';

const config = parseConfig();
let stack: LocalStack;
let bearer: string;

/** `count` answers at Helsinki noon of `day` (+03:00 in May) with the given fields. */
function many(count: number, day: string, spec: Omit<AnswerSpec, 'submittedAt'>, at = '12:00'): StoredAnswer[] {
  return Array.from({ length: count }, (_, i) =>
    storedAnswer(config, { ...spec, submittedAt: new Date(`${day}T${at}:${String(i % 60).padStart(2, '0')}+03:00`).toISOString() }),
  );
}

const data = [
  // keskusta-ta, Monday 4 May: 26 answers. Web 20 (12 promoters, 5 passives, 3 detractors), SMS 3 and kiosk 3 promoters.
  ...many(12, '2026-05-04', { unitId: 'keskusta-ta', channel: 'web', nps: 10, role: 'client', statements: { smooth: 5, help: 4 } }),
  ...many(5, '2026-05-04', {
    unitId: 'keskusta-ta',
    channel: 'web',
    nps: 7,
    role: 'relative',
    statements: { smooth: 3, help: 'cant_say' },
  }),
  ...many(3, '2026-05-04', { unitId: 'keskusta-ta', channel: 'web', nps: 2, role: 'client', statements: { smooth: 1 } }),
  ...many(3, '2026-05-04', { unitId: 'keskusta-ta', channel: 'sms', nps: 9, role: 'client' }),
  ...many(3, '2026-05-04', { unitId: 'keskusta-ta', channel: 'kiosk', nps: 9, role: 'client' }),
  // rantala-ta: 3 answers in May (a small group); metsakyla-ta: 7 (hidden to protect rantala-ta).
  ...many(3, '2026-05-05', { unitId: 'rantala-ta', channel: 'qr', nps: 0 }),
  ...many(7, '2026-05-06', { unitId: 'metsakyla-ta', channel: 'web', nps: 8 }),
  // March, synced late (in May, after the watermark): sosiaali holds 3 answers, a small group within
  // the region; ikaantyneet (12, in kotihoito: 6 + 6) is the complement that protects it.
  ...many(40, '2026-03-10', { unitId: 'keskusta-ta', channel: 'web', nps: 10, receivedAt: '2026-05-10T09:00:00Z' }),
  ...many(30, '2026-03-10', { unitId: 'fysioterapia', channel: 'web', nps: 9, receivedAt: '2026-05-10T09:00:00Z' }),
  ...many(3, '2026-03-10', { unitId: 'neuvola-keskusta', channel: 'web', nps: 5, receivedAt: '2026-05-10T09:00:00Z' }),
  ...many(6, '2026-03-10', {
    unitId: 'kotihoito-ita',
    channel: 'paper',
    nps: 10,
    statements: { smooth: 5 },
    receivedAt: '2026-05-10T09:00:00Z',
  }),
  ...many(6, '2026-03-10', {
    unitId: 'kotihoito-lansi',
    channel: 'web',
    nps: 8,
    statements: { smooth: 4 },
    receivedAt: '2026-05-10T09:00:00Z',
  }),
];

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set('2026-05-20T12:00:00+03:00');
  await writeAnswers(stack, data);
  await startAggregationAt(stack, '2026-05-04T00:00:00Z');
  await stack.scheduler.run('aggregate');
  bearer = await token(stack, ['esimerkki']);
});
afterAll(() => stack?.close());

/** The 95 % interval of the given buckets, from the domain maths the API must use. */
const ci = (promoters: number, passives: number, detractors: number) => nps({ promoters, passives, detractors }).ci95;

const get = (path: string) => getJson<Record<string, unknown>>(stack, path, bearer);

describe('GET /api/reports/nps', () => {
  it('answers the series by day and the exact total in the documented shape', async () => {
    const r = await get('/api/reports/nps?node=keskusta-ta&from=2026-05-03&to=2026-05-05&granularity=day');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      node: 'keskusta-ta',
      granularity: 'day',
      from: '2026-05-03',
      to: '2026-05-05',
      series: [
        { period: '2026-05-03', n: 0, promoters: 0, passives: 0, detractors: 0, nps: null, ci95: null },
        { period: '2026-05-04', n: 26, promoters: 18, passives: 5, detractors: 3, nps: 58, ci95: ci(18, 5, 3) },
        { period: '2026-05-05', n: 0, promoters: 0, passives: 0, detractors: 0, nps: null, ci95: null },
      ],
      // Over 3–5 May keskusta-ta (26) is the complement that protects rantala-ta (3 answers on 5 May)
      // within terveysasemat (29), so its total over the range is hidden; each day on its own is not.
      total: { period: '2026-05-03..2026-05-05', suppressed: true },
    });
    // With 6 May metsakyla-ta's 7 answers protect rantala-ta instead, and keskusta-ta's total shows.
    const wider = await get('/api/reports/nps?node=keskusta-ta&from=2026-05-03&to=2026-05-06&granularity=day');
    expect(wider.body.total).toEqual({
      period: '2026-05-03..2026-05-06',
      n: 26,
      promoters: 18,
      passives: 5,
      detractors: 3,
      nps: 58,
      ci95: ci(18, 5, 3),
    });
  });

  it('lists whole ISO weeks and months overlapping the range, the total staying exact', async () => {
    const week = await get('/api/reports/nps?node=terveysasemat&from=2026-05-05&to=2026-05-06&granularity=week');
    // Week 19 holds the 4 May answers too; the total covers only 5–6 May.
    expect(week.body.series).toEqual([
      { period: '2026-W19', n: 36, promoters: 18, passives: 12, detractors: 6, nps: 33, ci95: expect.any(Array) },
    ]);
    expect(week.body.total).toMatchObject({ period: '2026-05-05..2026-05-06', n: 10, promoters: 0, passives: 7, detractors: 3 });
    const month = await get('/api/reports/nps?node=esimerkki&from=2026-04-01&to=2026-05-31&granularity=month');
    expect((month.body.series as { period: string; n: number }[]).map((s) => [s.period, s.n])).toEqual([
      ['2026-04', 0],
      ['2026-05', 36],
    ]);
  });

  it('hides a cell and the total with fewer than 5 answers, showing only the period', async () => {
    const r = await get('/api/reports/nps?node=rantala-ta&from=2026-05-01&to=2026-05-31&granularity=month');
    expect(r.body.series).toEqual([{ period: '2026-05', suppressed: true }]);
    expect(r.body.total).toEqual({ period: '2026-05-01..2026-05-31', suppressed: true });
  });
});

describe('GET /api/reports/children', () => {
  it('hides the small child and the next smallest one, so neither follows from the parent’s total', async () => {
    const r = await get('/api/reports/children?node=terveysasemat&from=2026-05-01&to=2026-05-31');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      node: 'terveysasemat',
      from: '2026-05-01',
      to: '2026-05-31',
      total: { period: '2026-05-01..2026-05-31', n: 36, promoters: 18, passives: 12, detractors: 6, nps: 33, ci95: expect.any(Array) },
      children: [
        {
          node: 'keskusta-ta',
          kind: 'unit',
          name: config.org.node('keskusta-ta')!.name,
          period: '2026-05-01..2026-05-31',
          n: 26,
          promoters: 18,
          passives: 5,
          detractors: 3,
          nps: 58,
          ci95: ci(18, 5, 3),
        },
        { node: 'rantala-ta', kind: 'unit', name: config.org.node('rantala-ta')!.name, period: '2026-05-01..2026-05-31', suppressed: true },
        {
          node: 'metsakyla-ta',
          kind: 'unit',
          name: config.org.node('metsakyla-ta')!.name,
          period: '2026-05-01..2026-05-31',
          suppressed: true,
        },
      ],
    });
  });

  it('shows every service of a service area, zero as zero', async () => {
    const r = await get('/api/reports/children?node=terveys&from=2026-05-01&to=2026-05-31');
    expect((r.body.children as { node: string; n?: number }[]).map((c) => [c.node, c.n])).toEqual([
      ['terveysasemat', 36],
      ['suun-terveys', 0],
      ['laboratorio-kuvantaminen', 0],
      ['paivystys', 0],
    ]);
  });
});

describe('tree-wide suppression: a complement stays hidden on every endpoint', () => {
  const MARCH = 'from=2026-03-01&to=2026-03-31';
  const P = '2026-03-01..2026-03-31';
  const hiddenIds = (cells: { node: string; suppressed?: true }[]) => cells.filter((c) => c.suppressed).map((c) => c.node);

  it('hides the small service area and the next smallest one in the region’s view', async () => {
    const r = await get(`/api/reports/children?node=esimerkki&${MARCH}`);
    expect(r.body.total).toMatchObject({ n: 85 });
    expect((r.body.children as { node: string; n?: number }[]).map((c) => [c.node, c.n])).toEqual([
      ['terveys', 40],
      ['kuntoutus', 30],
      ['sosiaali', undefined],
      ['ikaantyneet', undefined],
    ]);
    // What subtraction leaves is the two hidden areas together: 15, not a small group.
    expect(85 - 40 - 30).toBe(15);
  });

  it('hides ikaantyneet’s own total too, so sosiaali = region − visible areas − ikaantyneet cannot be computed', async () => {
    for (const g of ['month', 'week', 'day']) {
      const r = await get(`/api/reports/nps?node=ikaantyneet&${MARCH}&granularity=${g}`);
      expect(r.status).toBe(200);
      expect(r.body.total, g).toEqual({ period: P, suppressed: true });
      const cells = r.body.series as { period: string; suppressed?: true; n?: number }[];
      // The periods holding 10 March are hidden; the empty ones show zero.
      expect(cells.filter((c) => c.suppressed).length, g).toBe(1);
      expect(
        cells.every((c) => c.suppressed || c.n === 0),
        g,
      ).toBe(true);
    }
    const statements = await get(`/api/reports/statements?node=ikaantyneet&${MARCH}`);
    expect((statements.body.statements as { suppressed?: true }[]).every((s) => s.suppressed)).toBe(true);
    for (const by of ['channel', 'role']) {
      const b = await get(`/api/reports/breakdown?node=ikaantyneet&${MARCH}&by=${by}`);
      expect(b.body.total).toEqual({ period: P, suppressed: true });
      expect(
        (b.body.groups as { suppressed?: true }[]).every((g) => g.suppressed),
        by,
      ).toBe(true);
    }
  });

  it('hides enough of ikaantyneet’s children, all the way down, that they do not sum back to it', async () => {
    const area = await get(`/api/reports/children?node=ikaantyneet&${MARCH}`);
    expect(area.body.total).toEqual({ period: P, suppressed: true });
    expect(hiddenIds(area.body.children as never)).toEqual(['kotihoito']);
    const service = await get(`/api/reports/children?node=kotihoito&${MARCH}`);
    expect(service.body.total).toEqual({ period: P, suppressed: true });
    expect(hiddenIds(service.body.children as never)).toEqual(['kotihoito-ita']);
    expect((service.body.children as { node: string; n?: number }[])[1]).toMatchObject({ node: 'kotihoito-lansi', n: 6 });
    expect((await get(`/api/reports/nps?node=kotihoito&${MARCH}&granularity=month`)).body.total).toEqual({ period: P, suppressed: true });
    expect((await get(`/api/reports/nps?node=kotihoito-ita&${MARCH}&granularity=month`)).body.total).toEqual({
      period: P,
      suppressed: true,
    });
    expect((await get(`/api/reports/nps?node=kotihoito-lansi&${MARCH}&granularity=month`)).body.total).toMatchObject({ n: 6 });
  });

  it('decides over the range asked: over May alone, with no small area, ikaantyneet shows (zero as zero)', async () => {
    const may = await get('/api/reports/nps?node=ikaantyneet&from=2026-05-01&to=2026-05-31&granularity=month');
    expect(may.body.total).toMatchObject({ n: 0 });
  });
});

describe('GET /api/reports/breakdown', () => {
  it('breaks a node down by channel, hiding the two small channels that together reach the threshold', async () => {
    const r = await get('/api/reports/breakdown?node=keskusta-ta&from=2026-05-01&to=2026-05-31&by=channel');
    expect(r.status).toBe(200);
    const p = '2026-05-01..2026-05-31';
    const zero = { n: 0, promoters: 0, passives: 0, detractors: 0, nps: null, ci95: null };
    expect(r.body).toEqual({
      node: 'keskusta-ta',
      from: '2026-05-01',
      to: '2026-05-31',
      by: 'channel',
      total: { period: p, n: 26, promoters: 18, passives: 5, detractors: 3, nps: 58, ci95: ci(18, 5, 3) },
      groups: [
        { group: 'web', period: p, n: 20, promoters: 12, passives: 5, detractors: 3, nps: 45, ci95: expect.any(Array) },
        { group: 'qr', period: p, ...zero },
        { group: 'sms', period: p, suppressed: true },
        { group: 'kiosk', period: p, suppressed: true },
        { group: 'paper', period: p, ...zero },
        { group: 'oral', period: p, ...zero },
      ],
    });
  });

  it('breaks a node down by role, a role of exactly 5 shown', async () => {
    const r = await get('/api/reports/breakdown?node=keskusta-ta&from=2026-05-01&to=2026-05-31&by=role');
    expect((r.body.groups as { group: string; n?: number }[]).map((g) => [g.group, g.n])).toEqual([
      ['client', 21],
      ['relative', 5],
      ['unspecified', 0],
    ]);
  });
});

describe('GET /api/reports/statements', () => {
  it('gives each statement its counts, share agreeing and mean, hiding small ones', async () => {
    const r = await get('/api/reports/statements?node=keskusta-ta&from=2026-05-01&to=2026-05-31');
    expect(r.status).toBe(200);
    const s = r.body.statements as Record<string, unknown>[];
    expect(s.map((x) => x.id)).toEqual(['smooth', 'help', 'safe', 'useful', 'info', 'together', 'respect']);
    expect(s[0]).toEqual({
      id: 'smooth',
      text: config.surveys.survey('thl-aikuiset')!.versions[0]!.questions.find((q) => q.id === 'smooth')!.text,
      values: [3, 0, 5, 0, 12],
      cantSay: 0,
      n: 20,
      shareAgreeing: 0.6,
      mean: 3.9,
    });
    expect(s[1]).toMatchObject({ id: 'help', values: [0, 0, 0, 12, 0], cantSay: 5, n: 12, shareAgreeing: 1, mean: 4 });
    expect(s[2]).toMatchObject({ id: 'safe', n: 0, cantSay: 0, shareAgreeing: null, mean: null });
    // rantala-ta's answers had no statements, but the unit is a small group hidden tree-wide, so every
    // row is hidden (zeros too: shown, they would tell which statements its few respondents skipped).
    const small = await get('/api/reports/statements?node=rantala-ta&from=2026-05-01&to=2026-05-31');
    expect((small.body.statements as Record<string, unknown>[]).every((r) => r.suppressed === true)).toBe(true);
    // Zero is shown as zero where the node itself is shown: metsakyla-ta is hidden in May (as
    // rantala-ta's complement), terveys is not.
    const zero = await get('/api/reports/statements?node=terveys&from=2026-05-01&to=2026-05-31');
    expect((zero.body.statements as Record<string, unknown>[])[2]).toMatchObject({ id: 'safe', n: 0 });
  });
});

describe('bad requests', () => {
  it.each([
    ['/api/reports/nps?from=2026-05-01&to=2026-05-02', 'query.node'],
    ['/api/reports/nps?node=terveys&from=2026-5-1&to=2026-05-02', 'query.from'],
    ['/api/reports/nps?node=terveys&from=2026-05-01&to=2026-02-30', 'query.to'],
    ['/api/reports/nps?node=terveys&from=2026-05-03&to=2026-05-02', 'query.to'],
    ['/api/reports/nps?node=terveys&from=2020-01-01&to=2026-05-02', 'query.to'],
    ['/api/reports/nps?node=terveys&from=2026-05-01&to=2026-05-02&granularity=hour', 'query.granularity'],
    ['/api/reports/statements?node=terveys&from=2026-05-01', 'query.to'],
    ['/api/reports/children?node=&from=2026-05-01&to=2026-05-02', 'query.node'],
    ['/api/reports/breakdown?node=terveys&from=2026-05-01&to=2026-05-02&by=age', 'query.by'],
  ])('%s → 400 naming %s', async (path, field) => {
    const r = await get(path);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      error: { code: 'validation_failed', issues: expect.arrayContaining([expect.objectContaining({ path: field })]) },
    });
  });

  it.each(['nps', 'statements', 'children'])('answers 404 naming query.node for an unknown node (%s)', async (report) => {
    const r = await get(`/api/reports/${report}?node=nowhere&from=2026-05-01&to=2026-05-02`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      error: {
        code: 'not_found',
        message: 'No such organisation node.',
        issues: [{ path: 'query.node', message: 'unknown node "nowhere"' }],
      },
    });
  });
});

describe('aggregation runs', () => {
  /** Every report of every node for May, as the API answers it. */
  async function everything(): Promise<string> {
    const out: unknown[] = [];
    for (const n of allNodes(config)) {
      for (const path of [
        `/api/reports/nps?node=${n.id}&from=2026-05-01&to=2026-05-31&granularity=day`,
        `/api/reports/children?node=${n.id}&from=2026-05-01&to=2026-05-31`,
        `/api/reports/breakdown?node=${n.id}&from=2026-05-01&to=2026-05-31&by=channel`,
        `/api/reports/statements?node=${n.id}&from=2026-05-01&to=2026-05-31`,
      ]) {
        out.push((await get(path)).body);
      }
    }
    return JSON.stringify(out);
  }

  it('leaves every figure unchanged when runs repeat and overlap, so no answer is counted twice', async () => {
    const before = await everything();
    await stack.scheduler.run('aggregate');
    await Promise.all([stack.scheduler.run('aggregate'), stack.scheduler.run('aggregate')]);
    await Promise.all([stack.scheduler.run('aggregate'), stack.scheduler.run('aggregateNightly'), stack.scheduler.run('aggregate')]);
    expect(await everything()).toBe(before);
  });

  it('puts a late paper answer typed in by staff on the day it was given, after the next run', async () => {
    const token = await stack.auth.issue(['feedback:enter'], ['keskusta-ta']);
    const sent = await postJson(
      stack,
      '/api/feedback/entries',
      { unitId: 'keskusta-ta', channel: 'paper', lang: 'fi', answers: { nps: 0 }, answeredAt: '2026-05-04T16:30:00+03:00' },
      { authorization: `Bearer ${token}` },
    );
    expect(sent.status).toBe(201);
    // Time moves on to the next scheduled run.
    stack.clock.set('2026-05-20T12:15:00+03:00');
    const day = () => get('/api/reports/nps?node=keskusta-ta&from=2026-05-04&to=2026-05-20&granularity=day');
    const before = await day();
    expect((before.body.series as { n: number }[])[0]!.n).toBe(26);
    await stack.scheduler.run('aggregate');
    const after = await day();
    const series = after.body.series as { period: string; n: number; detractors: number }[];
    expect(series[0]).toMatchObject({ period: '2026-05-04', n: 27, detractors: 4 });
    // Not on the day it arrived (20 May), and nowhere else.
    expect(series.slice(1).every((s) => s.n === 0)).toBe(true);
    expect(after.body.total).toMatchObject({ n: 27 });
    const region = await get('/api/reports/nps?node=esimerkki&from=2026-05-01&to=2026-05-31&granularity=month');
    expect((region.body.series as { n: number }[])[0]!.n).toBe(37);
  });
});
