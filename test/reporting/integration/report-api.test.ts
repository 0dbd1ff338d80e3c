/**
 * The reporting API over real HTTP on the local stack, after the scheduled aggregation ran: the exact
 * response shapes of nps, statements, children and breakdown over whole closed months; small cells
 * and their complements hidden, and a node hidden as a complement in its parent's view hidden on every
 * endpoint too; each month decided on its own, a figure over several months shown only where every
 * one of them shows it, and a parent's breakdown the sum of its units' shown month cells; every bad
 * parameter (days, weeks, a month not yet reported, more than 36 months) named as `query.x`; an
 * unknown node 404; late paper answers typed in through the API landing in the month they were given
 * after the next run, that month refused until no answer given in it can be typed in any more and
 * reported the day after; repeated and overlapping runs leaving every figure unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { nps } from '#shared/reporting/nps.ts';
import { postJson, startTestStack } from '../../support/local-stack.ts';
import { allNodes, getJson, STATEMENTS, storedAnswer, token, writeAnswers, startAggregationAt, type AnswerSpec } from './report-data.ts';

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
  // April, synced late too: metsakyla-ta's 8 web promoters, shown in April (alone in its service),
  // while in May the unit is hidden as rantala-ta's complement.
  ...many(8, '2026-04-15', { unitId: 'metsakyla-ta', channel: 'web', nps: 10, receivedAt: '2026-05-10T09:00:00Z' }),
];

beforeAll(async () => {
  stack = await startTestStack();
  // 1 July: May is the newest month the reports cover. It ended 31 days ago, so no late paper answer
  // given in it can be typed in any more; June ended yesterday and may still receive them.
  stack.clock.set('2026-07-01T12:00:00+03:00');
  await writeAnswers(stack, data);
  await startAggregationAt(stack, '2026-05-04T00:00:00Z');
  await stack.scheduler.run('aggregate');
  bearer = await token(stack, ['esimerkki']);
});
afterAll(() => stack?.close());

/** The 95 % interval of the given buckets, from the domain maths the API must use. */
const ci = (promoters: number, passives: number, detractors: number) => nps({ promoters, passives, detractors }).ci95;

const get = (path: string) => getJson<Record<string, unknown>>(stack, path, bearer);

/** The whole 400 body of a query with exactly these issues. */
const invalid = (...issues: { path: string; message: string }[]) => ({
  error: { code: 'validation_failed', message: 'The query is not valid.', issues },
});
/** The issue of a range reaching past May, the newest month reported from 1 to 30 July. */
const afterMay = {
  path: 'query.to',
  message: 'must not be after 2026-05-31: a month is reported once it has closed and late paper answers can no longer change it',
};

describe('GET /api/reports/nps', () => {
  it('answers the monthly series (the default granularity) and the exact total in the documented shape', async () => {
    const r = await get('/api/reports/nps?node=keskusta-ta&from=2026-03-01&to=2026-05-31');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      node: 'keskusta-ta',
      granularity: 'month',
      from: '2026-03-01',
      to: '2026-05-31',
      series: [
        { period: '2026-03', n: 40, promoters: 40, passives: 0, detractors: 0, nps: 100, ci95: ci(40, 0, 0) },
        { period: '2026-04', n: 0, promoters: 0, passives: 0, detractors: 0, nps: null, ci95: null },
        { period: '2026-05', n: 26, promoters: 18, passives: 5, detractors: 3, nps: 58, ci95: ci(18, 5, 3) },
      ],
      // Shown in every month of the range (zero as zero in April), so the total is shown: their sum.
      total: { period: '2026-03-01..2026-05-31', n: 66, promoters: 58, passives: 5, detractors: 3, nps: 83, ci95: ci(58, 5, 3) },
    });
  });

  it('lists every month of the range, the total being exactly their sum', async () => {
    // Replaces "lists whole ISO weeks and months overlapping the range": a range is whole months now,
    // and granularity=week is refused (see "bad requests").
    const r = await get('/api/reports/nps?node=esimerkki&from=2026-02-01&to=2026-05-31&granularity=month');
    expect((r.body.series as { period: string; n: number }[]).map((s) => [s.period, s.n])).toEqual([
      ['2026-02', 0],
      ['2026-03', 85],
      ['2026-04', 8],
      ['2026-05', 36],
    ]);
    expect(r.body.total).toEqual({
      period: '2026-02-01..2026-05-31',
      n: 129,
      promoters: 102,
      passives: 18,
      detractors: 9,
      nps: 72,
      ci95: ci(102, 18, 9),
    });
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
      total: { period: '2026-05-01..2026-05-31', n: 36, promoters: 18, passives: 12, detractors: 6, nps: 33, ci95: ci(18, 12, 6) },
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
    const march = await get(`/api/reports/nps?node=ikaantyneet&${MARCH}`);
    expect(march.status).toBe(200);
    expect(march.body.series).toEqual([{ period: '2026-03', suppressed: true }]);
    expect(march.body.total).toEqual({ period: P, suppressed: true });
    // Over February–April the month holding 10 March is hidden, the empty ones show zero, and the
    // total is hidden with March.
    const around = await get('/api/reports/nps?node=ikaantyneet&from=2026-02-01&to=2026-04-30');
    const zero = { n: 0, promoters: 0, passives: 0, detractors: 0, nps: null, ci95: null };
    expect(around.body.series).toEqual([
      { period: '2026-02', ...zero },
      { period: '2026-03', suppressed: true },
      { period: '2026-04', ...zero },
    ]);
    expect(around.body.total).toEqual({ period: '2026-02-01..2026-04-30', suppressed: true });
    const statements = await get(`/api/reports/statements?node=ikaantyneet&${MARCH}`);
    expect((statements.body.statements as { suppressed?: true }[]).every((s) => s.suppressed)).toBe(true);
    for (const by of ['channel', 'role']) {
      const b = await get(`/api/reports/breakdown?node=ikaantyneet&${MARCH}&by=${by}`);
      expect(b.body.total).toEqual({ period: P, suppressed: true });
      expect(b.body.hiddenN, by).toBeNull();
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

  it('decides month by month: over May alone ikaantyneet shows (zero as zero), over March–May it stays hidden with March', async () => {
    const may = await get('/api/reports/nps?node=ikaantyneet&from=2026-05-01&to=2026-05-31&granularity=month');
    expect(may.body.total).toEqual({
      period: '2026-05-01..2026-05-31',
      n: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      nps: null,
      ci95: null,
    });
    const spring = await get('/api/reports/children?node=esimerkki&from=2026-03-01&to=2026-05-31');
    expect(hiddenIds(spring.body.children as never)).toEqual(['sosiaali', 'ikaantyneet']);
  });
});

describe('figures over several months', () => {
  const AM = 'from=2026-04-01&to=2026-05-31';
  const P = '2026-04-01..2026-05-31';

  it('hides a total over two months when the node is hidden in one of them, while the series shows the other', async () => {
    // metsakyla-ta: 8 answers in April, shown; 7 in May, hidden as rantala-ta's complement. Shown, the
    // total (15) minus April's 8 would give May's hidden 7.
    const r = await get(`/api/reports/nps?node=metsakyla-ta&${AM}`);
    expect(r.body).toEqual({
      node: 'metsakyla-ta',
      granularity: 'month',
      from: '2026-04-01',
      to: '2026-05-31',
      series: [
        { period: '2026-04', n: 8, promoters: 8, passives: 0, detractors: 0, nps: 100, ci95: ci(8, 0, 0) },
        { period: '2026-05', suppressed: true },
      ],
      total: { period: P, suppressed: true },
    });
    // The same cell in its parent's children, over the two months and over April alone.
    const children = await get(`/api/reports/children?node=terveysasemat&${AM}`);
    expect(children.body.total).toEqual({ period: P, n: 44, promoters: 26, passives: 12, detractors: 6, nps: 45, ci95: ci(26, 12, 6) });
    expect((children.body.children as { node: string; n?: number; suppressed?: true }[]).map((c) => [c.node, c.n ?? c.suppressed])).toEqual(
      [
        ['keskusta-ta', 26],
        ['rantala-ta', true],
        ['metsakyla-ta', true],
      ],
    );
    const april = await get('/api/reports/children?node=terveysasemat&from=2026-04-01&to=2026-04-30');
    expect((april.body.children as { node: string; n?: number }[]).map((c) => [c.node, c.n])).toEqual([
      ['keskusta-ta', 0],
      ['rantala-ta', 0],
      ['metsakyla-ta', 8],
    ]);
    // Its statements, hidden in May with the unit, are hidden over the two months (zeros too).
    const statements = await get(`/api/reports/statements?node=metsakyla-ta&${AM}`);
    expect((statements.body.statements as { id: string; suppressed?: true }[]).map((s) => [s.id, s.suppressed])).toEqual(
      STATEMENTS.map((id) => [id, true]),
    );
  });

  it('breaks a parent down as the sum of its units’ shown cells, month by month, hiddenN counting the rest', async () => {
    const zero = { n: 0, promoters: 0, passives: 0, detractors: 0, nps: null, ci95: null };
    const channel = await get(`/api/reports/breakdown?node=terveysasemat&${AM}&by=channel`);
    expect(channel.body).toEqual({
      node: 'terveysasemat',
      from: '2026-04-01',
      to: '2026-05-31',
      by: 'channel',
      total: { period: P, n: 44, promoters: 26, passives: 12, detractors: 6, nps: 45, ci95: ci(26, 12, 6) },
      // Web: keskusta-ta's 20 in May and metsakyla-ta's 8 in April; not metsakyla-ta's 7 in May (the
      // unit is hidden). QR holds rantala-ta's 3 only: answers, none shown. SMS and kiosk are hidden
      // within keskusta-ta.
      hiddenN: 16,
      groups: [
        { group: 'web', period: P, n: 28, promoters: 20, passives: 5, detractors: 3, nps: 61, ci95: ci(20, 5, 3) },
        { group: 'qr', period: P, suppressed: true },
        { group: 'sms', period: P, suppressed: true },
        { group: 'kiosk', period: P, suppressed: true },
        { group: 'paper', period: P, ...zero },
        { group: 'oral', period: P, ...zero },
      ],
    });
    const role = await get(`/api/reports/breakdown?node=terveysasemat&${AM}&by=role`);
    expect(role.body.hiddenN).toBe(10);
    expect(role.body.groups).toEqual([
      { group: 'client', period: P, n: 21, promoters: 18, passives: 0, detractors: 3, nps: 71, ci95: ci(18, 0, 3) },
      { group: 'relative', period: P, n: 5, promoters: 0, passives: 5, detractors: 0, nps: 0, ci95: ci(0, 5, 0) },
      { group: 'unspecified', period: P, n: 8, promoters: 8, passives: 0, detractors: 0, nps: 100, ci95: ci(8, 0, 0) },
    ]);

    // The same from the units' own breakdowns, month by month: every figure of the parent (and of the
    // service area above it, which holds no other answers) is their shown cells added up.
    type Group = { group: string; suppressed?: true } & Partial<Record<'n' | 'promoters' | 'passives' | 'detractors', number>>;
    for (const by of ['channel', 'role'] as const) {
      const sums = new Map<string, [number, number, number, number]>();
      for (const month of ['from=2026-04-01&to=2026-04-30', 'from=2026-05-01&to=2026-05-31'])
        for (const unit of ['keskusta-ta', 'rantala-ta', 'metsakyla-ta']) {
          const b = await get(`/api/reports/breakdown?node=${unit}&${month}&by=${by}`);
          for (const g of b.body.groups as Group[]) {
            if (g.suppressed) continue;
            const s = sums.get(g.group) ?? [0, 0, 0, 0];
            sums.set(g.group, [s[0] + g.n!, s[1] + g.promoters!, s[2] + g.passives!, s[3] + g.detractors!]);
          }
        }
      for (const node of ['terveysasemat', 'terveys']) {
        const parent = await get(`/api/reports/breakdown?node=${node}&${AM}&by=${by}`);
        const groups = parent.body.groups as Group[];
        const shown = groups.filter((g) => !g.suppressed);
        expect(
          shown.map((g) => [g.group, g.n, g.promoters, g.passives, g.detractors]),
          `${node} ${by}`,
        ).toEqual(shown.map((g) => [g.group, ...sums.get(g.group)!]));
        // A group hidden at the parent has no shown cell in any unit and month.
        for (const g of groups.filter((x) => x.suppressed)) expect(sums.get(g.group)?.[0] ?? 0, `${node} ${g.group}`).toBe(0);
        expect(parent.body.hiddenN, `${node} ${by}`).toBe(44 - shown.reduce((s, g) => s + g.n!, 0));
      }
    }
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
      // SMS 3 and kiosk 3.
      hiddenN: 6,
      groups: [
        { group: 'web', period: p, n: 20, promoters: 12, passives: 5, detractors: 3, nps: 45, ci95: ci(12, 5, 3) },
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
    expect(r.body.hiddenN).toBe(0);
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
    ['/api/reports/nps?from=2026-05-01&to=2026-05-31', 'query.node'],
    ['/api/reports/nps?node=terveys&from=2026-5-1&to=2026-05-31', 'query.from'],
    ['/api/reports/nps?node=terveys&from=2026-05-01&to=2026-02-30', 'query.to'],
    ['/api/reports/nps?node=terveys&from=2026-05-01&to=2026-04-30', 'query.to'],
    ['/api/reports/nps?node=terveys&from=2020-01-01&to=2026-05-31', 'query.to'],
    ['/api/reports/nps?node=terveys&from=2026-05-01&to=2026-05-31&granularity=hour', 'query.granularity'],
    ['/api/reports/statements?node=terveys&from=2026-05-01', 'query.to'],
    ['/api/reports/children?node=&from=2026-05-01&to=2026-05-31', 'query.node'],
    ['/api/reports/breakdown?node=terveys&from=2026-05-01&to=2026-05-31&by=age', 'query.by'],
  ])('%s → 400 naming %s', async (path, field) => {
    const r = await get(path);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      error: { code: 'validation_failed', issues: expect.arrayContaining([expect.objectContaining({ path: field })]) },
    });
  });

  it.each(['nps', 'statements', 'children', 'breakdown?by=channel&'])(
    'refuses a range not starting on the first of a month (%s)',
    async (report) => {
      const path = report.includes('?') ? report : `${report}?`;
      const r = await get(`/api/reports/${path}node=terveys&from=2026-05-02&to=2026-05-31`);
      expect([r.status, r.body]).toEqual([
        400,
        invalid({ path: 'query.from', message: 'must be the first day of a month: reports cover whole months' }),
      ]);
    },
  );

  it('refuses a range not ending on the last day of a month', async () => {
    const r = await get('/api/reports/children?node=terveys&from=2026-04-01&to=2026-05-30');
    expect([r.status, r.body]).toEqual([
      400,
      invalid({ path: 'query.to', message: 'must be the last day of a month: reports cover whole months' }),
    ]);
  });

  it('refuses a range ending in the current month, naming the last day that may be asked', async () => {
    for (const from of ['2026-05-01', '2026-06-01', '2026-07-01']) {
      const r = await get(`/api/reports/nps?node=terveys&from=${from}&to=2026-07-31`);
      expect([r.status, r.body], from).toEqual([400, invalid(afterMay)]);
    }
  });

  it('refuses a range ending in a month that has closed but may still receive late paper answers', async () => {
    // On 1 July June has ended, but an answer given on its last evening may be typed in until 30 July
    // (see "aggregation runs" for the day it is reported).
    for (const from of ['2026-05-01', '2026-06-01']) {
      const r = await get(`/api/reports/nps?node=terveys&from=${from}&to=2026-06-30`);
      expect([r.status, r.body], from).toEqual([400, invalid(afterMay)]);
    }
  });

  it.each(['week', 'day'])('refuses granularity=%s: months are the smallest period reported', async (g) => {
    const r = await get(`/api/reports/nps?node=terveys&from=2026-05-01&to=2026-05-31&granularity=${g}`);
    expect([r.status, r.body]).toEqual([400, invalid({ path: 'query.granularity', message: 'Invalid input: expected "month"' })]);
  });

  it('refuses 37 months and answers 36', async () => {
    const long = await get('/api/reports/nps?node=terveys&from=2023-05-01&to=2026-05-31');
    expect([long.status, long.body]).toEqual([400, invalid({ path: 'query.to', message: 'the range may be at most 36 months' })]);
    const longest = await get('/api/reports/nps?node=terveys&from=2023-06-01&to=2026-05-31');
    expect(longest.status).toBe(200);
    const series = longest.body.series as { period: string }[];
    expect([series.length, series[0]!.period, series.at(-1)!.period]).toEqual([36, '2023-06', '2026-05']);
  });

  it.each(['nps', 'statements', 'children'])('answers 404 naming query.node for an unknown node (%s)', async (report) => {
    const r = await get(`/api/reports/${report}?node=nowhere&from=2026-05-01&to=2026-05-31`);
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
  /** Every report of every node for March–May, as the API answers it. */
  async function everything(): Promise<string> {
    const out: unknown[] = [];
    for (const n of allNodes(config)) {
      for (const path of [
        `/api/reports/nps?node=${n.id}&from=2026-03-01&to=2026-05-31&granularity=month`,
        `/api/reports/children?node=${n.id}&from=2026-03-01&to=2026-05-31`,
        `/api/reports/breakdown?node=${n.id}&from=2026-03-01&to=2026-05-31&by=channel`,
        `/api/reports/statements?node=${n.id}&from=2026-03-01&to=2026-05-31`,
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

  it('puts late paper answers typed in by staff in the month they were given, reported once no more can be typed in', async () => {
    const token = await stack.auth.issue(['feedback:enter'], ['keskusta-ta']);
    // Typed in on 1 July, given in June: the earliest 29 days before (within the 30 days allowed), the
    // latest on the last evening of June.
    const given = [
      ['2026-06-02T09:00:00+03:00', 10],
      ['2026-06-12T16:30:00+03:00', 0],
      ['2026-06-12T16:45:00+03:00', 9],
      ['2026-06-20T11:00:00+03:00', 10],
      ['2026-06-30T23:30:00+03:00', 7],
    ] as const;
    for (const [answeredAt, score] of given) {
      const sent = await postJson(
        stack,
        '/api/feedback/entries',
        { unitId: 'keskusta-ta', channel: 'paper', lang: 'fi', answers: { nps: score }, answeredAt },
        { authorization: `Bearer ${token}` },
      );
      expect(sent.status, answeredAt).toBe(201);
    }
    // Time moves on to the next scheduled run.
    stack.clock.set('2026-07-01T12:15:00+03:00');
    await stack.scheduler.run('aggregate');
    const months = () => get('/api/reports/nps?node=keskusta-ta&from=2026-05-01&to=2026-06-30');
    // June is refused while an answer given in it may still be typed in: through 30 July.
    for (const now of ['2026-07-01T12:15:00+03:00', '2026-07-30T23:59:00+03:00']) {
      stack.clock.set(now);
      const r = await months();
      expect([r.status, r.body], now).toEqual([400, invalid(afterMay)]);
    }
    // The day after, June is reported, every answer given in it already there: it will not change.
    stack.clock.set('2026-07-31T00:00:30+03:00');
    const after = await months();
    expect(after.status).toBe(200);
    expect(after.body.series).toEqual([
      { period: '2026-05', n: 26, promoters: 18, passives: 5, detractors: 3, nps: 58, ci95: ci(18, 5, 3) },
      { period: '2026-06', n: 5, promoters: 3, passives: 1, detractors: 1, nps: 40, ci95: ci(3, 1, 1) },
    ]);
    expect(after.body.total).toEqual({
      period: '2026-05-01..2026-06-30',
      n: 31,
      promoters: 21,
      passives: 6,
      detractors: 4,
      nps: 55,
      ci95: ci(21, 6, 4),
    });
    const region = await get('/api/reports/nps?node=esimerkki&from=2026-06-01&to=2026-06-30&granularity=month');
    expect(region.body.series).toEqual([{ period: '2026-06', n: 5, promoters: 3, passives: 1, detractors: 1, nps: 40, ci95: ci(3, 1, 1) }]);
    // Not in the month they arrived (July), once July is reported too, after another run.
    stack.clock.set('2026-08-31T09:00:00+03:00');
    await stack.scheduler.run('aggregate');
    const july = await get('/api/reports/nps?node=keskusta-ta&from=2026-06-01&to=2026-07-31');
    expect((july.body.series as { period: string; n: number }[]).map((s) => [s.period, s.n])).toEqual([
      ['2026-06', 5],
      ['2026-07', 0],
    ]);
  });
});
